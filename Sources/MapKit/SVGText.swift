import Foundation
import GeoKit


/// Millimetre numbers with at most 2 decimals, trailing zeros trimmed. Integer arithmetic instead of
/// String(format:): the same text on every machine and fast for tens of thousands of vertices.
@inline(__always) func mm(_ d: Double) -> String {
    guard d.isFinite else { return "0" }
    let cents = Int64((d * 100).rounded())
    if cents == 0 { return "0" }
    let neg = cents < 0
    let a = neg ? -cents : cents
    let whole = a / 100, frac = a % 100
    var s = neg ? "-" : ""
    s += String(whole)
    if frac != 0 {
        s += "."
        if frac % 10 == 0 { s += String(frac / 10) } else { s += frac < 10 ? "0" + String(frac) : String(frac) }
    }
    return s
}

/// An axis-aligned page rectangle in millimetres (y down).
struct Rect: Equatable {
    var x, y, w, h: Double
    var maxX: Double { x + w }
    var maxY: Double { y + h }
    var midX: Double { x + w / 2 }
    var midY: Double { y + h / 2 }
    func intersects(_ o: Rect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }
    func contains(_ o: Rect) -> Bool { o.x >= x && o.y >= y && o.maxX <= maxX && o.maxY <= maxY }
    func contains(x px: Double, y py: Double) -> Bool { px >= x && px <= maxX && py >= y && py <= maxY }
    func inset(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, w: w - 2 * d, h: h - 2 * d) }
    var bboxAttribute: String { "\(mm(x)) \(mm(y)) \(mm(w)) \(mm(h))" }
}

/// Text width without a font engine: per-character advance estimates (em fractions) close to DejaVu Sans
/// and Arial, slightly generous so estimated boxes enclose what renderers draw.
enum TextMetrics {
    static func width(_ s: String, size: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for ch in s.unicodeScalars {
            em += advance(ch)
        }
        return em * size * (bold ? 1.08 : 1.0)
    }

    static func advance(_ u: Unicode.Scalar) -> Double {
        switch u {
        case " ": return 0.32
        case "i", "j", "l", "'", "|", ".", ",", ":", ";", "!", "I": return 0.3
        case "f", "t", "r", "(", ")", "[", "]", "-", "\"": return 0.42
        case "m", "w", "M", "W", "—", "Ш", "Щ", "Ж", "ш", "щ", "ж", "Ю", "ю", "Ы", "ы", "%": return 0.9
        case "0"..."9": return 0.64
        case "A"..."Z": return 0.7
        case "a"..."z": return 0.6
        default:
            if u.value >= 0x0410 && u.value <= 0x042F { return 0.72 }   // Cyrillic capitals
            if u.value >= 0x0430 && u.value <= 0x045F { return 0.6 }    // Cyrillic small letters
            if u.properties.isUppercase { return 0.72 }
            return 0.64
        }
    }

    /// Greedy word wrap to `width` mm; a word longer than a line is kept whole.
    static func wrap(_ s: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty && TextMetrics.width(candidate, size: size) > width {
                lines.append(line); line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// At most `limit` characters of a name for a tooltip, with an ellipsis when cut: the full name is in
    /// sites.geojson and sites.csv, and a 10 MB name would otherwise be written into the SVG twice.
    static func capped(_ s: String, limit: Int = 1000) -> String {
        guard let end = s.index(s.startIndex, offsetBy: limit, limitedBy: s.endIndex), end < s.endIndex else { return s }
        return String(s[..<end]) + "…"
    }

    /// `XML.oneLine` of the first `limit` scalars it would produce: a label never shows more than a few
    /// dozen characters, so a 10 MB name costs no more than a short one. Truncated to any width under
    /// `limit` times the narrowest advance, the result equals truncating `XML.oneLine(s)`.
    static func oneLinePrefix(_ s: String, limit: Int = 1024) -> String {
        var out = ""
        var n = 0, lastSpace = false
        for u in s.unicodeScalars {
            if n >= limit { break }
            if u.properties.isWhitespace || u.value < 0x20 || u.value == 0x7F {
                if !lastSpace && !out.isEmpty { out += " "; n += 1 }
                lastSpace = true
            } else {
                out.unicodeScalars.append(u); lastSpace = false; n += 1
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// The text shortened at a word boundary with an ellipsis to fit `width` mm; a first word too long
    /// for the width on its own is cut by `truncate` (nothing else would fit).
    static func shorten(_ s: String, width: Double, size: Double) -> String {
        guard TextMetrics.width(s, size: size) > width else { return s }
        let words = s.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var best: String? = nil, prefix = ""
        for w in words {
            let candidate = prefix.isEmpty ? w : prefix + " " + w
            if TextMetrics.width(candidate + "…", size: size) > width { break }
            prefix = candidate; best = candidate
        }
        if let b = best {
            var b = b
            while let last = b.last, ",;:—-–·".contains(last) { b.removeLast(); while b.hasSuffix(" ") { b.removeLast() } }
            return b + "…"
        }
        return truncate(s, width: width, size: size)
    }

    /// At most `maxLines` lines of `width` mm, broken at spaces; the last line shortened at a word
    /// boundary when the text is longer.
    static func lines(_ s: String, width: Double, size: Double, maxLines: Int) -> [String] {
        var l = wrap(s, width: width, size: size)
        if l.count > maxLines {
            let rest = l[(maxLines - 1)...].joined(separator: " ")
            l = Array(l[..<(maxLines - 1)]) + [shorten(rest, width: width, size: size)]
        }
        return l.map { TextMetrics.width($0, size: size) > width ? shorten($0, width: width, size: size) : $0 }
    }

    /// The text shortened with an ellipsis to fit `width` mm: the longest prefix of whole characters that
    /// fits with the ellipsis. One pass that stops at the width, so a 10 MB name costs what its first
    /// few dozen characters do (cutting one character at a time and re-measuring was quadratic).
    static func truncate(_ s: String, width: Double, size: Double) -> String {
        let ellipsis = advance("…")
        var em = 0.0
        // The same sums in the same order as width(prefix + "…"): the cut falls where that measure puts it.
        var cut = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            var e = em
            for u in s[i].unicodeScalars { e += advance(u) }
            if e * size > width { return String(s[..<cut]) + "…" }
            em = e
            i = s.index(after: i)
            if (em + ellipsis) * size <= width { cut = i }
        }
        return s
    }
}

/// The SVG being written: a string buffer with helpers that always escape.
struct SVGOut {
    var s = ""

    mutating func line(_ t: String) { s += t; s += "\n" }

    /// A text element; `attrs` is already-escaped attribute text.
    mutating func text(_ x: Double, _ y: Double, _ content: String, attrs: String) {
        s += "<text x=\"\(mm(x))\" y=\"\(mm(y))\" \(attrs)>\(XML.escape(content))</text>\n"
    }

    /// Path data for page coordinates; consecutive points that print the same are written once.
    static func pathData(_ parts: [[(Double, Double)]], close: Bool) -> String {
        var d = ""
        for part in parts {
            var last = ""
            var n = 0
            for (i, p) in part.enumerated() {
                let xy = mm(p.0) + " " + mm(p.1)
                if xy == last { continue }
                d += (i == 0 ? "M" : (n == 1 ? "L" : " ")) + xy
                last = xy; n += 1
            }
            if close && n > 0 { d += "Z" }
        }
        return d
    }
}
