import Foundation

/// A checkpoint with its figures and the countries it lies in (two on a border reach).
public struct CheckpointFigures: Sendable, Equatable {
    public var name: String
    /// "crossing", "border reach", "named", "outlet".
    public var kind: String
    public var source: String
    public var countries: [String]
    public var result: PointResult
    public init(name: String, kind: String, source: String, countries: [String], result: PointResult) {
        self.name = name; self.kind = kind; self.source = source; self.countries = countries; self.result = result
    }
}

public struct NotificationRow: Sendable, Equatable {
    public var country: String
    public var firstCheckpoint: String
    /// Earliest credible arrival (hours): the earliest leading edge of all figures at the country's checkpoints.
    public var earliestH: Double
    /// Highest warning peak (mg/L) at the country's checkpoints, and its ratio to the guideline (nil when
    /// no guideline is known for the substance).
    public var peakMgL: Double
    public var peakRatio: Double?
    /// True only when both the origin and this country are Parties to the Industrial Accidents Convention.
    public var conventionApplies: Bool
}

public enum Notification {
    /// One row per country downstream other than the origin, in order of earliest credible arrival.
    public static func rows(origin: String?, checkpoints: [CheckpointFigures], guidelineMgL: Double?,
                            isParty: (String) -> Bool) -> [NotificationRow] {
        var rows: [NotificationRow] = []
        for c in checkpoints {
            for iso in c.countries where iso != origin {
                if let i = rows.firstIndex(where: { $0.country == iso }) {
                    rows[i].earliestH = min(rows[i].earliestH, c.result.warningLeadingH)
                    rows[i].peakMgL = max(rows[i].peakMgL, c.result.warningPeakMgL)
                } else {
                    rows.append(NotificationRow(country: iso, firstCheckpoint: c.name, earliestH: c.result.warningLeadingH,
                                                peakMgL: c.result.warningPeakMgL, peakRatio: nil,
                                                conventionApplies: origin.map { isParty($0) && isParty(iso) } ?? false))
                }
            }
        }
        for i in rows.indices { rows[i].peakRatio = guidelineMgL.map { rows[i].peakMgL / $0 } }
        return rows.enumerated().sorted { ($0.element.earliestH, $0.offset) < ($1.element.earliestH, $1.offset) }.map(\.element)
    }
}
