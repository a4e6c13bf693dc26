import Foundation
import GeoKit


/// Page and content options of the hazard map.
public struct MapOptions: Sendable {
    /// Page size in millimetres (A3 landscape by default).
    public var pageWidthMM: Double = 420
    public var pageHeightMM: Double = 297
    public var marginMM: Double = 12
    /// At most this many sites are drawn individually (highest risk first); the rest are aggregated.
    public var maxSites: Int = 400
    public var title: String? = nil
    /// Date printed in the subtitle (the data date; defaults to the run's date given by the caller).
    public var date: String = ""
    public init() {}
}

public struct MapRendering: Sendable {
    public var svg: String
    public var drawnSites: Int
    public var aggregatedSites: Int
    /// Labels that could not be placed without collision, most important first.
    public var droppedLabels: [String]
}
