import Foundation
import GeoKit
import AlarmKit

/// Concentration against time at each checkpoint: hours on x, mg/L on a log y axis, the substance's
/// guideline as a line. Solid: short-circuit, maximum probable velocity (the warning's curve); dashed:
/// fully mixed reservoirs. Every name is escaped (it comes from basin data files).
public enum AlarmChart {
    static let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
    static let width = 960.0, height = 560.0, left = 80.0, right = 250.0, top = 50.0, bottom = 60.0

    static func f(_ d: Double) -> String { NumberFormat.fixed(d, decimals: 1) }

    public static func svg(_ r: AlarmReport, title: String) -> String {
        let plotW = width - left - right, plotH = height - top - bottom
        let peaks = r.checkpoints.map(\.result.warningPeakMgL).filter { $0 > 0 }
        let hi = max(peaks.max() ?? 1, r.guideline?.mgL ?? 0) * 2
        let mixed = r.checkpoints.compactMap { $0.result.fullMix?.peakMgL }.filter { $0 > 0 }
        var lo = min(peaks.min() ?? hi / 1e3, mixed.min() ?? .infinity) / 3
        if let g = r.guideline?.mgL { lo = min(lo, g / 5) }
        let yMin = floor(log10(lo)), yMax = ceil(log10(hi))
        let tMax = max(1, (r.checkpoints.map(\.result.maximumProbable.trailingH).max() ?? 1) * 1.05)
        func x(_ t: Double) -> Double { left + plotW * min(max(t, 0), tMax) / tMax }
        func y(_ c: Double) -> Double {
            let v = min(max(log10(max(c, pow(10, yMin))), yMin), yMax)
            return top + plotH * (1 - (v - yMin) / (yMax - yMin))
        }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(XML.escape(title))</text>\n"
        s += "<text x=\"\(f(left))\" y=\"38\" fill=\"#444\">\(XML.escape(AlarmText.releaseLine(r)))</text>\n"
        // Axes, decades and hour ticks.
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#999\"/>\n"
        for d in Int(yMin)...Int(yMax) {
            let yy = y(pow(10, Double(d)))
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yy))\" stroke=\"#e4e4e4\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">1e\(d)</text>\n"
        }
        let step = niceStep(tMax / 8)
        var t = 0.0
        while t <= tMax + 1e-9 {
            s += "<line x1=\"\(f(x(t)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(t)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#999\"/>"
            s += "<text x=\"\(f(x(t)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(NumberFormat.fixed(t, decimals: 0))</text>\n"
            t += step
        }
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\">hours after the release</text>\n"
        s += "<text transform=\"translate(18,\(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">concentration, mg/L (log)</text>\n"
        if let g = r.guideline {
            let yy = y(g.mgL)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yy))\" stroke=\"#c00\" stroke-dasharray=\"6 3\"/>"
            s += "<text x=\"\(f(left + plotW - 4))\" y=\"\(f(yy - 4))\" text-anchor=\"end\" fill=\"#c00\">\(XML.escape("guideline \(g.name) \(NumberFormat.json(g.mgL)) mg/L (WHO 2022)"))</text>\n"
        }
        s += "<clipPath id=\"plot\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\"/></clipPath>\n<g clip-path=\"url(#plot)\">\n"
        for (i, c) in r.checkpoints.enumerated() {
            let colour = palette[i % palette.count], a = c.result.maximumProbable
            var pts: [String] = []
            let n = 120, t0 = a.leadingH, t1 = a.trailingH
            for k in 0...n {
                let tt = t0 + (t1 - t0) * Double(k) / Double(n)
                pts.append("\(f(x(tt))),\(f(y(r.model.concentration(a, atHour: tt))))")
            }
            s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\" points=\"\(pts.joined(separator: " "))\"/>\n"
            if let fm = c.result.fullMix {
                let fp = fm.curve.filter { $0.0 <= tMax * 1.2 }.map { "\(f(x($0.0))),\(f(y($0.1)))" }
                if fp.count > 1 { s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-dasharray=\"4 3\" points=\"\(fp.joined(separator: " "))\"/>\n" }
            }
            let label = "\(i + 1)"
            s += "<text x=\"\(f(x(a.peakH)))\" y=\"\(f(y(a.peakMgL) - 4))\" text-anchor=\"middle\" fill=\"\(colour)\" font-weight=\"bold\">\(label)</text>\n"
        }
        s += "</g>\n"
        // Legend: number, checkpoint, countries, peak.
        var ly = top + 4
        let lx = left + plotW + 14
        s += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-weight=\"bold\">checkpoint (country): peak mg/L</text>\n"
        for (i, c) in r.checkpoints.enumerated() {
            ly += 16
            let colour = palette[i % palette.count]
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 16))\" y2=\"\(f(ly - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            let text = "\(i + 1) \(XML.oneLine(c.name)) (\(c.countries.joined(separator: "|"))): \(AlarmText.mg(c.result.warningPeakMgL))"
            s += "<text x=\"\(f(lx + 20))\" y=\"\(f(ly))\">\(XML.escape(text))</text>\n"
        }
        ly += 22
        for line in ["solid: short-circuit, maximum probable", "dashed: reservoirs fully mixed", "(Jobson 1996; see docs/alarm-model.md)"] {
            s += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" fill=\"#444\">\(XML.escape(line))</text>\n"; ly += 14
        }
        s += "</svg>\n"
        return s
    }

    static func niceStep(_ raw: Double) -> Double {
        let p = pow(10, floor(log10(max(raw, 1e-9))))
        for m in [1.0, 2, 5, 10] where m * p >= raw { return m * p }
        return 10 * p
    }
}
