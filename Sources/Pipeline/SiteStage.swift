import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit
import OutputKit

/// The per-site work of a run, spread over the cores: each worker analyses and scores its range of sites
/// and writes each site's GeoJSON and CSV row as it goes, keeping only a small digest. Memory stays flat
/// however large the inventory; the rows are copied out in rank order afterwards (SiteTable).
enum SiteStage {
    struct Output: Sendable {
        var rows: [SiteRows]
        var digests: [SiteDigest]
        var standIns: [StandInUse]
    }

    struct Part: Sendable {
        var rows: SiteRows
        var digests: [SiteDigest]
        var standIns: [StandInUse.Key: StandInUse]
    }

    static func run(_ sites: [Site], basin: Basin, rules: RuleSet, parameters: AnalysisParameters, schema: SiteSchema,
                    csv csvFormat: CSVFormat, spillDirectory: URL, workers: Int, progress: @escaping @Sendable (Int) -> Void) async throws -> Output {
        let parts = try await inParallel(count: sites.count, workers: workers) { range, w -> Part in
            let analyzer = try Analyzer(basin: basin, rules: rules, parameters: parameters)
            var writer = SiteRowWriter(schema: schema, rules: rules, csv: csvFormat)
            let geo = try RowSpill(directory: spillDirectory, tag: "\(w)-geojson")
            let csv = try RowSpill(directory: spillDirectory, tag: "\(w)-csv")
            var spans: [RowSpan] = [], digests: [SiteDigest] = []
            spans.reserveCapacity(range.count)
            digests.reserveCapacity(range.count)
            var standIns: [StandInUse.Key: StandInUse] = [:]
            for i in range {
                let s = sites[i]
                let a = try analyzer.analyze(s, at: i, detail: false)
                // The reasons of stand-ins are written once per run (summary.json): texts only on first use.
                try StandInUse.collect(a, into: &standIns) { try analyzer.analyze(s, at: i, detail: true) }
                spans.append(try writer.write(site: s, analysis: a, geo: geo, csv: csv))
                digests.append(SiteDigest(a, site: s, rules: rules))
                if (i - range.lowerBound) % 4096 == 4095 { progress(4096) }
            }
            progress(range.count % 4096)
            return Part(rows: SiteRows(range: range, spans: spans, geo: geo, csv: csv), digests: digests, standIns: standIns)
        }
        return Output(rows: parts.map { $0.rows }, digests: parts.flatMap { $0.digests }, standIns: StandInUse.merge(parts.map { $0.standIns }))
    }
}
