import Foundation
import GeoKit

/// How a field value is spelled in the two text formats. Both print numbers with the same digits (the
/// JSON writer's), rounded to the field's decimals; the CSV may turn the decimal point into a comma.
enum FieldBytes {
    static let null: [UInt8] = Array("null".utf8)

    static func appendNumber(_ d: Double, _ type: FieldType, to out: inout [UInt8]) {
        if case .real(let decimals?) = type { NumberFormat.appendRounded(d, decimals: decimals, to: &out) } else { out.append(contentsOf: NumberFormat.json(d).utf8) }
    }

    static func appendJSON(_ v: FieldValue, _ type: FieldType, to out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: null)
        case .text(let s): JSONWriter.appendEscaped(s, to: &out)
        case .real(let d): appendNumber(d, type, to: &out)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        }
    }

    static func appendCSV(_ v: FieldValue, _ type: FieldType, format: CSVFormat, scratch: inout [UInt8], to out: inout [UInt8]) {
        switch v {
        case .null: break
        case .text(let s): CSV.appendField(s, delimiter: format.delimiter, into: &out)
        case .real(let d):
            scratch.removeAll(keepingCapacity: true)
            appendNumber(d, type, to: &scratch)
            CSV.appendNumber(scratch, decimalComma: format.decimalComma, into: &out)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        }
    }
}
