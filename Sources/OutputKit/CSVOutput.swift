import Foundation
import GeoKit
import SiteKit
import AnalysisKit

/// RFC 4180 CSV text: fields quoted when they hold the delimiter, a quote, CR or LF; quotes doubled.
/// A text cell that starts with = + - @ gets a leading apostrophe so spreadsheets never run it as a formula.
public enum CSV {
    public static func field(_ s: String, text: Bool = true) -> String {
        var v = s
        if text, let f = v.unicodeScalars.first, "=+-@".unicodeScalars.contains(f) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    public static func cell(_ j: JSON) -> String {
        switch j {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return NumberFormat.json(d)
        case .string(let s): return field(s)
        default: return field(JSONWriter.string(j))
        }
    }

    public static func line(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}

public enum CSVOutput {
    /// rejects.csv: source, line, feature, id, field, value, reason — one row per rejected record.
    public static func rejects(_ rejects: [Reject], bom: Bool) -> String {
        var out = bom ? "\u{FEFF}" : ""
        out += CSV.line(["source", "line", "feature", "id", "field", "value", "reason"])
        for j in rejects {
            out += CSV.line([CSV.field(j.origin.file), j.origin.line.map(String.init) ?? "", j.origin.feature.map(String.init) ?? "",
                             CSV.field(j.id ?? ""), CSV.field(j.field ?? ""), CSV.field(j.value ?? ""), CSV.field(j.reason)])
        }
        return out
    }
}
