import Foundation
import BasinKit
import SiteKit
import ScoringKit

public struct AnalysisFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Analyses all sites, spread over the machine's cores: each task owns its own Analyzer (GEOS and PROJ
/// contexts), and only plain values cross task boundaries. Results come back in site order.
public func analyzeAll(_ sites: [Site], basin: Basin, rules: RuleSet, parameters: AnalysisParameters,
                       workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                       progress: (@Sendable (Int) -> Void)? = nil) async throws -> [SiteAnalysis] {
    if sites.isEmpty { return [] }
    let n = max(1, min(workers, sites.count))
    let chunk = (sites.count + n - 1) / n
    return try await withThrowingTaskGroup(of: (Int, [SiteAnalysis]).self) { group in
        for w in 0..<n {
            let lo = w * chunk, hi = min(sites.count, lo + chunk)
            if lo >= hi { continue }
            group.addTask {
                let analyzer = try Analyzer(basin: basin, rules: rules, parameters: parameters)
                var out: [SiteAnalysis] = []
                out.reserveCapacity(hi - lo)
                for i in lo..<hi {
                    out.append(try analyzer.analyze(sites[i], at: i))
                    if (i - lo) % 4096 == 4095 { progress?(4096) }
                }
                progress?((hi - lo) % 4096)
                return (w, out)
            }
        }
        var parts = [[SiteAnalysis]](repeating: [], count: n)
        for try await (w, r) in group { parts[w] = r }
        return parts.flatMap { $0 }
    }
}
