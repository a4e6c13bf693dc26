import Foundation
import GeoKit
import BasinKit
import SiteKit
import AnalysisKit
import AlarmKit

/// The alarm model inside `run`: what every site's scenarios share (the basin's hydrology, checkpoints,
/// guideline values, the flow regime), loaded once. A basin folder without hydrology.json has no alarm
/// model: every site's alarm figures are then unknown, and the run says why.
public struct RunAlarms: Sendable {
    public let context: AlarmRun.Context
    public let regime: FlowRegime
    public let density: (value: Double, source: String)
    public let decayPerDay: Double

    /// Why a basin has no alarm figures, or nil when it has the data.
    public static func missingData(_ dir: URL) -> String? {
        let need = ["hydrology.json", "checkpoints.json", "guidelines.json", "scenarios.json"]
        let missing = need.filter { !FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
        return missing.isEmpty ? nil : "the basin folder has no \(missing.joined(separator: ", ")): no discharges, checkpoints or guideline values to model a spill with"
    }

    public static func load(_ options: RunOptions, basin: Basin) throws -> RunAlarms {
        let dir = options.basinDirectory
        do {
            let data = try BasinAlarmData.load(directory: dir)
            let regime: FlowRegime
            if let q = options.alarmQRatio {
                regime = FlowRegime(name: "q-ratio", ratio: q, source: "given on the command line (--q-ratio)")
            } else {
                let name = options.alarmFlow ?? "mean"
                guard let r = data.regime(name) else {
                    throw PipelineError("--flow '\(name)' is not declared in \(dir.appendingPathComponent("hydrology.json").path) (declared: \(data.regimes.map(\.name).joined(separator: ", ")))")
                }
                regime = r
            }
            let tracer = try DownstreamTracer(basin: basin)
            let ctx = try AlarmRun.context(data: data, basin: basin, tracer: tracer)
            return RunAlarms(context: ctx, regime: regime, density: try AlarmScenarios.density(dir), decayPerDay: options.alarmDecayPerDay)
        } catch let e as PipelineError { throw e } catch {
            throw PipelineError("alarm model data in \(dir.path): \(error)")
        }
    }

    /// Every scenario of one site at every checkpoint downstream, and its summary at the first
    /// transboundary point. Never throws: a site whose path the model cannot take gets its reason.
    public func site(_ s: Site, _ a: SiteAnalysis, basin: Basin, tracer: DownstreamTracer) -> SiteAlarms {
        guard let entry = a.entry, let trace = a.trace else {
            let why = a.entry == nil ? "no river network near the site: no downstream trace" : "farther from the network than the entry distance: no downstream trace"
            return SiteAlarms(scenarios: [], lines: [], summary: .unknown(why), note: why)
        }
        let scenarios = AlarmScenarios.of(s, runout: a.runout, data: context.data, density: density)
        var lines: [AlarmLine] = [], warnings: [String] = []
        var best: (key: Double, summary: AlarmSummary)? = nil
        for (k, sc) in scenarios.enumerated() {
            let rep: AlarmReport
            do {
                rep = try AlarmRun.report(context, basin: basin, tracer: tracer, entry: entry, trace: trace, origin: a.country.iso,
                                          release: Release(massKg: sc.massKg ?? 1000, decayPerDay: decayPerDay), substance: sc.substance,
                                          regime: regime, start: nil, texts: false)
            } catch {
                let why = "alarm model: \(error)"
                return SiteAlarms(scenarios: scenarios, lines: [], summary: .unknown(why), note: why)
            }
            for w in rep.warnings where !warnings.contains(w) { warnings.append(w) }
            let perT = sc.massKg == nil, tonnes = (sc.massKg ?? 1000) / 1000
            for c in rep.checkpoints {
                let p = c.result
                lines.append(AlarmLine(scenario: k, checkpoint: c.name, kind: c.kind, countries: c.countries.joined(separator: "|"), km: p.km,
                                       warningLeadingH: p.warningLeadingH, leadingMostH: p.mostProbable.leadingH, peakMostH: p.mostProbable.peakH,
                                       trailingH: p.mostProbable.trailingH, peakMgL: perT ? nil : p.warningPeakMgL, peakPerTonne: p.warningPeakMgL / tonnes,
                                       guidelineMgL: rep.guideline?.mgL, fullMixPeakMgL: perT ? nil : p.fullMix?.peakMgL, fullMixMeanH: p.fullMix?.meanH))
            }
            // The site table's figures: the first checkpoint where the water leaves the origin country.
            guard let first = a.firstTransboundary else { continue }
            var sum = AlarmSummary(substance: sc.substance, massKg: sc.massKg, scenarios: scenarios.count, note: sc.basis)
            if first.kind == .entryAbroad || first.km <= 0 {
                sum.note = "the spill enters the river where it is already transboundary (\(first.text)): no arrival time there; alarms.csv has every checkpoint downstream"
            } else if let c = rep.checkpoints.first(where: { $0.kind == "crossing" || $0.kind == "border reach" }) {
                let p = c.result
                sum.checkpoint = c.name; sum.checkpointKm = p.km
                sum.leadingH = p.warningLeadingH; sum.peakH = p.mostProbable.peakH; sum.trailingH = p.mostProbable.trailingH
                sum.peakMgLPerTonne = p.warningPeakMgL / tonnes
                if !perT {
                    sum.peakMgL = p.warningPeakMgL
                    sum.guidelineRatio = rep.guideline.map { p.warningPeakMgL / $0.mgL }
                }
                if rep.guideline == nil, let name = sc.substance { sum.note = sc.basis + "; no guideline value for '\(name)': ratio unknown" }
            }
            let key = sum.guidelineRatio ?? (sum.peakMgL.map { -1 / (1 + $0) } ?? -2)
            if best == nil || key > best!.key { best = (key, sum) }
        }
        let summary = best?.summary ?? AlarmSummary(scenarios: scenarios.count,
                                                    note: "no border downstream: the trace reaches the outlet in one country; alarms.csv has every checkpoint")
        return SiteAlarms(scenarios: scenarios, lines: lines, summary: summary, note: warnings.isEmpty ? nil : warnings.joined(separator: "; "))
    }
}

/// One site's alarm rows, kept compact until the ranked table is written.
public struct SiteAlarms: Sendable {
    public var scenarios: [AlarmScenarios.Scenario]
    public var lines: [AlarmLine]
    public var summary: AlarmSummary
    /// Why there are no rows, or the model's warnings for the site.
    public var note: String?
}

public struct AlarmLine: Sendable {
    public var scenario: Int
    public var checkpoint: String
    public var kind: String
    public var countries: String
    public var km: Double
    public var warningLeadingH: Double
    public var leadingMostH: Double
    public var peakMostH: Double
    public var trailingH: Double
    public var peakMgL: Double?
    public var peakPerTonne: Double
    public var guidelineMgL: Double?
    public var fullMixPeakMgL: Double?
    public var fullMixMeanH: Double?
}
