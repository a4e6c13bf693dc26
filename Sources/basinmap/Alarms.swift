import ArgumentParser
import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit
import AlarmKit
import OutputKit
import Pipeline

/// A release scenario per inventory site, and alarms.csv with one row per site × checkpoint.
struct Alarms: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Spill alarm scenario per inventory site: alarms.csv with one row per site, substance and checkpoint.",
        discussion: """
        Tailings: mass = the runout model's released volume V_F x the dry density in scenarios.json x the
        inventory's <substance>_mg_kg content. Other sites: their substance tonnes. Without either, the
        concentrations are given per tonne released (peak_mg_l_per_t) and mass_kg is empty. Every site
        gets at least one row; a site with no trace says why.
        """)

    @Argument(help: "The basin folder.")
    var basin: String

    @Option(name: .long, help: "Inventory file(s) (default: the basin's sites.csv).")
    var sites: [String] = []

    @Option(name: .long, help: "Output folder (receives alarms.csv).")
    var out: String

    @Option(name: .long, help: "Discharge at the time: mean (default), low or high, as declared in hydrology.json.")
    var flow: String?

    @Option(name: .customLong("decay-per-day"), help: "First-order decay rate, 1/day (default 0: conservative).")
    var decayPerDay: Double = 0

    @OptionGroup var inventory: InventoryInputOptions
    @OptionGroup var network: FlowOptions

    func run() async throws {
        var o = RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: out))
        o.siteFiles = sites.map { URL(fileURLWithPath: $0) }
        try inventory.apply(to: &o)
        network.apply(to: &o)
        guard decayPerDay >= 0, decayPerDay.isFinite else { throw ValidationError("--decay-per-day expects a rate ≥ 0") }
        do {
            let b = try Pipeline.loadBasin(o)
            let rules = try RuleSet.load(contentsOf: Pipeline.rulesURL(o))
            let inv = try InventoryReader.read(Pipeline.siteURLs(o), options: o.withSelection(InventoryOptions(countries: b.metadata.countrySpellings, extent: b.metadata.extent, crs: o.defaultCRS, strict: false, encoding: o.encoding, columns: o.columns)))
            let analyzer = try Analyzer(basin: b, rules: rules, parameters: o.parameters)
            o.alarmFlow = flow; o.alarmDecayPerDay = decayPerDay
            if let why = RunAlarms.missingData(o.basinDirectory) { throw failure("no alarm model for this basin: \(why)") }
            let setup = try RunAlarms.load(o, basin: b)
            // The same rows as `run` writes, in input order and without a rank.
            var csv = AlarmTable.csvHeader()
            var rows = 0, untraced = 0
            for (i, site) in inv.sites.enumerated() {
                let a = try analyzer.analyze(site, at: i, detail: false)
                let al = setup.site(site, a, basin: b, tracer: analyzer.downstreamTracer)
                if al.lines.isEmpty { untraced += 1 }
                for row in AlarmTable.rows(rank: nil, site: site, alarms: al) { csv += AlarmTable.csvLine(row); rows += 1 }
            }
            try FileManager.default.createDirectory(at: o.outputDirectory, withIntermediateDirectories: true)
            try AtomicFile.write(csv, to: o.outputDirectory.appendingPathComponent("alarms.csv"))
            print("alarms.csv: \(rows) rows for \(inv.sites.count) sites (\(untraced) without alarm figures: no downstream trace, or the model could not take the path); \(inv.rejects.count) inventory records rejected (see basinmap validate)")
        } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch { throw failure("\(error)") }
    }
}
