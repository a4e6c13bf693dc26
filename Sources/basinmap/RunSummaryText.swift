import Foundation
import AnalysisKit
import Pipeline
import GeoKit

/// The one-screen summary printed at the end of a run.
enum RunSummaryText {
    static func text(_ report: RunReport, outputDirectory: String) -> String {
        let r = report.result
        let m = r.basin.metadata
        var lines: [String] = []
        lines.append("BasinMap — \(m.name) — \(r.inventoryNames.joined(separator: ", "))")
        lines.append("records read \(r.recordsRead): accepted \(r.sites.count), rejected \(r.rejects.count), warned \(r.warnedCount)")
        if case .array(let parts)? = r.notes.first(where: { $0.0 == "inventory_parts_read" })?.1 {
            for case .string(let s) in parts { lines.append("  read \(s)") }
        }
        if case .object(let w)? = r.notes.first(where: { $0.0 == "inventory_file_warnings" })?.1,
           case .array(let list)? = w.first(where: { $0.0 == "warnings" })?.1, !list.isEmpty {
            lines.append("file warnings (\(list.count)):")
            for case .string(let s) in list.prefix(10) { lines.append("  \(s)") }
            if list.count > 10 { lines.append("  ... \(list.count - 10) more in summary.json (notes.inventory_file_warnings)") }
        }
        lines.append("transboundary impact possible: \(r.transboundaryCount(.yes)) of \(r.sites.count) sites; unknown \(r.transboundaryCount(.unknown)) (not traced to the outlet: reasons in sites.csv, transboundary_reason); none \(r.transboundaryCount(.no))")
        lines.append("class rests on stand-ins (would change within their ranges, marked ~): \(r.classMayChangeCount) sites; ranked by \(r.rankBy.rawValue) stand-ins")
        if !r.basin.warnings.isEmpty {
            let w = r.basin.warnings
            lines.append("basin warnings: \(w.count)\(w.count > 10 ? " (first 10; all in summary.json)" : "")")
            for x in w.prefix(10) { lines.append("  warning: \(x)") }
        }
        lines.append(String(format: "velocities: river %.3g m/s, reservoirs %.3g m/s", m.velocities.riverMS, m.velocities.reservoirMS))
        lines.append("")
        lines.append("highest risk:")
        for i in r.ranking.prefix(10) {
            let s = r.sites[i], a = r.digests[i]
            let idx = r.rules.rankingIndex(for: s.kind.rawValue) ?? "-"
            let score = a.rankScore
            var line = "  \(s.id) \(s.name) [\(a.country ?? "?")] \(idx) \(score.map { NumberFormat.fixed($0.value, decimals: 2) + " " + $0.className } ?? "not scored")"
            if let sc = score, sc.classMayChange { line += " ~\(sc.classLow)..\(sc.classHigh)" }
            if let f = a.firstTransboundary { line += "; river \(f.text) after \(NumberFormat.fixed(f.km, decimals: 0)) km, \(NumberFormat.fixed(f.hours, decimals: 0)) h" }
            if a.transboundary == .yes { line += " *" } else if a.transboundary == .unknown { line += " ?" }
            lines.append(line)
        }
        if r.ranking.prefix(10).contains(where: { r.digests[$0].transboundary == .yes }) {
            lines.append("  * = transboundary impact possible (the rules that fired: flag_rules in sites.csv)")
        }
        if r.ranking.prefix(10).contains(where: { r.digests[$0].transboundary == .unknown }) {
            lines.append("  ? = transboundary impact unknown (why: transboundary_reason in sites.csv)")
        }
        if r.ranking.prefix(10).contains(where: { r.digests[$0].rankScore?.classMayChange == true }) {
            lines.append("  ~low..high = the classes the index could take with its stand-ins at their least and most severe")
        }
        if !r.rejects.isEmpty {
            lines.append("")
            lines.append("rejected (first \(min(5, r.rejects.count)) of \(r.rejects.count); all in rejects.csv):")
            for j in r.rejects.prefix(5) { lines.append("  \(j.origin.description): \(j.reason)") }
        }
        lines.append("")
        lines.append("written to \(outputDirectory): " + report.outputs.map(\.file).joined(separator: ", "))
        if !report.droppedLabels.isEmpty { lines.append("map labels dropped for lack of room: \(report.droppedLabels.count) (listed in summary.json)") }
        lines.append("timings: " + r.timings.map { "\($0.stage) \(NumberFormat.fixed($0.seconds, decimals: 2)) s" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
