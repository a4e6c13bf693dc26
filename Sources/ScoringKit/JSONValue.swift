// Minimal JSON value tree (keeps booleans apart from numbers) and error location.
import Foundation

enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "unsupported JSON value")
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Parses `data`; on failure throws a `RulesError` with line/column when Foundation reports an offset.
    static func parse(_ data: Data, file: String) throws -> JSONValue {
        if let v = try? JSONDecoder().decode(JSONValue.self, from: data) { return v }
        var detail = "not valid JSON"
        var location = ""
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let ns = error as NSError
            let desc = (ns.userInfo["NSDebugDescription"] as? String) ?? ns.localizedDescription
            detail = desc
            if let offset = characterOffset(in: desc) {
                let (line, column) = lineColumn(of: offset, in: data)
                location = " at line \(line), column \(column)"
            }
        }
        throw RulesError(file: file, problem: "invalid JSON\(location): \(detail)")
    }

    /// Extracts N from "... around character N." / "... around line L, column C."
    private static func characterOffset(in text: String) -> Int? {
        guard let r = text.range(of: "character ") else { return nil }
        let digits = text[r.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// 1-based line and column of a 0-based byte offset.
    static func lineColumn(of offset: Int, in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        for (i, byte) in data.enumerated() {
            if i >= offset { break }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
