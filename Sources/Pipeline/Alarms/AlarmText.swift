import Foundation
import GeoKit
import AlarmKit

/// The alarm report as text and JSON. Names come from basin data files: JSON escapes them, and text
/// output prints them on one line.
public enum AlarmText {
    public static func h(_ d: Double) -> String { NumberFormat.fixed(d, decimals: 1) }
    public static func mg(_ d: Double) -> String { NumberFormat.fixed(d, decimals: 3, significant: true) }

    /// UTC, to the second, the same on every machine.
    public static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter(); f.formatOptions = [.withInternetDateTime]; f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    public static func time(_ r: AlarmReport, _ hours: Double) -> String? {
        r.start.map { iso($0.addingTimeInterval((hours * 3600).rounded())) }
    }

    public static func releaseLine(_ r: AlarmReport) -> String {
        let d = r.release.durationH > 0 ? "over \(h(r.release.durationH)) h" : "instantaneous"
        let s = r.substance.map { " of \(XML.oneLine($0))" } ?? ""
        let t = r.start.map { ", starting \(iso($0))" } ?? ""
        return "release: \(NumberFormat.json(r.release.massKg)) kg\(s), \(d)\(t); flow '\(r.regime.name)' (Q = \(NumberFormat.json(r.regime.ratio)) x Qa)"
    }

    public static func text(_ r: AlarmReport) -> String {
        var l: [String] = [releaseLine(r)]
        l.append("checkpoints (hours after the release; short-circuit = along the old channel through reservoirs, max = maximum probable velocity, most = most probable; full mix = reservoirs as stirred tanks):")
        l.append(pad(["km", "checkpoint", "country", "Q m3/s", "lead max/most h", "peak max/most h", "trail max/most h", "peak max/most mg/L", "full mix mg/L (peak h, mean h)", "x guideline"]))
        for c in r.checkpoints {
            let p = c.result, a = p.maximumProbable, b = p.mostProbable
            let fm = p.fullMix.map { "\(mg($0.peakMgL)) (\(h($0.peakH)), \(h($0.meanH)))" } ?? "-"
            let ratio = r.guideline.map { NumberFormat.fixed(p.warningPeakMgL / $0.mgL, decimals: 3, significant: true) } ?? "unknown"
            l.append(pad([NumberFormat.fixed(p.km, decimals: 1), XML.oneLine(c.name), c.countries.joined(separator: "|"), NumberFormat.fixed(p.qM3s, decimals: 0),
                          "\(h(a.leadingH))/\(h(b.leadingH))", "\(h(a.peakH))/\(h(b.peakH))", "\(h(a.trailingH))/\(h(b.trailingH))",
                          "\(mg(a.peakMgL))/\(mg(b.peakMgL))", fm, ratio]))
        }
        l.append("notification (in order of earliest credible arrival; the warning takes the earliest leading edge and the highest peak of all figures):")
        l.append(pad(["country", "first checkpoint", "earliest h", "earliest days", "peak mg/L", "x guideline", "Industrial Accidents Convention"]))
        for n in r.notifications {
            let conv = n.conventionApplies ? "applies (origin and country are Parties)" : "does not apply (not both Parties): bilateral arrangements only"
            var row = [n.country, XML.oneLine(n.firstCheckpoint), h(n.earliestH), NumberFormat.fixed(n.earliestH / 24, decimals: 1), mg(n.peakMgL),
                       n.peakRatio.map { NumberFormat.fixed($0, decimals: 3, significant: true) } ?? "unknown", conv]
            if let t = time(r, n.earliestH) { row[2] += " (\(t))" }
            l.append(pad(row))
        }
        if r.notifications.isEmpty { l.append("  no country downstream other than the origin") }
        l.append("assumptions:")
        for a in r.assumptions { l.append("  - " + XML.oneLine(a)) }
        for w in r.warnings { l.append("warning: " + XML.oneLine(w)) }
        return l.joined(separator: "\n")
    }

    static func pad(_ cols: [String]) -> String {
        let widths = [8, 16, 8, 7, 16, 16, 17, 20, 32, 11]
        var s = " "
        for (i, c) in cols.enumerated() {
            let w = i < widths.count ? widths[i] : 0
            s += " " + c + String(repeating: " ", count: max(0, w - c.count))
        }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    static func arrival(_ a: Arrival, _ r: AlarmReport) -> JSON {
        var m: [(String, JSON)] = [("leading_h", .number(GeoJSON.round(a.leadingH, 2))), ("peak_h", .number(GeoJSON.round(a.peakH, 2))),
                                   ("trailing_h", .number(GeoJSON.round(a.trailingH, 2))), ("peak_mg_l", .number(sig(a.peakMgL))),
                                   ("beyond_fitted_range", .bool(a.extrapolated))]
        if let t = time(r, a.leadingH) { m.append(("leading_time", .string(t))) }
        return .object(m)
    }

    static func sig(_ d: Double) -> Double { Double(NumberFormat.fixed(d, decimals: 4, significant: true)) ?? d }

    public static func json(_ r: AlarmReport) -> JSON {
        let cps: [JSON] = r.checkpoints.map { c in
            let p = c.result
            var m: [(String, JSON)] = [("name", .string(c.name)), ("kind", .string(c.kind)), ("source", .string(c.source)),
                ("countries", .array(c.countries.map { .string($0) })), ("km", .number(GeoJSON.round(p.km, 2))),
                ("q_m3_s", .number(GeoJSON.round(p.qM3s, 1))), ("qa_m3_s", .number(GeoJSON.round(p.qaM3s, 1))),
                ("da_km2", .number(GeoJSON.round(p.daM2 / 1e6, 0))), ("mass_fraction", .number(GeoJSON.round(p.massFraction, 4))),
                ("short_circuit", .object([("maximum_probable", arrival(p.maximumProbable, r)), ("most_probable", arrival(p.mostProbable, r))])),
                ("full_mix", p.fullMix.map { f in .object([("leading_h", .number(GeoJSON.round(f.leadingH, 1))), ("peak_h", .number(GeoJSON.round(f.peakH, 1))),
                    ("mean_h", .number(GeoJSON.round(f.meanH, 1))), ("trailing_h", .number(GeoJSON.round(f.trailingH, 1))), ("peak_mg_l", .number(sig(f.peakMgL)))]) } ?? .null),
                ("warning_leading_h", .number(GeoJSON.round(p.warningLeadingH, 2))), ("warning_peak_mg_l", .number(sig(p.warningPeakMgL))),
                ("guideline_ratio", r.guideline.map { .number(sig(p.warningPeakMgL / $0.mgL)) } ?? .null)]
            if let t = time(r, p.warningLeadingH) { m.append(("warning_leading_time", .string(t))) }
            return .object(m)
        }
        let rows: [JSON] = r.notifications.map { n in
            .object([("country", .string(n.country)), ("first_checkpoint", .string(n.firstCheckpoint)), ("earliest_h", .number(GeoJSON.round(n.earliestH, 2))),
                     ("earliest_time", time(r, n.earliestH).map { .string($0) } ?? .null), ("peak_mg_l", .number(sig(n.peakMgL))),
                     ("peak_ratio", n.peakRatio.map { .number(sig($0)) } ?? .null), ("convention_applies", .bool(n.conventionApplies))])
        }
        return .object([
            ("mass_kg", .number(r.release.massKg)), ("substance", r.substance.map { .string($0) } ?? .null),
            ("guideline_mg_l", r.guideline.map { .number($0.mgL) } ?? .null), ("duration_h", .number(r.release.durationH)),
            ("decay_per_day", .number(r.release.decayPerDay)), ("start", r.start.map { .string(iso($0)) } ?? .null),
            ("flow", .string(r.regime.name)), ("q_ratio", .number(r.regime.ratio)),
            ("checkpoints", .array(cps)), ("notification", .array(rows)),
            ("assumptions", .array(r.assumptions.map { .string($0) })), ("warnings", .array(r.warnings.map { .string($0) })),
        ])
    }
}
