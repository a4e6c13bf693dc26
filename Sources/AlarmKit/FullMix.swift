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

    /// The fully mixed result at `km`; nil above the first reservoir. Each reservoir is a stirred tank
    /// (volume V, through-flow Q, residence V/Q) fed by the one above; the river between them only
    /// delays (by the most probable travel time) and dilutes: over weeks-long washouts, the river's own
    /// spreading (hours to days) changes little. The release duration is neglected against the residence.
    func fullMix(km: Double) -> FullMixArrival? {
        let spans = reservoirSpans
        guard let first = spans.first, km >= first.kmFrom else { return nil }
        let taus = spans.map(residenceHours)
        let total = taus.reduce(0, +) * 8
        let dt = max(0.5, total / 16_000)
        let n = Int(total / dt) + 1
        let e0 = stepIndex(km: first.kmFrom)
        var t0 = peakSeconds(km: first.kmFrom, maximum: false) / 3600
        let c0 = release.massKg * massFraction[e0] * 1000 / reservoirs[first.reservoir].mixingVolumeM3   // kg/m³ × 1000 = mg/L
        var series = (0..<n).map { c0 * exp(-Double($0) * dt / taus[0]) }
        var last = 0
        for r in 1..<max(spans.count, 1) where spans.count > 1 {
            guard km >= spans[r].kmFrom else { break }
            let exitI = stepIndex(km: spans[r - 1].kmTo), entryI = stepIndex(km: spans[r].kmFrom)
            let shift = (peakSeconds(km: spans[r].kmFrom, maximum: false) - peakSeconds(km: spans[r - 1].kmTo, maximum: false)) / 3600
            let f = massFraction[entryI] / massFraction[exitI] * steps[exitI].qaM3s / steps[entryI].qaM3s
            let k = exp(-dt / taus[r])
            var out = [Double](repeating: 0, count: n)
            for j in 0..<(n - 1) {
                let input = f * (series[j] + series[j + 1]) / 2
                out[j + 1] = input + (out[j] - input) * k
            }
            series = out; t0 += shift; last = r
        }
        let span = spans[last]
        if km > span.kmTo {
            let exitI = stepIndex(km: span.kmTo), hereI = stepIndex(km: km)
            t0 += (peakSeconds(km: km, maximum: false) - peakSeconds(km: span.kmTo, maximum: false)) / 3600
            let f = massFraction[hereI] / massFraction[exitI] * steps[exitI].qaM3s / steps[hereI].qaM3s
            series = series.map { $0 * f }
        }
        for j in series.indices { series[j] *= decay(t0 + Double(j) * dt) }
        guard let peakJ = series.indices.max(by: { series[$0] < series[$1] }), series[peakJ] > 0 else { return nil }
        let peak = series[peakJ]
        let lead = series.firstIndex { $0 >= 0.01 * peak } ?? peakJ
        let trail = series.lastIndex { $0 >= 0.1 * peak } ?? peakJ
        var m0 = 0.0, m1 = 0.0
        for (j, c) in series.enumerated() { m0 += c; m1 += c * (t0 + Double(j) * dt) }
        let stride = max(1, n / 400)
        var curve: [(Double, Double)] = []
        for j in Swift.stride(from: 0, to: n, by: stride) { curve.append((t0 + Double(j) * dt, series[j])) }
        if peakJ % stride != 0 { curve.append((t0 + Double(peakJ) * dt, peak)); curve.sort { $0.0 < $1.0 } }
        return FullMixArrival(leadingH: t0 + Double(lead) * dt, peakH: t0 + Double(peakJ) * dt, meanH: m1 / m0,
                              trailingH: t0 + Double(trail) * dt, peakMgL: peak, curve: curve)
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
