import Foundation
import GeoKit
import BasinKit
import ScoringKit

/// Which country a site lies in.
public struct CountryFinding: Sendable, Equatable {
    /// ISO code of the containing country, or of the nearest one when outside all polygons.
    public var iso: String?
    public var inside: Bool
    /// 0 inside; geodesic metres to the nearest country otherwise.
    public var distanceM: Double
}

/// The nearest river line (any river, basin network or context).
public struct RiverFinding: Sendable, Equatable {
    public var edge: Int
    public var name: String?
    public var level: Int
    public var inNetwork: Bool
    public var point: Coordinate
    public var distanceM: Double
}

public struct BorderFinding: Sendable, Equatable {
    public var countries: [String]
    public var point: Coordinate
    public var distanceM: Double
}

/// Where a spill enters the basin network and what happens downstream.
public struct EntryFinding: Sendable, Equatable {
    public var edge: Int
    /// Distance along the edge from its upstream end to the entry point, metres.
    public var offsetM: Double
    public var riverName: String?
    public var point: Coordinate
    public var distanceM: Double
    /// False when the nearest network river is beyond the entry distance: reported, but not traced.
    public var withinEntryDistance: Bool
}

/// One transboundary rule that fired, with its figures.
public struct FlagFinding: Sendable, Equatable {
    public enum Rule: String, Sendable { case borderProximity = "border_proximity", waterPath = "water_path", runoutReach = "runout_reach" }
    public var rule: Rule
    /// Plain-language account with the figures, e.g. "border KG|UZ at 3.2 km <= 5 km".
    public var detail: String
    /// Countries this rule says could be affected, in downstream (or proximity) order.
    public var affected: [String]
}

public struct AffectedCountry: Sendable, Equatable {
    public var iso: String
    /// Both origin and affected country are Parties to the Industrial Accidents Convention.
    public var conventionApplies: Bool
    public var note: String
}

/// The dam-failure runout and the river reach it puts at risk.
public struct RunoutFinding: Sendable, Equatable {
    public var estimates: [RunoutEstimate]
    /// Unavailable models with reasons (missing dam height or volume).
    public var unavailable: [String]
    /// Largest central runout of the available models, km (conservative screening choice).
    public var runoutKm: Double?
    public var reachesRiver: Bool
    public var reachesBorder: Bool
    /// Along-river interval from the entry point covered by the runout (km from entry).
    public var riverReachKm: Double?
}

/// The first point downstream where a spill from the origin country reaches another country.
public struct TransboundaryPoint: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The river crosses from one country into another.
        case crossing
        /// The river starts forming the border between two countries.
        case borderReach = "border_reach"
        /// The nearest mapped river already lies in another country at the entry point.
        case entryAbroad = "entry_abroad"
    }
    public var kind: Kind
    public var km: Double
    public var hours: Double
    /// The other country (crossing, entry abroad) or the two countries of the border reach.
    public var countries: [String]

    public var text: String {
        switch kind {
        case .crossing: "crosses into \(countries.joined(separator: "|"))"
        case .borderReach: "forms the \(countries.joined(separator: "|")) border"
        case .entryAbroad: "is entered in \(countries.joined(separator: "|")), across the border"
        }
    }
}

/// Everything computed for one site.
public struct SiteAnalysis: Sendable {
    public var siteIndex: Int
    public var country: CountryFinding
    public var river: RiverFinding?
    public var border: BorderFinding?
    public var entry: EntryFinding?
    public var trace: DownstreamTrace?
    /// First point downstream outside the origin country (nil: none, or not traced).
    public var firstTransboundary: TransboundaryPoint?
    public var runout: RunoutFinding?
    public var flags: [FlagFinding]
    public var affected: [AffectedCountry]
    public var scores: [IndexResult]
    public var warnings: [String]
    /// yes (a rule fired), no (traced to the outlet inside one country, no rule fired) or unknown.
    public var transboundary: TransboundaryState
    /// Why the answer is `no` or `unknown`, with its figures; nil for `yes` (the flags say why).
    public var transboundaryReason: String?
    /// The spill alarm figures at the first transboundary point; nil when the run computes no alarms.
    public var alarm: AlarmSummary? = nil
}
