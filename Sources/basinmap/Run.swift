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
        traces.geojson, zones.geojson, rivers/borders/countries/lakes.geojson, sites.csv, rejects.csv,
        summary.json, hazard-map.svg and report.html (--lang). The folder is replaced as one set: a run
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

    @Option(name: .long, help: "JSON file mapping your column headers to fields, e.g. {\"Объём, тыс. м3\": \"stored_volume_m3\"} (see SITES.md).")
    var columns: String?

    @Option(name: .customLong("border-km"), parsing: .unconditional, help: "Border proximity threshold, km (default 5).")
    var borderKm: Double?

    @Option(name: .customLong("entry-km"), parsing: .unconditional, help: "Maximum distance from a site to the river network for a trace, km (default 50).")
    var entryKm: Double?

    @Option(name: .customLong("water-path-km"), parsing: .unconditional, help: "Water-path flag threshold, km (default 50).")
    var waterPathKm: Double?

    @Option(name: .customLong("river-velocity"), parsing: .unconditional, help: "Flow velocity in river reaches, m/s (default from basin.json).")
    var riverVelocity: Double?

    @Option(name: .customLong("reservoir-velocity"), parsing: .unconditional, help: "Flow velocity through reservoirs, m/s (default from basin.json).")
    var reservoirVelocity: Double?

    @Option(name: .long, help: "CRS of x/y columns when an inventory names none, e.g. EPSG:32642.")
    var crs: String?

    @Option(name: .long, help: "Text encoding of the inventories: \(TextEncoding.accepted). Default: detected (a non-UTF-8 file is read with a warning naming the encoding, or refused).")
    var encoding: String?

    @Flag(name: .customLong("csv-bom"), help: "Write the CSV files with a UTF-8 byte order mark (for Excel).")
    var csvBOM = false

    @Option(name: .customLong("csv-delimiter"), help: "Cell separator of sites.csv and rejects.csv: ',' (default), ';', 'tab' or '|'. ';' suits a spreadsheet in a locale with a decimal comma.")
    var csvDelimiter: String?

    @Flag(name: .customLong("decimal-comma"), help: "Write numbers in the CSV files with a decimal comma (12,5); implies --csv-delimiter ';' unless another is given.")
    var decimalComma = false

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

    @Option(name: .long, help: "Map page margin, mm.")
    var margin: Double = 12

    @Option(name: .customLong("rank-by"), help: "Rank by each index with its stand-ins (defaults for missing inputs) at their least severe (low), stated (default, precautionary) or most severe (high) values.")
    var rankBy: String = "default"

    @Flag(name: .customLong("no-map"), help: "Do not render hazard-map.svg.")
    var noMap = false

    @Option(name: .long, help: "Language of report.html: \(Lang.supported.joined(separator: " or ")) (default en).")
    var lang: String = "en"

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    // The numeric options take their value unconditionally, so `--border-km -1` gets the range message
    // below rather than "missing value".
    func validate() throws {
        for (name, v) in [("--border-km", borderKm), ("--entry-km", entryKm), ("--water-path-km", waterPathKm)] {
            if let v, !(v >= 0) || !v.isFinite { throw ValidationError("\(name) must be a distance >= 0 km, got \(v)") }
        }
        for (name, v) in [("--river-velocity", riverVelocity), ("--reservoir-velocity", reservoirVelocity)] {
            if let v, !(v > 0) || !v.isFinite { throw ValidationError("\(name) must be a velocity > 0 m/s, got \(v)") }
        }
        if mapSites < 0 { throw ValidationError("--map-sites must be >= 0") }
        if let e = encoding, TextEncoding(argument: e) == nil { throw ValidationError("--encoding expects one of \(TextEncoding.accepted), got '\(e)'") }
        if StandInView(rawValue: rankBy) == nil { throw ValidationError("--rank-by expects low, default or high, got '\(rankBy)'") }
        if pageSize() == nil { throw ValidationError("--page expects A3, A4 or WIDTHxHEIGHT in mm (e.g. 594x420), got '\(page)'") }
        if !(margin >= 0 && margin < 50) { throw ValidationError("--margin must be between 0 and 50 mm") }
        if !Lang.supported.contains(lang) { throw ValidationError("--lang expects \(Lang.supported.joined(separator: " or ")), got '\(lang)'") }
        let d = try delimiterByte()
        if decimalComma && d == UInt8(ascii: ",") {
            throw ValidationError("--decimal-comma needs a delimiter other than ',' (numbers would hold the delimiter): use --csv-delimiter ';'")
        }
    }

    /// The CSV delimiter asked for (';' when only --decimal-comma is given).
    func delimiterByte() throws -> UInt8 {
        guard let s = csvDelimiter else { return UInt8(ascii: decimalComma ? ";" : ",") }
        switch s {
        case ",", ";", "|": return UInt8(ascii: Unicode.Scalar(s)!)
        case "tab", "\\t", "\t": return 0x09
        default: throw ValidationError("--csv-delimiter expects ',', ';', 'tab' or '|', got '\(s)'")
        }
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

    func options() -> RunOptions {
        var o = RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: out))
        o.siteFiles = sites.map { URL(fileURLWithPath: $0) }
        o.rulesFile = rules.map { URL(fileURLWithPath: $0) }
        o.strict = strict
        o.columns = loadedColumns
        if let v = borderKm { o.parameters.borderProximityM = v * 1000 }
        if let v = entryKm { o.parameters.entryMaxDistanceM = v * 1000 }
        if let v = waterPathKm { o.parameters.waterPathMaxDistanceM = v * 1000 }
        o.riverVelocityMS = riverVelocity
        o.reservoirVelocityMS = reservoirVelocity
        o.defaultCRS = crs
        o.encoding = encoding.flatMap(TextEncoding.init(argument:))
        o.csvBOM = csvBOM
        o.csvDelimiter = (try? delimiterByte()) ?? UInt8(ascii: ",")
        o.decimalComma = decimalComma
        o.rankBy = StandInView(rawValue: rankBy) ?? .default
        o.tracesToOutlet = tracesToOutlet
        o.traceLimit = max(0, traceLimit)
        o.mapMaxSites = mapSites
        o.writeMap = !noMap
        o.mapDate = date
        o.mapPageMM = pageSize() ?? (420, 297)
        o.mapMarginMM = margin
        o.reportLanguage = lang
        return o
    }

    /// Read in run() before the pipeline starts, so a bad mapping file is a data error (status 1).
    private var loadedColumns: ColumnMapping? { columns.map { path in
        do { return try ColumnMapping.load(URL(fileURLWithPath: path)) } catch { fail("\(error)") }
    } }

    func run() async throws {
        let progress = ProgressReporter(mode: quiet ? .quiet : .auto)
        let report: RunReport
        do { report = try await Pipeline.run(options(), progress: progress) } catch let e as OutputFolderBusy {
            fail("\(e)", status: ExitStatus.outputBusy.rawValue)
        } catch { fail("\(error)") }
        print(RunSummaryText.text(report, outputDirectory: out))
        if report.exitStatus != .success { throw ExitCode(report.exitStatus.rawValue) }
    }
}
