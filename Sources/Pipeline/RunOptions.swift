import Foundation
import GeoKit
import AnalysisKit
import SiteKit
import OutputKit
import ScoringKit

/// What a run is asked to do. Defaults follow the basin folder's conventions.
public struct RunOptions: Sendable {
    public var basinDirectory: URL
    /// Inventories; empty means the basin's example inventory (`sites.csv` in the basin folder).
    public var siteFiles: [URL] = []
    public var outputDirectory: URL
    /// Scoring rules; nil means `scoring.json` in the basin folder.
    public var rulesFile: URL? = nil
    /// Any reject or inventory warning (record or file) makes the run exit with `strictFindings`.
    public var strict = false
    /// The user's header -> field mapping (--columns FILE), loaded by the command.
    public var columns: ColumnMapping? = nil
    public var parameters = AnalysisParameters()
    public var riverVelocityMS: Double? = nil
    public var reservoirVelocityMS: Double? = nil
    /// CRS for x/y columns when an inventory does not name one.
    public var defaultCRS: String? = nil
    /// Text encoding of the inventories (--encoding); nil detects it.
    public var encoding: TextEncoding? = nil
    /// The one sheet of each workbook (--sheet) and layer of each GIS dataset (--layer) to read; nil reads all.
    public var sheet: String? = nil
    public var layer: String? = nil
    /// Each InventoryOptions a command builds gets the sheet and layer asked for.
    public func withSelection(_ o: InventoryOptions) -> InventoryOptions { var o = o; o.sheet = sheet; o.layer = layer; return o }
    public var csvBOM = false
    /// Cell separator of sites.csv and rejects.csv, and whether numbers there use a decimal comma.
    public var csvDelimiter = UInt8(ascii: ",")
    public var decimalComma = false
    public var csvFormat: CSVFormat { CSVFormat(delimiter: csvDelimiter, decimalComma: decimalComma, bom: csvBOM) }
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
    /// The map always names this many of the highest-ranked sites (`--labels`).
    public var mapLabels = 15
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// report.html and the map: written by every run, in this language (`--lang`, a file in ReportKit's and
    /// MapKit's Resources/lang; basin names from basin.json).
    public var writeReport = true
    public var reportLanguage = "en"
    /// The report's table and sheets hold at most this many sites, highest risk first (each sheet is a
    /// printed page; the site tables hold every site).
    public var reportMaxSites = 1_000
    /// The spill alarm model (alarms.csv, the GeoPackage's alarms table, the per-site alarm fields and
    /// charts), on whenever the basin folder has its hydrology data.
    public var writeAlarms = true
    /// Discharge at the time: a regime declared in hydrology.json (nil: mean), or a ratio to Qa.
    public var alarmFlow: String? = nil
    public var alarmQRatio: Double? = nil
    public var alarmDecayPerDay = 0.0
    /// Concentration charts (alarm-chart-NNN-<id>.svg, NNN the rank) for this many of the highest-ranked traced sites.
    public var alarmCharts = 20

    /// The GIS formats written (--format): the site table and the context layers in each; sites.csv is the
    /// flat table. report.html is made from sites.geojson, so a run without geojson writes no report.
    public var formats: Set<OutputFormat> = Set(OutputFormat.defaults)

    public init(basinDirectory: URL, outputDirectory: URL) {
        self.basinDirectory = basinDirectory
        self.outputDirectory = outputDirectory
    }
}

/// An output format a run can write (`--format`, several allowed).
public enum OutputFormat: String, CaseIterable, Sendable {
    /// sites.geojson and one GeoJSON file per context layer (RFC 7946), with sites.qml.
    case geojson
    /// basinmap.gpkg: every layer in one OGC GeoPackage, each with its QGIS style as default.
    case gpkg
    /// sites.csv: the flat site table (the report's columns).
    case csv
    /// shapefiles/: one Shapefile per layer for ArcGIS (10-byte field names, field-names.csv, UTF-8 .cpg).
    case shp

    public static let defaults: [OutputFormat] = [.geojson, .gpkg, .csv]

    /// Parses a comma-separated list such as "gpkg,csv"; nil names what is not a format.
    public static func parseList(_ s: String) -> (formats: Set<OutputFormat>, unknown: [String]) {
        var f = Set<OutputFormat>(), unknown: [String] = []
        for part in s.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            if let x = OutputFormat(rawValue: part) { f.insert(x) } else { unknown.append(part) }
        }
        return (f, unknown)
    }
}

/// Exit statuses of the `basinmap` command (documented in its --help and the README). Each means one thing.
public enum ExitStatus: Int32, Sendable {
    /// Outputs written; without --strict, rejects and warnings are reported but do not fail the run.
    case success = 0
    /// A basin, inventory, rules or --columns file could not be read or is malformed, or an inventory
    /// yielded no record at all (empty, a spreadsheet, an unknown encoding, no header); nothing was written.
    case dataError = 1
    /// --strict and the inventories gave at least one reject or warning (a record's or a file's);
    /// outputs are still written, so the reasons can be read in rejects.csv and sites.csv.
    case strictFindings = 3
    /// Another run holds the output folder (sysexits' EX_TEMPFAIL: try again later).
    case outputBusy = 75
    /// Bad command-line usage (swift-argument-parser's validation status).
    case usage = 64

    /// The old name of `strictFindings`.
    public static let rejectsInStrictMode = ExitStatus.strictFindings

    /// The status --strict gives for what the inventories produced.
    public static func forInventory(strict: Bool, rejects: Int, warnings: Int) -> ExitStatus {
        strict && (rejects > 0 || warnings > 0) ? .strictFindings : .success
    }
}

public struct PipelineError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
