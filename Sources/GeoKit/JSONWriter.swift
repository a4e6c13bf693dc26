import Foundation

/// Writes JSON deterministically: members in the order given, numbers in a fixed shortest form.
public struct JSONWriter {
    public var out = ""
    /// Indentation for objects; nil writes compact JSON.
    public var indent: String?

    public init(indent: String? = nil) { self.indent = indent }

    public static func string(_ v: JSON, indent: String? = nil) -> String {
        var w = JSONWriter(indent: indent)
        w.write(v, level: 0)
        return w.out
    }

    public mutating func write(_ v: JSON, level: Int) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += NumberFormat.json(d)
        case .string(let s): JSONWriter.appendEscaped(s, to: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += indent == nil ? "," : ", " }
                write(item, level: level + 1)
            }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (k, (key, value)) in members.enumerated() {
                if k > 0 { out += "," }
                if let indent { out += "\n" + String(repeating: indent, count: level + 1) }
                JSONWriter.appendEscaped(key, to: &out)
                out += indent == nil ? ":" : ": "
                write(value, level: level + 1)
            }
            if let indent { out += "\n" + String(repeating: indent, count: level) }
            out += "}"
        }
    }

    /// RFC 8259 string escaping: quotes, backslash and control characters; everything else as UTF-8.
    public static func appendEscaped(_ s: String, to out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

extension JSONWriter {
    /// The same escaping as `appendEscaped(_:to:)`, into bytes (for writers that stream millions of rows).
    public static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var plain = true
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 { plain = false; break }
        if plain {
            out.append(contentsOf: s.utf8)
        } else {
            var t = ""
            appendEscaped(s, to: &t)
            out.append(contentsOf: t.utf8.dropFirst().dropLast())
        }
        out.append(0x22)
    }
}

/// Number formatting that is the same on every run and machine, and fast: values are rounded to the
/// requested decimals and printed with Swift's shortest round-trip form (no printf on the hot path).
public enum NumberFormat {
    static let powers: [Double] = (0...15).map { pow(10, Double($0)) }

    /// Integers without a fraction; otherwise up to 9 decimals, trailing zeros trimmed.
    public static func json(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        if abs(d) >= 1e6 || abs(d) < 1e-3 { return slow(d, decimals: 9, significant: true) }
        return fixed(d, decimals: 9)
    }

    /// `d` with at most `decimals` decimals, trailing zeros removed ("71.5"; "-0" becomes "0").
    public static func fixed(_ d: Double, decimals: Int, significant: Bool = false) -> String {
        guard d.isFinite else { return "null" }
        if significant || decimals > 15 || decimals < 0 { return slow(d, decimals: decimals, significant: significant) }
        let m = powers[decimals]
        let r = (d * m).rounded() / m
        if r == 0 { return "0" }
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        // Swift prints tiny and huge values with exponents: those take the slow, printf path.
        if abs(r) < 1e-4 || abs(r) >= 1e15 { return slow(d, decimals: decimals, significant: false) }
        return r.description
    }

    /// `json(GeoJSON.round(d, decimals))`, the same characters, appended as bytes without going through
    /// a String or Swift's shortest-form printer: coordinates and measures of millions of rows.
    public static func appendRounded(_ d: Double, decimals: Int, to out: inout [UInt8]) {
        let a = abs(d)
        guard decimals >= 0, decimals <= 9, a >= 1e-3, a < 1e6 else {
            out.append(contentsOf: json(GeoJSON.round(d, decimals)).utf8)
            return
        }
        let m = powers[decimals]
        let n = Int64((d * m).rounded())
        if n == 0 { out.append(UInt8(ascii: "0")); return }
        var u = UInt64(n.magnitude)
        if n < 0 { out.append(UInt8(ascii: "-")) }
        let p = UInt64(m)
        let whole = u / p
        u %= p
        appendDigits(whole, to: &out)
        guard u != 0 else { return }
        var digits = decimals
        while u % 10 == 0 { u /= 10; digits -= 1 }
        out.append(UInt8(ascii: "."))
        // Leading zeros of the fraction, then its digits.
        var width = 1, q = u
        while q >= 10 { q /= 10; width += 1 }
        for _ in 0..<(digits - width) { out.append(UInt8(ascii: "0")) }
        appendDigits(u, to: &out)
    }

    static func appendDigits(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 { out.append(UInt8(ascii: "0") + UInt8(v)); return }
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buf) { b in
            var i = b.count, x = v
            while x > 0 { i -= 1; b[i] = UInt8(ascii: "0") + UInt8(x % 10); x /= 10 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[i...]))
        }
    }

    static func slow(_ d: Double, decimals: Int, significant: Bool) -> String {
        var s = String(format: "%.\(decimals)f", d)
        if significant, abs(d) >= 1e6 || (abs(d) < 1e-3 && d != 0) { s = String(format: "%.\(decimals)g", d) }
        if s.contains(".") && !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }
}
