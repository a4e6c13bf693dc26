import Foundation
import SiteKit
import ScoringKit

/// The score a site is ranked by, without its term-by-term detail.
public struct RankScore: Sendable, Equatable {
    public var index: String
    public var value: Double
    public var className: String
    public var classRank: Int
    /// The same index with the stand-ins at the least and the most severe end of their ranges.
    public var low: Double
    public var classLow: String
    public var classRankLow: Int
    public var high: Double
    public var classHigh: String
    public var classRankHigh: Int
    public var standInCount: Int

    public var classMayChange: Bool { classRankLow != classRankHigh }

    public init(_ r: IndexResult) {
        index = r.index; value = r.value; className = r.className; classRank = r.classRank
        low = r.low; classLow = r.classLow; classRankLow = r.classRankLow
        high = r.high; classHigh = r.classHigh; classRankHigh = r.classRankHigh
        standInCount = r.standInCount
    }
}

/// The runout figures that the layers and flags need after a site's row is written.
public struct RunoutSummary: Sendable, Equatable {
    public var runoutKm: Double?
    public var riverReachKm: Double?
    public var reachesRiver: Bool
    public var reachesBorder: Bool
}

/// What the later stages (ranking, paths, map, summary) need of a site once its attribute row has been
/// written: a few dozen bytes instead of the full analysis, so a million sites fit in memory.
public struct SiteDigest: Sendable {
    public var siteIndex: Int
    public var country: String?
    public var transboundary: TransboundaryState
    public var traced: Bool
    /// The site or its analysis carries at least one warning.
    public var warned: Bool
    public var entry: EntryFinding?
    public var firstTransboundary: TransboundaryPoint?
    public var runout: RunoutSummary?
    /// The rules file's ranking index for the site's kind, when it was scored.
    public var rankScore: RankScore?

    public init(_ a: SiteAnalysis, site: Site, rules: RuleSet?) {
        siteIndex = a.siteIndex
        country = a.country.iso
        transboundary = a.transboundary
        traced = a.trace != nil
        warned = !site.warnings.isEmpty || !a.warnings.isEmpty
        entry = a.entry
        firstTransboundary = a.firstTransboundary
        runout = a.runout.map { RunoutSummary(runoutKm: $0.runoutKm, riverReachKm: $0.riverReachKm, reachesRiver: $0.reachesRiver, reachesBorder: $0.reachesBorder) }
        if let id = rules?.rankingIndex(for: site.kind.rawValue), let r = a.scores.first(where: { $0.index == id }) {
            rankScore = RankScore(r)
        }
    }

    public var rankKey: RankKey? { rankKey(by: .default) }

    /// The ranking key in one view of the stand-ins (`--rank-by`).
    public func rankKey(by view: StandInView) -> RankKey? {
        rankScore.map { s in
            switch view {
            case .low: RankKey(index: s.index, classRank: s.classRankLow, value: s.low)
            case .default: RankKey(index: s.index, classRank: s.classRank, value: s.value)
            case .high: RankKey(index: s.index, classRank: s.classRankHigh, value: s.high)
            }
        }
    }
}
