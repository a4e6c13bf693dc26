import Foundation
import GeoKit
import AnalysisKit
import ScoringKit

/// What a run is asked to do. Defaults follow the basin folder's conventions.
public struct RunOptions: Sendable {
    public var basinDirectory: URL
    /// Inventories; empty means the basin's example inventory (`sites.csv` in the basin folder).
    public var siteFiles: [URL] = []
    public var outputDirectory: URL
    /// Scoring rules; nil means `scoring.json` in the basin folder.
    public var rulesFile: URL? = nil
    public var strict = false
    public var parameters = AnalysisParameters()
    public var riverVelocityMS: Double? = nil
    public var reservoirVelocityMS: Double? = nil
    /// CRS for x/y columns when an inventory does not name one.
    public var defaultCRS: String? = nil
    public var csvBOM = false
    /// Rank by the index with its stand-ins at their least severe, stated (default) or most severe values.
    public var rankBy: StandInView = .default
    public var tracesToOutlet = false
    /// traces.geojson and zones.geojson hold the paths of at most this many sites, highest risk first
    /// (a path is hundreds of vertices: a million flagged sites would make gigabytes).
    public var traceLimit = 5_000
    /// The SVG map draws at most this many sites individually (the most hazardous) and aggregates the rest.
    public var mapMaxSites = 400
    public var writeMap = true
    /// Data date printed on the map (e.g. the inventory's date). Not the clock: outputs stay reproducible.
    public var mapDate = ""
    /// Map page in millimetres (A3 landscape by default) and its margin.
    public var mapPageMM = (width: 420.0, height: 297.0)
    public var mapMarginMM = 12.0
    public var workers = ProcessInfo.processInfo.activeProcessorCount

    public init(basinDirectory: URL, outputDirectory: URL) {
        self.basinDirectory = basinDirectory
        self.outputDirectory = outputDirectory
    }
}

/// Exit statuses of the `basinmap` command (documented in its --help and the README).
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// A basin, inventory or rules file could not be read or is malformed; nothing was written.
    case dataError = 1
    /// --strict and at least one record was rejected (outputs are still written).
    case rejectsInStrictMode = 3
    /// Bad command-line usage (swift-argument-parser's validation status).
    case usage = 64
}

public struct PipelineError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
