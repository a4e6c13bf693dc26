import Foundation

// Number and angle parsing straight from bytes: the CSV hot path must not allocate a String per field.

enum Num {
    static let pow10: [Double] = (0...22).map { pow(10.0, Double($0)) }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Trims ASCII spaces/tabs and a no-break space (C2 A0) at either end.
    static func trim(_ p: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var s = 0, e = p.count
        while true {
            if s < e, isSpace(p[s]) { s += 1 } else if s + 1 < e, p[s] == 0xC2, p[s + 1] == 0xA0 { s += 2 } else { break }
        }
        while true {
            if e > s, isSpace(p[e - 1]) { e -= 1 } else if e - 1 > s, p[e - 2] == 0xC2, p[e - 1] == 0xA0 { e -= 2 } else { break }
        }
        return UnsafeBufferPointer(rebasing: p[s..<e])
    }

    /// Parses a plain decimal number: optional sign, digits (groups of digits may be separated by a
    /// space or no-break space: "110 500"), a '.' fraction (or ',' when `decimalComma`), an exponent.
    /// Returns nil when the text is not such a number; "nan"/"inf" give NaN/infinity so callers can say
    /// "not a finite number" rather than "not a number".
    static func parse(_ raw: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Double? {
        let p = trim(raw)
        let n = p.count
        if n == 0 { return nil }
        var i = 0
        var negative = false
        if p[0] == 0x2D || p[0] == 0x2B { negative = p[0] == 0x2D; i = 1 }
        else if n >= 3, p[0] == 0xE2, p[1] == 0x88, p[2] == 0x92 { negative = true; i = 3 }  // U+2212 minus sign
        var mantissa: UInt64 = 0
        var digits = 0, exp10 = 0, sawDigit = false, sawPoint = false, exact = true
        while i < n {
            let b = p[i]
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                    if mantissa != 0 { digits += 1 }
                    if sawPoint { exp10 -= 1 }
                } else {
                    exact = false
                    if !sawPoint { exp10 += 1 }
                }
                i += 1
            } else if (b == 0x2E || (b == 0x2C && decimalComma)) && !sawPoint {
                sawPoint = true; i += 1
            } else if !sawPoint && sawDigit && i + 1 < n {
                // digit grouping: "110 500", "110\u{A0}500", thin / narrow no-break spaces
                var skip = 0
                if b == 0x20 || b == 0x27 { skip = 1 }  // space, apostrophe (Swiss style)
                else if b == 0xC2 && p[i + 1] == 0xA0 { skip = 2 }
                else if b == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0xAF || p[i + 2] == 0x89) { skip = 3 }
                if skip == 0 || i + skip >= n || !(p[i + skip] >= 0x30 && p[i + skip] <= 0x39) { break }
                i += skip
            } else { break }
        }
        if !sawDigit { return special(p) }
        if i < n && (p[i] == 0x65 || p[i] == 0x45) {  // exponent
            i += 1
            var eneg = false
            if i < n && (p[i] == 0x2D || p[i] == 0x2B) { eneg = p[i] == 0x2D; i += 1 }
            var e = 0, ed = false
            while i < n, p[i] >= 0x30, p[i] <= 0x39 { e = min(e * 10 + Int(p[i] - 0x30), 100_000); ed = true; i += 1 }
            if !ed { return nil }
            exp10 += eneg ? -e : e
        }
        if i != n { return nil }
        var v: Double
        if exact && mantissa < (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            // Clinger's fast path: both operands exact, one correctly rounded operation.
            v = Double(mantissa)
            v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10]
        } else {
            v = slow(p, decimalComma: decimalComma)
        }
        return negative ? -v : v
    }

    /// strtod on a cleaned copy (grouping removed, ',' -> '.'), for long mantissas and large exponents.
    private static func slow(_ p: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Double {
        var c: [CChar] = []
        c.reserveCapacity(p.count + 1)
        for b in p {
            if (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x65 || b == 0x45 || b == 0x2B || b == 0x2D { c.append(CChar(bitPattern: b)) }
            else if b == 0x2C && decimalComma { c.append(0x2E) }
        }
        if let f = c.first, f == 0x2D || f == 0x2B { c.removeFirst() }
        c.append(0)
        return strtod(c, nil)
    }

    private static func special(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        guard p.count <= 9 else { return nil }
        let s = String(decoding: p, as: UTF8.self).lowercased()
        switch s {
        case "nan", "-nan", "+nan": return .nan
        case "inf", "infinity", "+inf", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }

    static func parse(_ s: String, decimalComma: Bool) -> Double? {
        var s = s
        return s.withUTF8 { parse($0, decimalComma: decimalComma) }
    }
}

enum Axis { case lat, lon }

/// Degrees-minutes-seconds text in the forms inventories use: 40°30'15"N, 40°30′15″ N, 72 28 34 E,
/// 40:30:15N, 40d30m15s, N40°30.25', 40°30'15" с.ш., 72°28' в.д., -40.5 (with sign), 40,5 with a
/// decimal comma (semicolon files only).
enum Angle {
    enum Hemisphere { case north, south, east, west }

    static let hemispheres: [String: Hemisphere] = [
        "n": .north, "s": .south, "e": .east, "w": .west, "north": .north, "south": .south, "east": .east, "west": .west,
        "с": .north, "сш": .north, "ю": .south, "юш": .south, "в": .east, "вд": .east, "з": .west, "зд": .west,
    ]

    /// Separators: ° º ˚ ' " ′ ″ ’ ” : spaces, dots between hemisphere letters (с.ш.), commas.
    static let separators: Set<Unicode.Scalar> = ["°", "º", "˚", "'", "\"", "′", "″", "’", "”", "‘", "“", ":", " ", "\t", "\u{A0}", ".", ",", "`", "´"]

    /// The angle in decimal degrees, or a message saying what is wrong.
    static func parse(_ text: String, axis: Axis, decimalComma: Bool) -> Result<Double, AngleError> {
        let scalars = Array(text.lowercased().unicodeScalars)
        var numbers: [String] = []       // up to three: degrees, minutes, seconds
        var letters = ""                 // hemisphere letters, concatenated
        var negative = false
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if ("0"..."9").contains(u) {
                var num = ""
                while i < scalars.count {
                    let c = scalars[i]
                    if ("0"..."9").contains(c) { num.unicodeScalars.append(c); i += 1 }
                    else if (c == "." || (c == "," && decimalComma)) && i + 1 < scalars.count && ("0"..."9").contains(scalars[i + 1]) && !num.contains(".") {
                        num += "."; i += 1
                    } else { break }
                }
                numbers.append(num)
                // A unit letter right after a number: d/m/s only in its own position (40d30m15s).
                if i < scalars.count {
                    let c = scalars[i]
                    let unit: Unicode.Scalar? = numbers.count == 1 ? "d" : numbers.count == 2 ? "m" : numbers.count == 3 ? "s" : nil
                    if let unit, c == unit, !(i + 1 < scalars.count && scalars[i + 1].properties.isAlphabetic) { i += 1 }
                }
                continue
            }
            if u == "-" || u == "\u{2212}" {
                if !numbers.isEmpty { return .failure(.init("a minus sign after the degrees")) }
                negative = true; i += 1; continue
            }
            if u == "+" { i += 1; continue }
            if u.properties.isAlphabetic { letters.unicodeScalars.append(u); i += 1; continue }
            if separators.contains(u) { i += 1; continue }
            return .failure(.init("unexpected character '\(u)'"))
        }
        if numbers.isEmpty { return .failure(.init("no digits")) }
        if numbers.count > 3 { return .failure(.init("more than three numbers (degrees, minutes, seconds)")) }
        var hemi: Hemisphere? = nil
        if !letters.isEmpty {
            guard let h = hemispheres[letters] else { return .failure(.init("unrecognised letters '\(letters)' (expected a hemisphere N, S, E, W, с.ш., ю.ш., в.д., з.д.)")) }
            hemi = h
        }
        let parts = numbers.compactMap(Double.init)
        guard parts.count == numbers.count else { return .failure(.init("unreadable number")) }
        for k in 0..<(parts.count - 1) where numbers[k].contains(".") {
            return .failure(.init("a decimal fraction in the \(k == 0 ? "degrees" : "minutes") followed by more numbers"))
        }
        if parts.count > 1 && parts[1] >= 60 { return .failure(.init("minutes must be below 60")) }
        if parts.count > 2 && parts[2] >= 60 { return .failure(.init("seconds must be below 60")) }
        var v = parts[0] + (parts.count > 1 ? parts[1] / 60 : 0) + (parts.count > 2 ? parts[2] / 3600 : 0)
        if let hemi {
            switch (hemi, axis) {
            case (.east, .lat), (.west, .lat): return .failure(.init("hemisphere \(hemi == .east ? "E" : "W") in a latitude"))
            case (.north, .lon), (.south, .lon): return .failure(.init("hemisphere \(hemi == .north ? "N" : "S") in a longitude"))
            default: break
            }
            if negative { return .failure(.init("both a minus sign and a hemisphere letter")) }
            if hemi == .south || hemi == .west { v = -v }
        } else if negative { v = -v }
        return .success(v)
    }
}

struct AngleError: Error { var message: String; init(_ m: String) { message = m } }

/// A number as inventories write it (digit groups, a decimal point or, failing that, a decimal comma), for
/// callers outside the readers: extra columns read after the fact. nil when the text is no finite number.
public enum InventoryNumber {
    public static func parse(_ text: String) -> Double? {
        guard let v = Num.parse(text, decimalComma: false) ?? Num.parse(text, decimalComma: true), v.isFinite else { return nil }
        return v
    }
}
