import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit
import OutputKit

/// The per-site work of a run, spread over the cores: each worker analyses and scores its range of sites
/// and hands each site's row to every site sink as it goes, keeping only a small digest. Memory stays flat
/// however large the inventory; the sinks write their files in rank order afterwards.
enum SiteStage {
    struct Output: Sendable {
        /// Per sink, every worker's row sink.
        var rows: [[any SiteRowSink]]
        var digests: [SiteDigest]
        var standIns: [StandInUse]
        /// Per site, in input order; empty when the run models no alarms.
        var alarms: [SiteAlarms]
    }

    struct Part: Sendable {
        var rows: [any SiteRowSink]
        var digests: [SiteDigest]
        var standIns: [StandInUse.Key: StandInUse]
        var alarms: [SiteAlarms]
    }

    static func run(_ sites: [Site], basin: Basin, rules: RuleSet, parameters: AnalysisParameters, schema: SiteSchema,
                    sinks: [any SiteSink], alarms: RunAlarms?, noAlarms: String?, spillDirectory: URL, workers: Int, progress: @escaping @Sendable (Int) -> Void) async throws -> Output {
        let parts = try await inParallel(count: sites.count, workers: workers) { range, w -> Part in
            let analyzer = try Analyzer(basin: basin, rules: rules, parameters: parameters)
            let rowSinks = try sinks.map { try $0.rowSink(worker: w, sites: range, spillDirectory: spillDirectory) }
            var values: [FieldValue] = [], scratch = SiteRowScratch()
            var digests: [SiteDigest] = []
            digests.reserveCapacity(range.count)
            var standIns: [StandInUse.Key: StandInUse] = [:]
            var siteAlarms: [SiteAlarms] = []
            if alarms != nil { siteAlarms.reserveCapacity(range.count) }
            for i in range {
                let s = sites[i]
                var a = try analyzer.analyze(s, at: i, detail: false)
                if let alarms {
                    let al = alarms.site(s, a, basin: basin, tracer: analyzer.downstreamTracer)
                    a.alarm = al.summary
                    siteAlarms.append(al)
                } else {
                    a.alarm = noAlarms.map(AlarmSummary.unknown)
                }
                // The reasons of stand-ins are written once per run (summary.json): texts only on first use.
                try StandInUse.collect(a, into: &standIns) { try analyzer.analyze(s, at: i, detail: true) }
                schema.evaluate(s, a, rules: rules, into: &values, scratch: &scratch)
                for r in rowSinks { try r.append(values, position: s.position) }
                digests.append(SiteDigest(a, site: s, rules: rules))
                if (i - range.lowerBound) % 4096 == 4095 { progress(4096) }
            }
            progress(range.count % 4096)
            return Part(rows: rowSinks, digests: digests, standIns: standIns, alarms: siteAlarms)
        }
        let rows = sinks.indices.map { k in parts.map { $0.rows[k] } }
        return Output(rows: rows, digests: parts.flatMap { $0.digests }, standIns: StandInUse.merge(parts.map { $0.standIns }),
                      alarms: parts.flatMap { $0.alarms })
    }
}
