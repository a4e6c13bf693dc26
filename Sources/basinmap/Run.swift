import ArgumentParser
import Foundation
import AnalysisKit
import ScoringKit
import Pipeline
import GeoKit
import SiteKit
import ReportKit

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest, analyse, score and write every output for a basin.",
        discussion: """
        Reads the basin folder and the inventories (default: the basin's example sites.csv), analyses each
        accepted site and writes into --out: sites.geojson (+ sites.qml style), footprints.geojson,
        traces.geojson, zones.geojson, rivers/borders/countries/lakes.geojson, basinmap.gpkg (all of these
        layers in one GeoPackage, each styled for QGIS), sites.csv, rejects.csv, summary.json,
        hazard-map.svg and report.html (--lang); --format picks among geojson, gpkg and csv. The folder is replaced as one set: a run
        that fails or is killed leaves the previous run's files, whole; files of an earlier run that
        this one does not write (the map after --no-map) are removed; other files are kept. A second
        run into a folder that a run is writing fails at once (exit status 75). A one-screen summary is
        printed at the end; progress goes to stderr.

        Exit status: 0 outputs written (without --strict, rejects and warnings do not change it);
        1 a basin, inventory, rules or --columns file missing or malformed, nothing written;
        3 --strict and at least one reject or inventory warning, outputs written; 64 usage error;
        75 another run is writing into the --out folder.
        """)

    @Argument(help: "The basin folder, e.g. Basins/syr-darya.")
    var basin: String

    @Option(name: .long, parsing: .upToNextOption, help: "Inventory files (CSV or GeoJSON). Default: <basin>/sites.csv.")
    var sites: [String] = []

    @Option(name: .long, help: "Output folder.")
    var out: String = "Output/run"

    @Option(name: .long, help: "Scoring rules file. Default: <basin>/scoring.json.")
    var rules: String?

    @Flag(name: .long, help: "Exit with status 3 when any record is rejected or any inventory warning is given (records with warnings are rejected).")
    var strict = false

    @Option(name: .customLong("border-km"), parsing: .unconditional, help: "Border proximity threshold, km (default 5).")
    var borderKm: Double?

    @Option(name: .customLong("water-path-km"), parsing: .unconditional, help: "Water-path flag threshold, km (default 50).")
    var waterPathKm: Double?

    @OptionGroup var flow: FlowOptions
    @OptionGroup var inventory: InventoryInputOptions
    @OptionGroup var csv: CSVWriteOptions

    @Flag(name: .customLong("traces-to-outlet"), help: "Trace flagged sites to the basin outlet instead of the first crossing.")
    var tracesToOutlet = false

    @Option(name: .customLong("trace-limit"), help: "traces.geojson/zones.geojson hold the paths of at most this many flagged sites, highest risk first.")
    var traceLimit: Int = 5_000

    @Option(name: .customLong("map-sites"), help: "Sites drawn individually on the map (highest risk first); the rest are aggregated.")
    var mapSites: Int = 400

    @Option(name: .long, help: "Data date printed on the map, e.g. 2026-11 (the run never prints the clock, so outputs stay reproducible).")
    var date: String = ""

    @Option(name: .long, help: "Map page: A3, A4 (landscape) or WIDTHxHEIGHT in mm, e.g. 594x420.")
    var page: String = "A3"

    @Option(name: .long, help: "Sites always named on the map, highest risk first: beside the symbol, at the end of a leader line, or as a numbered marker listed on the sheet (default 15).")
    var labels: Int = 15

    @Option(name: .long, help: "Map page margin, mm.")
    var margin: Double = 12

    @Option(name: .customLong("rank-by"), help: "Rank by each index with its stand-ins (defaults for missing inputs) at their least severe (low), stated (default, precautionary) or most severe (high) values.")
    var rankBy: String = "default"

    @Flag(name: .customLong("no-map"), help: "Do not render hazard-map.svg.")
    var noMap = false

    @Option(name: .long, help: "Output formats, comma-separated: geojson (sites.geojson, the context layers, sites.qml), gpkg (basinmap.gpkg: every layer, styled for QGIS), csv (sites.csv), shp (shapefiles/: one Shapefile per layer for ArcGIS, 10-byte field names mapped in field-names.csv). Default geojson,gpkg,csv. report.html needs geojson.")
    var format: String = OutputFormat.defaults.map(\.rawValue).joined(separator: ",")

    @Option(name: .long, help: "Language of report.html and hazard-map.svg: \(Lang.supported.joined(separator: " or ")) (default en).")
    var lang: String = "en"

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    @OptionGroup(title: "Spill alarm model") var alarms: RunAlarmOptions

    // The numeric options take their value unconditionally, so `--border-km -1` gets the range message
    // below rather than "missing value".
    func validate() throws {
        for (name, v) in [("--border-km", borderKm), ("--water-path-km", waterPathKm)] {
            if let v, !(v >= 0) || !v.isFinite { throw ValidationError("\(name) must be a distance >= 0 km, got \(v)") }
        }
        if mapSites < 0 { throw ValidationError("--map-sites must be >= 0") }
        if labels < 0 { throw ValidationError("--labels must be >= 0") }
        if StandInView(rawValue: rankBy) == nil { throw ValidationError("--rank-by expects low, default or high, got '\(rankBy)'") }
        if pageSize() == nil { throw ValidationError("--page expects A3, A4 or WIDTHxHEIGHT in mm (e.g. 594x420), got '\(page)'") }
        if !(margin >= 0 && margin < 50) { throw ValidationError("--margin must be between 0 and 50 mm") }
        let f = OutputFormat.parseList(format)
        if !f.unknown.isEmpty || f.formats.isEmpty {
            throw ValidationError("--format expects a comma-separated list of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(format)'")
        }
        if !Lang.supported.contains(lang) { throw ValidationError("--lang expects \(Lang.supported.joined(separator: " or ")), got '\(lang)'") }
    }

    func pageSize() -> (width: Double, height: Double)? {
        switch page.uppercased() {
        case "A3": return (420, 297)
        case "A4": return (297, 210)
        default:
            let p = page.lowercased().split(separator: "x").compactMap { Double($0) }
            guard p.count == 2, p[0] > 0, p[1] > 0 else { return nil }
            return (p[0], p[1])
        }
    }

    func options() throws -> RunOptions {
        var o = RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: out))
        o.siteFiles = sites.map { URL(fileURLWithPath: $0) }
        o.rulesFile = rules.map { URL(fileURLWithPath: $0) }
        o.strict = strict
        try inventory.apply(to: &o)
        flow.apply(to: &o)
        csv.apply(to: &o)
        if let v = borderKm { o.parameters.borderProximityM = v * 1000 }
        if let v = waterPathKm { o.parameters.waterPathMaxDistanceM = v * 1000 }
        o.rankBy = StandInView(rawValue: rankBy) ?? .default
        o.tracesToOutlet = tracesToOutlet
        o.traceLimit = max(0, traceLimit)
        o.mapMaxSites = mapSites
        o.writeMap = !noMap
        o.mapDate = date
        o.mapPageMM = pageSize() ?? (420, 297)
        o.mapMarginMM = margin
        o.mapLabels = labels
        o.reportLanguage = lang
        o.formats = OutputFormat.parseList(format).formats
        alarms.apply(to: &o)
        return o
    }


    func run() async throws {
        let progress = ProgressReporter(mode: quiet ? .quiet : .auto)
        let report: RunReport
        let options = try options()
        do { report = try await Pipeline.run(options, progress: progress) } catch let e as OutputFolderBusy {
            throw failure("\(e)", status: ExitStatus.outputBusy.rawValue)
        } catch { throw failure("\(error)") }
        print(RunSummaryText.text(report, outputDirectory: out))
        if report.exitStatus != .success { throw ExitCode(report.exitStatus.rawValue) }
    }
}
