import Foundation

/// Control characters made visible in messages and in rejects.csv: a NUL is `\0`, other C0 controls and
/// DEL are `\x01`…`\x1f`, `\x7f`, C1 controls `\u{85}`; tab, CR and LF are `\t`, `\r`, `\n`. A terminal
/// shows a raw NUL as nothing or a space, which is how `tail\0ings` used to pass for "tailings".
enum Escaped {
    static func byte(_ b: UInt8) -> String {
        switch b {
        case 0: "\\0"
        case 0x09: "\\t"
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        default: "\\x" + (b < 0x10 ? "0" : "") + String(b, radix: 16)
        }
    }

    static func scalar(_ u: Unicode.Scalar) -> String? {
        if u.value < 0x20 || u.value == 0x7F { return byte(UInt8(u.value)) }
        if (0x80...0x9F).contains(u.value) { return "\\u{\(String(u.value, radix: 16))}" }
        return nil
    }

    /// `s` with every control character escaped (tab, CR and LF too); the rest unchanged.
    static func control(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { scalar($0) != nil }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if let e = scalar(u) { out.append(contentsOf: e.unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }

    /// The first control character of `s` other than tab, CR and LF, escaped; nil when there is none.
    static func firstIllegal(_ s: String) -> String? {
        for u in s.unicodeScalars where u != "\t" && u != "\n" && u != "\r" { if let e = scalar(u) { return e } }
        return nil
    }
}

/// For a header nobody recognised: the known column names closest to what the file has
/// ("'Lattitude' → lat?"), by edit distance on the normalised keys the matcher uses.
enum HeaderHints {
    static func nearest(_ headers: [String]) -> String {
        var known: [(key: [Character], canonical: String)] = []
        for f in Field.allCases { for a in f.aliases { known.append((Array(Vocabulary.key(a)), f.canonical)) } }
        var out: [String] = []
        for h in headers {
            let k = Array(Vocabulary.key(h))
            guard k.count >= 2, k.count <= 40 else { continue }
            var best: (d: Int, name: String)? = nil
            for (key, canonical) in known where abs(key.count - k.count) <= 3 {
                let d = distance(k, key)
                if d <= max(1, k.count / 4), best == nil || d < best!.d { best = (d, canonical) }
            }
            if let best { out.append("\(quoted(h)) → \(best.name)?") }
            if out.count == 8 { break }
        }
        return out.joined(separator: ", ")
    }

    /// Edit distance with adjacent transpositions counted as one edit ("Nmae" is 1 from "name").
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
