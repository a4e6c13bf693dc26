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
            let data = try BasinAlarmData.load(directory: o.basinDirectory)
            let regime = try AlarmOptions.parse(flow.map { ["--flow", $0] } ?? []).regime(data)
            let ctx = try AlarmRun.context(data: data, basin: b, tracer: analyzer.downstreamTracer)
            let density = try Self.density(o.basinDirectory)
            var csv = CSV.line(["site_id", "site_name", "substance", "mass_kg", "mass_basis", "checkpoint", "checkpoint_kind", "countries", "km",
                                "warning_leading_h", "leading_most_probable_h", "peak_most_probable_h", "trailing_h", "peak_mg_l", "peak_mg_l_per_t",
                                "guideline_mg_l", "guideline_ratio", "full_mix_peak_mg_l", "full_mix_mean_h", "note"].map { CSV.field($0) })
            var rows = 0, untraced = 0
            for (i, site) in inv.sites.enumerated() {
                let a = try analyzer.analyze(site, at: i, detail: false)
                guard let entry = a.entry, let trace = a.trace else {
                    untraced += 1; rows += 1
                    csv += CSV.line([site.id, site.name, "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
                                     "no downstream trace (farther from the network than the entry distance)"].map { CSV.field($0) })
                    continue
                }
                for s in Self.scenarios(site, a, data: data, density: density) {
                    let perT = s.massKg == nil
                    let rep = try AlarmRun.report(ctx, basin: b, tracer: analyzer.downstreamTracer, entry: entry, trace: trace, origin: a.country.iso,
                                                  release: Release(massKg: s.massKg ?? 1000, decayPerDay: decayPerDay), substance: s.substance,
                                                  regime: regime, start: nil)
                    let tonnes = (s.massKg ?? 1000) / 1000
                    for c in rep.checkpoints {
                        let p = c.result, peak = p.warningPeakMgL
                        csv += CSV.line([site.id, site.name, s.substance ?? "", s.massKg.map { NumberFormat.fixed($0, decimals: 3) } ?? "", s.basis,
                                         c.name, c.kind, c.countries.joined(separator: "|"), NumberFormat.fixed(p.km, decimals: 2),
                                         NumberFormat.fixed(p.warningLeadingH, decimals: 2), NumberFormat.fixed(p.mostProbable.leadingH, decimals: 2),
                                         NumberFormat.fixed(p.mostProbable.peakH, decimals: 2), NumberFormat.fixed(p.mostProbable.trailingH, decimals: 2),
                                         perT ? "" : AlarmText.mg(peak), AlarmText.mg(peak / tonnes),
                                         rep.guideline.map { NumberFormat.json($0.mgL) } ?? "", perT ? "" : rep.guideline.map { AlarmText.mg(peak / $0.mgL) } ?? "",
                                         perT ? "" : p.fullMix.map { AlarmText.mg($0.peakMgL) } ?? "", p.fullMix.map { NumberFormat.fixed($0.meanH, decimals: 1) } ?? "",
                                         rep.warnings.joined(separator: "; ")].map { CSV.field($0) })
                        rows += 1
                    }
                }
            }
            try FileManager.default.createDirectory(at: o.outputDirectory, withIntermediateDirectories: true)
            try AtomicFile.write(csv, to: o.outputDirectory.appendingPathComponent("alarms.csv"))
            print("alarms.csv: \(rows) rows for \(inv.sites.count) sites (\(untraced) without a downstream trace); \(inv.rejects.count) inventory records rejected (see basinmap validate)")
        } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch { throw failure("\(error)") }
    }

    static func density(_ dir: URL) throws -> (value: Double, source: String) {
        let url = dir.appendingPathComponent("scenarios.json")
        guard let d = try? Data(contentsOf: url), let o = (try? JSONSerialization.jsonObject(with: d)) as? [String: Any] else {
            throw HydrologyError.invalid("\(url.path): missing or not a JSON object")
        }
        guard let v = (o["tailings_dry_density_t_m3"] as? NSNumber)?.doubleValue, v > 0,
              let s = o["tailings_dry_density_source"] as? String else {
            throw HydrologyError.invalid("scenarios.json: tailings_dry_density_t_m3: expected a positive number with tailings_dry_density_source")
        }
        return (v, s)
    }

    /// The releases to model for a site: (substance, mass or nil for "per tonne", how the mass was found).
    static func scenarios(_ site: Site, _ a: SiteAnalysis, data: BasinAlarmData, density: (value: Double, source: String))
        -> [(substance: String?, massKg: Double?, basis: String)] {
        var out: [(substance: String?, massKg: Double?, basis: String)] = []
        for s in site.substances where s.tonnes > 0 {
            out.append((s.name, s.tonnes * 1000, "inventory: \(NumberFormat.json(s.tonnes)) t of \(s.name)"))
        }
        if site.kind == .tailings, let vf = a.runout?.estimates.map(\.releasedVolumeM3).max() {
            for g in data.guidelines {
                for key in [g.name] + g.aliases {
                    let col = "\(key)_mg_kg"
                    // The inventory's own number rules (decimal comma, digit groups), not Swift's Double(), which takes "0x10" and "inf".
                    let v = site.attributes[col]?.number ?? site.extra.first { $0.0.lowercased() == col }.flatMap { InventoryNumber.parse($0.1) }
                    guard let c = v, c.isFinite, c > 0 else { continue }
                    let kg = vf * density.value * 1000 * c * 1e-6
                    out.append((g.name, kg, "V_F \(NumberFormat.fixed(vf, decimals: 0)) m3 (runout model) x \(NumberFormat.json(density.value)) t/m3 (\(density.source)) x \(NumberFormat.json(c)) mg/kg (\(col))"))
                    break
                }
            }
        }
        if out.isEmpty {
            out.append((nil, nil, site.kind == .tailings
                ? "no <substance>_mg_kg content\(a.runout?.estimates.isEmpty ?? true ? " and no runout volume" : "") in the inventory: figures per tonne released"
                : "no substance tonnes in the inventory: figures per tonne released"))
        }
        return out
    }
}
