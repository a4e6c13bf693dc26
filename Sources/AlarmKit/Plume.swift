import Foundation

/// One stretch of the downstream path with uniform hydrology (the caller cuts the path into short steps
/// and samples Qa and Da at each step's middle). Kilometres are counted from the spill's entry point.
public struct PathStep: Sendable, Equatable {
    public var kmFrom: Double
    public var kmTo: Double
    public var qaM3s: Double
    public var daM2: Double
    public var slope: Double?
    /// Index into the reservoirs passed to `PlumeModel`, when the step crosses one.
    public var reservoir: Int?
    public init(kmFrom: Double, kmTo: Double, qaM3s: Double, daM2: Double, slope: Double? = nil, reservoir: Int? = nil) {
        self.kmFrom = kmFrom; self.kmTo = kmTo; self.qaM3s = qaM3s; self.daM2 = daM2; self.slope = slope; self.reservoir = reservoir
    }
}

public struct Release: Sendable, Equatable {
    public var massKg: Double
    /// 0 for an instantaneous release.
    public var durationH: Double
    /// First-order decay rate, 1/day; 0 for a conservative substance (the default).
    public var decayPerDay: Double
    public init(massKg: Double, durationH: Double = 0, decayPerDay: Double = 0) {
        self.massKg = massKg; self.durationH = durationH; self.decayPerDay = decayPerDay
    }
}

/// Arrival of the cloud at a point under one velocity estimate. Hours after the release starts.
public struct Arrival: Sendable, Equatable {
    public var leadingH: Double
    public var peakH: Double
    public var trailingH: Double
    public var peakMgL: Double
    /// Jobson's triangle (leading edge, peak, end), before any release duration is applied.
    public var triangle: (Double, Double, Double, Double) { (leadingH, peakH0, endH0, peakMgL0) }
    var peakH0: Double
    var endH0: Double
    var peakMgL0: Double
    /// True when Eq. 18 and 19 disagree (the peak would come after the passage ends: long travel times,
    /// beyond the fitted range); the end is then put as far after the peak as the leading edge is before it.
    public var extrapolated: Bool
    public static func == (a: Arrival, b: Arrival) -> Bool {
        a.leadingH == b.leadingH && a.peakH == b.peakH && a.trailingH == b.trailingH && a.peakMgL == b.peakMgL && a.extrapolated == b.extrapolated
    }
}

/// The fully mixed reservoir result: the spill mixed into each reservoir's volume and washed out over its
/// residence time. Its highest concentration leaves as soon as the mass is mixed; its bulk (mean) leaves
/// a residence time later.
public struct FullMixArrival: Sendable, Equatable {
    public var leadingH: Double
    public var peakH: Double
    public var meanH: Double
    public var trailingH: Double
    public var peakMgL: Double
    /// Sampled curve (hours, mg/L) for charts.
    public var curve: [(Double, Double)]
    public static func == (a: FullMixArrival, b: FullMixArrival) -> Bool {
        a.leadingH == b.leadingH && a.peakH == b.peakH && a.meanH == b.meanH && a.trailingH == b.trailingH && a.peakMgL == b.peakMgL
    }
}

public struct ReservoirOnPath: Sendable, Equatable {
    public var name: String
    public var mixingVolumeM3: Double
    public init(name: String, mixingVolumeM3: Double) { self.name = name; self.mixingVolumeM3 = mixingVolumeM3 }
}

public struct PointResult: Sendable, Equatable {
    public var km: Double
    public var qM3s: Double
    public var qaM3s: Double
    public var daM2: Double
    /// Share of the released mass still in the river (water diverted upstream takes its share with it).
    public var massFraction: Double
    /// Short-circuit (channel through-flow) figures, Jobson's most probable and maximum probable velocity.
    public var mostProbable: Arrival
    public var maximumProbable: Arrival
    /// Nil upstream of the first reservoir.
    public var fullMix: FullMixArrival?
    /// The warning: the earliest credible arrival and the highest peak of all the figures above.
    public var warningLeadingH: Double { min(maximumProbable.leadingH, mostProbable.leadingH, fullMix?.leadingH ?? .infinity) }
    public var warningPeakMgL: Double { max(maximumProbable.peakMgL, mostProbable.peakMgL, fullMix?.peakMgL ?? 0) }
}
