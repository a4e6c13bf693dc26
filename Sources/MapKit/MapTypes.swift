import Foundation
import GeoKit
import BasinKit
import AnalysisKit

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
    /// How many of the highest-ranked sites are always named: beside the symbol, at the end of a leader
    /// line, or as a numbered marker with the name in the list on the sheet.
    public var labelCount: Int = 15
    /// The language of every word on the sheet (`MapWords.supported`); basin names from basin.json.
    public var language: String = "en"
    public init() {}
}

public struct MapRendering: Sendable {
    public var svg: String
    public var drawnSites: Int
    public var aggregatedSites: Int
    /// Sites the map was asked to name and could not (no place, no leader, no number), most important
    /// first. Every one is a top-N site, so any entry is a renderer error (tests keep it empty).
    public var droppedLabels: [String]
    /// How the top-N sites were named: names placed (beside the symbol or on a leader), of those on a
    /// leader line, and numbered markers listed on the sheet.
    public var labelsPlaced = 0, leaderLines = 0, numberedMarkers = 0
    public init(svg: String, drawnSites: Int, aggregatedSites: Int, droppedLabels: [String]) {
        self.svg = svg; self.drawnSites = drawnSites; self.aggregatedSites = aggregatedSites; self.droppedLabels = droppedLabels
    }
}

/// One site as the map needs it: plain values, already scored and ranked by the caller.
public struct MapSite: Sendable {
    public var id: String
    public var name: String
    /// "tailings" or "other" (anything not "tailings" is drawn as "other").
    public var kind: String
    /// lon/lat, WGS84.
    public var position: Coordinate
    /// 1 = highest risk; drawing order, individual-vs-aggregated and labelling follow it.
    public var rank: Int
    /// The index the class comes from, e.g. "TRI"; matched against `LegendIndex.index`.
    public var index: String?
    public var value: Double?
    /// nil = not scored (drawn grey).
    public var className: String?
    /// Position of the class in its index's class list (0 = lowest); used when `className` is not in the legend.
    public var classRank: Int?
    /// yes: ringed; unknown: a dashed grey ring with a question mark (never the "no impact" look); no: no ring.
    public var transboundary: TransboundaryState
    /// The class would change with the stand-ins at the ends of their ranges: marked with a small ring.
    public var classMayChange: Bool
    public init(id: String, name: String, kind: String, position: Coordinate, rank: Int, index: String?, value: Double?,
                className: String?, classRank: Int?, transboundary: TransboundaryState, classMayChange: Bool = false) {
        self.id = id; self.name = name; self.kind = kind; self.position = position; self.rank = rank; self.index = index
        self.value = value; self.className = className; self.classRank = classRank; self.transboundary = transboundary
        self.classMayChange = classMayChange
    }
}

/// The classes of one index as the legend shows them.
public struct LegendIndex: Sendable {
    public var index: String
    public var title: String
    /// Ascending; the first lowerBound is -infinity.
    public var classes: [(name: String, lowerBound: Double)]
    /// How the bounds were chosen, e.g. "fixed thresholds from scoring.json (BasinMap assumptions)".
    public var method: String
    public init(index: String, title: String, classes: [(name: String, lowerBound: Double)], method: String) {
        self.index = index; self.title = title; self.classes = classes; self.method = method
    }
}

/// Everything the hazard map draws.
public struct MapInput: Sendable {
    public var basin: Basin
    /// Any order: the renderer sorts by rank.
    public var sites: [MapSite]
    /// Downstream paths (lon/lat) of transboundary sites to their first border crossing.
    public var traces: [[Coordinate]]
    /// Runout river reaches (lon/lat).
    public var zones: [[Coordinate]]
    public var legend: [LegendIndex]
    public var inventoryName: String
    public var toolVersion: String
    public init(basin: Basin, sites: [MapSite], traces: [[Coordinate]], zones: [[Coordinate]], legend: [LegendIndex],
                inventoryName: String, toolVersion: String) {
        self.basin = basin; self.sites = sites; self.traces = traces; self.zones = zones; self.legend = legend
        self.inventoryName = inventoryName; self.toolVersion = toolVersion
    }
}

public enum MapError: Error, CustomStringConvertible, Equatable {
    case badOptions(String)
    public var description: String {
        switch self { case .badOptions(let s): "map options: \(s)" }
    }
}
