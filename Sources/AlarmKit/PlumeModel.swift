import Foundation

/// Jobson's cloud carried down a path of steps, with the reservoirs on it taken both ways (short-circuit
/// along the old channel at river velocity, and fully mixed), and the mass that leaves with diverted water.
public struct PlumeModel: Sendable {
    public let steps: [PathStep]
    public let reservoirs: [ReservoirOnPath]
    public let qRatio: Double
    public let release: Release
    /// Seconds at each step's start: peak travel time, most probable and maximum probable.
    let tpStart: [Double]
    let tpMaxStart: [Double]
    /// Share of the mass still in the river at each step (diversions remove mass with water).
    let massFraction: [Double]
    /// The reservoirs' washout, computed once (nil without a reservoir on the path).
    var fullMixChain: FullMixChain? = nil

    public init(steps: [PathStep], reservoirs: [ReservoirOnPath], qRatio: Double, release: Release) throws {
        guard !steps.isEmpty else { throw HydrologyError.invalid("the path has no steps") }
        guard qRatio > 0, qRatio.isFinite else { throw HydrologyError.invalid("the discharge ratio Q/Qa must be positive, got \(qRatio)") }
        guard release.massKg > 0, release.massKg.isFinite else { throw HydrologyError.invalid("the released mass must be positive, got \(release.massKg) kg") }
        guard release.durationH >= 0, release.decayPerDay >= 0 else { throw HydrologyError.invalid("release duration and decay rate must not be negative") }
        for (i, s) in steps.enumerated() {
            guard s.kmTo > s.kmFrom, s.qaM3s > 0, s.daM2 > 0 else { throw HydrologyError.invalid("path step \(i) (km \(s.kmFrom)-\(s.kmTo)) needs positive length, Qa and Da") }
            if i > 0, abs(steps[i - 1].kmTo - s.kmFrom) > 1e-6 { throw HydrologyError.invalid("path step \(i) does not start where step \(i - 1) ends") }
            if let r = s.reservoir, !reservoirs.indices.contains(r) { throw HydrologyError.invalid("path step \(i) names missing reservoir \(r)") }
        }
        self.steps = steps; self.reservoirs = reservoirs; self.qRatio = qRatio; self.release = release
        var tp = [0.0], tpm = [0.0], mf = [1.0]
        for (i, s) in steps.enumerated() {
            let q = qRatio * s.qaM3s, l = (s.kmTo - s.kmFrom) * 1000
            tp.append(tp[i] + l / Jobson.peakVelocity(daM2: s.daM2, qaM3s: s.qaM3s, qM3s: q, slope: s.slope, maximum: false))
            tpm.append(tpm[i] + l / Jobson.peakVelocity(daM2: s.daM2, qaM3s: s.qaM3s, qM3s: q, slope: s.slope, maximum: true))
            let next = i + 1 < steps.count ? steps[i + 1].qaM3s : s.qaM3s
            mf.append(mf[i] * min(1, next / s.qaM3s))
        }
        tpStart = tp; tpMaxStart = tpm; massFraction = mf
        fullMixChain = Self.chain(self)
    }

    func stepIndex(km: Double) -> Int {
        var lo = 0, hi = steps.count - 1
        while lo < hi { let m = (lo + hi) / 2; if steps[m].kmTo < km { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// Peak travel time in seconds to `km`, most probable or maximum probable.
    public func peakSeconds(km: Double, maximum: Bool) -> Double {
        let i = stepIndex(km: km), s = steps[i]
        let q = qRatio * s.qaM3s
        let v = Jobson.peakVelocity(daM2: s.daM2, qaM3s: s.qaM3s, qM3s: q, slope: s.slope, maximum: maximum)
        return (maximum ? tpMaxStart[i] : tpStart[i]) + (min(max(km, s.kmFrom), s.kmTo) - s.kmFrom) * 1000 / v
    }

    func decay(_ hours: Double) -> Double { exp(-release.decayPerDay * hours / 24) }

    /// The figures at a point `km` below the entry.
    public func at(km: Double) -> PointResult {
        let i = stepIndex(km: km), s = steps[i]
        let q = qRatio * s.qaM3s, mf = massFraction[i]
        func arrival(_ maximum: Bool) -> Arrival {
            let tp = max(peakSeconds(km: km, maximum: maximum), 1)
            let cup = Jobson.unitPeak(tpHours: tp / 3600, relativeDischarge: qRatio)
            let cp = Jobson.peakConcentrationMgL(unitPeak: cup, massKg: release.massKg * mf, qM3s: q)
            let tl = Jobson.leadingEdgeFraction * tp / 3600, tph = tp / 3600
            var end = tl + Jobson.passageSeconds(unitPeak: cup) / 3600
            let extrapolated = end <= tph
            if extrapolated { end = tph + (tph - tl) }
            var a = Arrival(leadingH: tl, peakH: tph, trailingH: end, peakMgL: cp * decay(tph), peakH0: tph, endH0: end, peakMgL0: cp, extrapolated: extrapolated)
            if release.durationH > 0 { a = spread(a) }
            return a
        }
        return PointResult(km: km, qM3s: q, qaM3s: s.qaM3s, daM2: s.daM2, massFraction: mf, mostProbable: arrival(false),
                           maximumProbable: arrival(true), fullMix: fullMix(km: km))
    }

    /// Concentration (mg/L) of Jobson's triangle at hour `t`, before decay.
    static func triangle(_ a: Arrival, _ t: Double) -> Double {
        let (l, p, e, c) = a.triangle
        if t <= l || t >= e { return 0 }
        return t <= p ? c * (t - l) / (p - l) : c * (e - t) / (e - p)
    }

    /// ∫ triangle from its start to `t` (mg/L · h).
    static func triangleIntegral(_ a: Arrival, _ t: Double) -> Double {
        let (l, p, e, c) = a.triangle
        if t <= l { return 0 }
        if t <= p { return c * (t - l) * (t - l) / (2 * (p - l)) }
        let rise = c * (p - l) / 2
        if t >= e { return rise + c * (e - p) / 2 }
        return rise + c * (e - p) / 2 - c * (e - t) * (e - t) / (2 * (e - p))
    }

    /// A release lasting `durationH`: the instantaneous cloud averaged over the release window.
    func spread(_ a: Arrival) -> Arrival {
        let h = release.durationH
        var best = (t: a.peakH, c: 0.0)
        let t0 = a.leadingH, t1 = a.endH0 + h, n = 2000
        for k in 0...n {
            let t = t0 + (t1 - t0) * Double(k) / Double(n)
            let c = (Self.triangleIntegral(a, t) - Self.triangleIntegral(a, t - h)) / h * decay(t)
            if c > best.c { best = (t, c) }
        }
        var b = a
        b.peakH = best.t; b.peakMgL = best.c; b.trailingH = a.trailingH + h
        return b
    }

    /// Concentration (mg/L) at hour `t` of a short-circuit arrival, release duration and decay included.
    public func concentration(_ a: Arrival, atHour t: Double) -> Double {
        let h = release.durationH
        let c = h > 0 ? (Self.triangleIntegral(a, t) - Self.triangleIntegral(a, t - h)) / h : Self.triangle(a, t)
        return c * decay(t)
    }
}
