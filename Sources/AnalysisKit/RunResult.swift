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
    /// One per site, in site order (the full analyses went into the site rows as they were made).
    public var digests: [SiteDigest]
    /// Every stand-in that scored a missing input in this run, once per index and term, with its reason.
    public var standIns: [StandInUse]
    public var rejects: [Reject]
    public var recordsRead: Int
    public var rules: RuleSet
    public var rulesFile: String
    public var parameters: AnalysisParameters
    /// Site indices (into `sites`) from highest to lowest risk.
    public var ranking: [Int]
    /// Which view of the stand-ins ranked the sites (`--rank-by`; default: the stated, precautionary stand-ins).
    public var rankBy: StandInView = .default
    /// Downstream paths of flagged sites (to the first crossing, or to the outlet when asked), by site index.
    public var traces: [(site: Int, trace: DownstreamTrace)]
    /// Runout hazard reaches along the river, by site index.
    public var zones: [(site: Int, trace: DownstreamTrace)]
    public var tracesToOutlet: Bool
    public var timings: [(stage: String, seconds: Double)]
    public var notes: [(String, JSON)]

    public init(basin: Basin, inventoryNames: [String], sites: [Site], digests: [SiteDigest], standIns: [StandInUse], rejects: [Reject], recordsRead: Int,
                rules: RuleSet, rulesFile: String, parameters: AnalysisParameters, ranking: [Int],
                traces: [(site: Int, trace: DownstreamTrace)], zones: [(site: Int, trace: DownstreamTrace)], tracesToOutlet: Bool,
                timings: [(stage: String, seconds: Double)] = [], notes: [(String, JSON)] = []) {
        self.basin = basin; self.inventoryNames = inventoryNames; self.sites = sites; self.digests = digests; self.standIns = standIns
        self.rejects = rejects; self.recordsRead = recordsRead; self.rules = rules; self.rulesFile = rulesFile
        self.parameters = parameters; self.ranking = ranking; self.traces = traces; self.zones = zones
        self.tracesToOutlet = tracesToOutlet; self.timings = timings; self.notes = notes
    }

    /// Sites in each transboundary state.
    public func transboundaryCount(_ s: TransboundaryState) -> Int { digests.filter { $0.transboundary == s }.count }

    /// Sites whose ranking class would change with their stand-ins at the ends of their ranges.
    public var classMayChangeCount: Int { digests.filter { $0.rankScore?.classMayChange ?? false }.count }

    /// Sites with at least one warning (site-level or analysis-level).
    public var warnedCount: Int {
        digests.filter(\.warned).count
    }

    /// 1-based risk rank by site index.
    public var rankOf: [Int] {
        var r = [Int](repeating: 0, count: sites.count)
        for (pos, i) in ranking.enumerated() { r[i] = pos + 1 }
        return r
    }
}

/// A stand-in that scored a missing input: the first site (in input order) where it happened gives the text.
public struct StandInUse: Sendable, Equatable {
    public var siteIndex: Int
    public var index: String
    public var term: String
    public var input: String
    public var standIn: String
    public init(siteIndex: Int, index: String, term: String, input: String, standIn: String) {
        self.siteIndex = siteIndex; self.index = index; self.term = term; self.input = input; self.standIn = standIn
    }

    /// Which stand-in: index and term.
    public struct Key: Hashable, Sendable { var index: String, term: String }

    /// Collects the first use of each index/term; `detail` gives the full analysis with texts on demand.
    public static func collect(_ a: SiteAnalysis, into seen: inout [Key: StandInUse], detail: () throws -> SiteAnalysis) rethrows {
        var texts: [Key: StandInUse]? = nil
        for idx in a.scores {
            for m in idx.missing {
                let key = Key(index: idx.index, term: m.term)
                if seen[key] != nil { continue }
                // The texts come from one detailed analysis, indexed once, so a rule set with many terms stays linear.
                if texts == nil {
                    var t: [Key: StandInUse] = [:]
                    for fi in try detail().scores {
                        for fm in fi.missing where t[Key(index: fi.index, term: fm.term)] == nil {
                            t[Key(index: fi.index, term: fm.term)] = StandInUse(siteIndex: a.siteIndex, index: fi.index, term: fm.term,
                                                                               input: fm.input, standIn: fm.standIn)
                        }
                    }
                    texts = t
                }
                if let u = texts![key] { seen[key] = u }
            }
        }
    }

    /// Merges the workers' first uses: for each index/term the lowest site index wins.
    public static func merge(_ parts: [[Key: StandInUse]]) -> [StandInUse] {
        var all: [Key: StandInUse] = [:]
        for p in parts { for (k, v) in p where all[k].map({ v.siteIndex < $0.siteIndex }) ?? true { all[k] = v } }
        return Array(all.values)
    }
}
