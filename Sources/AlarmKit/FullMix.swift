import Foundation

extension PlumeModel {
    /// Reservoir crossings on the path, in order: km range and reservoir index.
    public var reservoirSpans: [(kmFrom: Double, kmTo: Double, reservoir: Int)] {
        var out: [(kmFrom: Double, kmTo: Double, reservoir: Int)] = []
        for s in steps {
            guard let r = s.reservoir else { continue }
            if let l = out.last, l.reservoir == r, abs(l.kmTo - s.kmFrom) < 1e-6 { out[out.count - 1].kmTo = s.kmTo } else { out.append((s.kmFrom, s.kmTo, r)) }
        }
        return out
    }

    /// Residence time (hours) of a reservoir: mixing volume over the discharge through it.
    public func residenceHours(_ span: (kmFrom: Double, kmTo: Double, reservoir: Int)) -> Double {
        reservoirs[span.reservoir].mixingVolumeM3 / (qRatio * steps[stepIndex(km: span.kmFrom)].qaM3s) / 3600
    }

    /// The reservoir chain of a path, washed out once per model: the concentration series leaving each
    /// reservoir (each fed by the one above), and where its peak, edges and mean lie. Every checkpoint
    /// below a reservoir shares its series, scaled by the dilution on the way, so a checkpoint costs no
    /// new washout. The release duration is neglected against the residence.
    struct FullMixChain: Sendable {
        var spans: [(kmFrom: Double, kmTo: Double, reservoir: Int)]
        var dt: Double
        /// Hours at which each reservoir's series starts, and the series (mg/L) leaving it.
        var t0: [Double]
        var series: [[Double]]
        /// Per series, before decay: index of the peak, of the 1 % leading and 10 % trailing edges, and
        /// the mean time after `t0` (hours).
        var stats: [(peak: Int, lead: Int, trail: Int, meanH: Double)?]
    }

    static func chain(_ m: PlumeModel) -> FullMixChain? {
        let spans = m.reservoirSpans
        guard let first = spans.first else { return nil }
        let taus = spans.map(m.residenceHours)
        let total = taus.reduce(0, +) * 8
        let dt = max(0.5, total / 16_000)
        let n = Int(total / dt) + 1
        let e0 = m.stepIndex(km: first.kmFrom)
        var t0 = m.peakSeconds(km: first.kmFrom, maximum: false) / 3600
        let c0 = m.release.massKg * m.massFraction[e0] * 1000 / m.reservoirs[first.reservoir].mixingVolumeM3   // kg/m³ × 1000 = mg/L
        // c0·exp(-j·dt/τ) by repeated products: one exp per reservoir instead of one per sample.
        var series = [Double](repeating: 0, count: n)
        let k0 = exp(-dt / taus[0])
        var c = c0
        for j in 0..<n { series[j] = c; c *= k0 }
        var out = FullMixChain(spans: spans, dt: dt, t0: [t0], series: [series], stats: [])
        for r in 1..<max(spans.count, 1) where spans.count > 1 {
            let exitI = m.stepIndex(km: spans[r - 1].kmTo), entryI = m.stepIndex(km: spans[r].kmFrom)
            let shift = (m.peakSeconds(km: spans[r].kmFrom, maximum: false) - m.peakSeconds(km: spans[r - 1].kmTo, maximum: false)) / 3600
            let f = m.massFraction[entryI] / m.massFraction[exitI] * m.steps[exitI].qaM3s / m.steps[entryI].qaM3s
            let k = exp(-dt / taus[r])
            var next = [Double](repeating: 0, count: n)
            for j in 0..<(n - 1) {
                let input = f * (series[j] + series[j + 1]) / 2
                next[j + 1] = input + (next[j] - input) * k
            }
            series = next; t0 += shift
            out.series.append(series); out.t0.append(t0)
        }
        out.stats = out.series.map { stats($0, dt: dt) }
        return out
    }

    static func stats(_ series: [Double], dt: Double) -> (peak: Int, lead: Int, trail: Int, meanH: Double)? {
        guard let peakJ = series.indices.max(by: { series[$0] < series[$1] }), series[peakJ] > 0 else { return nil }
        let peak = series[peakJ]
        let lead = series.firstIndex { $0 >= 0.01 * peak } ?? peakJ
        let trail = series.lastIndex { $0 >= 0.1 * peak } ?? peakJ
        var m0 = 0.0, m1 = 0.0
        for (j, c) in series.enumerated() { m0 += c; m1 += c * Double(j) * dt }
        return (peakJ, lead, trail, m1 / m0)
    }

    /// The fully mixed result at `km`; nil above the first reservoir. Each reservoir is a stirred tank
    /// (volume V, through-flow Q, residence V/Q) fed by the one above; the river between them only
    /// delays (by the most probable travel time) and dilutes: over weeks-long washouts, the river's own
    /// spreading (hours to days) changes little.
    func fullMix(km: Double) -> FullMixArrival? {
        guard let ch = fullMixChain, km >= ch.spans[0].kmFrom else { return nil }
        let last = ch.spans.lastIndex { km >= $0.kmFrom } ?? 0
        let span = ch.spans[last], dt = ch.dt
        var t0 = ch.t0[last], f = 1.0
        if km > span.kmTo {
            let exitI = stepIndex(km: span.kmTo), hereI = stepIndex(km: km)
            t0 += (peakSeconds(km: km, maximum: false) - peakSeconds(km: span.kmTo, maximum: false)) / 3600
            f = massFraction[hereI] / massFraction[exitI] * steps[exitI].qaM3s / steps[hereI].qaM3s
        }
        let base = ch.series[last], n = base.count
        let stride = max(1, n / 400)
        func curve(_ value: (Int) -> Double, peakJ: Int) -> [(Double, Double)] {
            var c: [(Double, Double)] = []
            c.reserveCapacity(n / stride + 2)
            for j in Swift.stride(from: 0, to: n, by: stride) { c.append((t0 + Double(j) * dt, value(j))) }
            if peakJ % stride != 0 { c.append((t0 + Double(peakJ) * dt, value(peakJ))); c.sort { $0.0 < $1.0 } }
            return c
        }
        if release.decayPerDay == 0 {
            guard let st = ch.stats[last] else { return nil }
            return FullMixArrival(leadingH: t0 + Double(st.lead) * dt, peakH: t0 + Double(st.peak) * dt, meanH: t0 + st.meanH,
                                  trailingH: t0 + Double(st.trail) * dt, peakMgL: base[st.peak] * f, curve: curve({ base[$0] * f }, peakJ: st.peak))
        }
        var series = base
        for j in series.indices { series[j] *= f * decay(t0 + Double(j) * dt) }
        guard let st = Self.stats(series, dt: dt) else { return nil }
        return FullMixArrival(leadingH: t0 + Double(st.lead) * dt, peakH: t0 + Double(st.peak) * dt, meanH: t0 + st.meanH,
                              trailingH: t0 + Double(st.trail) * dt, peakMgL: series[st.peak], curve: curve({ series[$0] }, peakJ: st.peak))
    }

    /// ∫ C·Q dt (kg) of the fully mixed curve at `km`, for mass-balance checks.
    public func fullMixMassKg(km: Double) -> Double? {
        guard let f = fullMix(km: km), f.curve.count > 1 else { return nil }
        let q = qRatio * steps[stepIndex(km: km)].qaM3s
        var s = 0.0
        for k in 1..<f.curve.count { s += (f.curve[k].1 + f.curve[k - 1].1) / 2 * (f.curve[k].0 - f.curve[k - 1].0) * 3600 }
        return s * q / 1000
    }
}
