import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit


/// Everything a run produced, handed to the writers. Plain values only.
public struct RunResult: Sendable {
    public var basin: Basin
    public var inventoryNames: [String]
    public var sites: [Site]
    public var analyses: [SiteAnalysis]
    public var rejects: [Reject]
    public var recordsRead: Int
    public var rules: RuleSet
    public var rulesFile: String
    public var parameters: AnalysisParameters
    /// Site indices (into `sites`) from highest to lowest risk.
    public var ranking: [Int]
    /// Downstream paths of flagged sites (to the first crossing, or to the outlet when asked), by site index.
    public var traces: [(site: Int, trace: DownstreamTrace)]
    /// Runout hazard reaches along the river, by site index.
    public var zones: [(site: Int, trace: DownstreamTrace)]
    public var tracesToOutlet: Bool
    public var timings: [(stage: String, seconds: Double)]
    public var notes: [(String, JSON)]

    public init(basin: Basin, inventoryNames: [String], sites: [Site], analyses: [SiteAnalysis], rejects: [Reject], recordsRead: Int,
                rules: RuleSet, rulesFile: String, parameters: AnalysisParameters, ranking: [Int],
                traces: [(site: Int, trace: DownstreamTrace)], zones: [(site: Int, trace: DownstreamTrace)], tracesToOutlet: Bool,
                timings: [(stage: String, seconds: Double)] = [], notes: [(String, JSON)] = []) {
        self.basin = basin; self.inventoryNames = inventoryNames; self.sites = sites; self.analyses = analyses
        self.rejects = rejects; self.recordsRead = recordsRead; self.rules = rules; self.rulesFile = rulesFile
        self.parameters = parameters; self.ranking = ranking; self.traces = traces; self.zones = zones
        self.tracesToOutlet = tracesToOutlet; self.timings = timings; self.notes = notes
    }

    /// Sites with at least one warning (site-level or analysis-level).
    public var warnedCount: Int {
        zip(sites, analyses).filter { !$0.0.warnings.isEmpty || !$0.1.warnings.isEmpty }.count
    }

    /// 1-based risk rank by site index.
    public var rankOf: [Int] {
        var r = [Int](repeating: 0, count: sites.count)
        for (pos, i) in ranking.enumerated() { r[i] = pos + 1 }
        return r
    }
}
