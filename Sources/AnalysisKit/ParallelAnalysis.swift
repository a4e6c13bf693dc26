import Foundation
import BasinKit
import SiteKit
import ScoringKit

public struct AnalysisFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Runs `work` over `0..<count` split into one contiguous range per worker, each in its own task, and
/// returns the results in range order. Each task creates its own non-Sendable state (GEOS and PROJ
/// contexts) inside `work`; only plain values cross task boundaries.
public func inParallel<R: Sendable>(count: Int, workers: Int,
                                    _ work: @escaping @Sendable (_ range: Range<Int>, _ worker: Int) throws -> R) async throws -> [R] {
    let n = max(1, min(workers, count))
    let chunk = (count + n - 1) / n
    return try await withThrowingTaskGroup(of: (Int, R).self) { group in
        for w in 0..<n {
            let lo = w * chunk, hi = min(count, lo + chunk)
            if lo >= hi { continue }
            group.addTask { (w, try work(lo..<hi, w)) }
        }
        var parts: [(Int, R)] = []
        for try await r in group { parts.append(r) }
        return parts.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Analyses all sites, spread over the machine's cores (one Analyzer per task). Results come back in site order.
public func analyzeAll(_ sites: [Site], basin: Basin, rules: RuleSet, parameters: AnalysisParameters,
                       workers: Int = ProcessInfo.processInfo.activeProcessorCount, detail: Bool = true,
                       progress: (@Sendable (Int) -> Void)? = nil) async throws -> [SiteAnalysis] {
    if sites.isEmpty { return [] }
    let parts = try await inParallel(count: sites.count, workers: workers) { range, _ in
        let analyzer = try Analyzer(basin: basin, rules: rules, parameters: parameters)
        var out: [SiteAnalysis] = []
        out.reserveCapacity(range.count)
        for i in range {
            out.append(try analyzer.analyze(sites[i], at: i, detail: detail))
            if (i - range.lowerBound) % 4096 == 4095 { progress?(4096) }
        }
        progress?(range.count % 4096)
        return out
    }
    return parts.flatMap { $0 }
}
