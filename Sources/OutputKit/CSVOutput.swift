import Foundation
import GeoKit
import SiteKit
import AnalysisKit

/// How a CSV file is laid out: RFC 4180 by default; `;` and a decimal comma for spreadsheets set to a
/// locale (Russian, German, ...) where the comma is the decimal separator.
public struct CSVFormat: Sendable {
    public var delimiter: UInt8
    public var decimalComma: Bool
    public var bom: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), decimalComma: Bool = false, bom: Bool = false) {
        self.delimiter = delimiter; self.decimalComma = decimalComma; self.bom = bom
    }

    public var delimiterText: String { String(UnicodeScalar(delimiter)) }
}

/// RFC 4180 CSV text: fields quoted when they hold the delimiter, a quote, CR or LF; quotes doubled.
/// A text cell that a spreadsheet could run as a formula gets a leading apostrophe: one starting with
/// = + - @, a tab, or a CR or LF (spreadsheets skip a leading line break and then see the formula).
/// The one escaper of every CSV file the tool writes (sites.csv rows, rejects.csv, headers).
public enum CSV {
    @inline(__always) static func isFormulaStart(_ b: UInt8) -> Bool {
        b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D || b == 0x0A
    }

    /// Appends one escaped cell.
    public static func appendField(_ s: String, text: Bool = true, delimiter: UInt8 = UInt8(ascii: ","), into out: inout [UInt8]) {
        let u = s.utf8
        let defuse = text && (u.first.map(isFormulaStart) ?? false)
        var quote = false
        for b in u where b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D { quote = true; break }
        if quote { out.append(0x22) }
        if defuse { out.append(0x27) }
        if quote {
            for b in u { out.append(b); if b == 0x22 { out.append(0x22) } }
            out.append(0x22)
        } else {
            out.append(contentsOf: u)
        }
    }

    public static func field(_ s: String, text: Bool = true, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        var b: [UInt8] = []
        b.reserveCapacity(s.utf8.count + 2)
        appendField(s, text: text, delimiter: delimiter, into: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// A number as written by the JSON writer, with the decimal point made a comma when asked.
    public static func appendNumber(_ digits: some Collection<UInt8>, decimalComma: Bool, into out: inout [UInt8]) {
        if decimalComma { for b in digits { out.append(b == 0x2E ? 0x2C : b) } } else { out.append(contentsOf: digits) }
    }

    public static func cell(_ j: JSON, format: CSVFormat = CSVFormat()) -> String {
        switch j {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let d):
            var b: [UInt8] = []
            appendNumber(NumberFormat.json(d).utf8, decimalComma: format.decimalComma, into: &b)
            return String(decoding: b, as: UTF8.self)
        case .string(let s): return field(s, delimiter: format.delimiter)
        default: return field(JSONWriter.string(j), delimiter: format.delimiter)
        }
    }

    /// A header or row of already escaped cells.
    public static func line(_ cells: [String], delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        cells.joined(separator: String(UnicodeScalar(delimiter))) + "\r\n"
    }

    /// A header of names, escaped like any cell (an inventory's column name is untrusted text too).
    public static func header(_ names: [String], format: CSVFormat) -> String {
        (format.bom ? "\u{FEFF}" : "") + line(names.map { field($0, delimiter: format.delimiter) }, delimiter: format.delimiter)
    }
}

public enum CSVOutput {
    /// rejects.csv: source, line, feature, id, field, value, reason — one row per rejected record. A spreadsheet's
    /// record gives "file, sheet 'S', column C" as its source and its row as its line; a GIS layer's "file, layer 'L'" and its FID.
    public static func rejects(_ rejects: [Reject], bom: Bool) -> String { self.rejects(rejects, format: CSVFormat(bom: bom)) }

    public static func rejects(_ rejects: [Reject], format: CSVFormat) -> String {
        let d = format.delimiter
        var out = CSV.header(["source", "line", "feature", "id", "field", "value", "reason"], format: format)
        for j in rejects {
            out += CSV.line([CSV.field(j.origin.part.map { "\(j.origin.file), \($0)" } ?? j.origin.file, delimiter: d), (j.origin.line ?? j.origin.row).map(String.init) ?? "", j.origin.feature.map(String.init) ?? "",
                             CSV.field(j.id ?? "", delimiter: d), CSV.field(j.field ?? "", delimiter: d), CSV.field(j.value ?? "", delimiter: d),
                             CSV.field(j.reason, delimiter: d)], delimiter: d)
        }
        return out
    }
}
