import Foundation

// Numbers as ministries write them: "2,6 млн", "110 500 м3", "3 923,9 тыс. т", "1,2 km³", "0,3 g",
// "~2 млн", ">2 million". The hot path (a plain number) never comes here: RecordBuilder tries
// Num.parse on the bytes first and calls this only when that fails or the header carries a unit.

/// What a numeric field measures; a value in another dimension is refused, never converted.
enum QuantityKind: Sendable {
    case volume, mass, length, count, acceleration, intensity

    var name: String {
        switch self {
        case .volume: "a volume"
        case .mass: "a mass"
        case .length: "a length"
        case .count: "a count"
        case .acceleration: "an acceleration"
        case .intensity: "an intensity"
        }
    }
    var baseUnit: String {
        switch self {
        case .volume: "m3"
        case .mass: "t"
        case .length: "m"
        case .count: ""
        case .acceleration: "m/s2"
        case .intensity: "MSK-64 points"
        }
    }
}

struct QuantityError: Error { var message: String }

/// A value in the field's base unit, and a note when the text said more than a plain number
/// (approximate, a bound, a range) that the site's warnings should carry.
struct QuantityValue { var value: Double; var note: String? }

enum Quantity {
    /// Magnitude words, longest spelling first so "тысяч" is not read as "тыс" + "яч".
    static let magnitudes: [(String, Int)] = [
        ("миллиардов", 9), ("миллиарда", 9), ("миллиард", 9), ("billions", 9), ("billion", 9), ("млрд", 9), ("bln", 9), ("bn", 9),
        ("миллионов", 6), ("миллиона", 6), ("миллион", 6), ("millions", 6), ("million", 6), ("млн", 6), ("mln", 6), ("mio", 6),
        ("thousands", 3), ("thousand", 3), ("тысяч", 3), ("тысячи", 3), ("тысяча", 3), ("тыс", 3),
    ]

    /// Unit spellings after compaction (lower case, ё -> е, ³ -> 3, spaces, dots and slashes removed).
    static let units: [String: (QuantityKind, Double)] = {
        var d: [String: (QuantityKind, Double)] = [:]
        func add(_ dim: QuantityKind, _ f: Double, _ names: [String]) { for n in names { d[n] = (dim, f) } }
        add(.volume, 1, ["m3", "м3", "кубм", "куб", "кубометр", "кубометра", "кубометров", "cum", "cbm", "cubicmetres", "cubicmeters"])
        add(.volume, 1e9, ["km3", "км3", "кубкм"])
        add(.mass, 1, ["t", "т", "тн", "тонн", "тонна", "тонны", "tonnes", "tonne", "tons", "ton"])
        add(.mass, 1e3, ["kt", "кт"])
        add(.mass, 1e6, ["mt", "мт"])
        add(.mass, 1e-3, ["kg", "кг"])
        add(.length, 1, ["m", "м", "метр", "метра", "метров", "metres", "meters", "metre", "meter"])
        add(.length, 1e3, ["km", "км"])
        add(.count, 1, ["чел", "человек", "people", "persons", "inhabitants", "жителей", "жит", "шт", "ед"])
        add(.acceleration, 1, ["ms2", "мс2"])
        add(.acceleration, 9.80665, ["g"])
        add(.acceleration, 0.01, ["cms2", "смс2", "gal", "гал"])
        add(.intensity, 1, ["балл", "балла", "баллы", "баллов", "msk", "мск", "msk64", "мск64"])
        return d
    }()

    /// Words before a number that qualify it. Approximate values are read as written; bounds too,
    /// with a note saying which side the true value lies on.
    static let qualifiers: [(String, String)] = [
        ("примерно", "approximate"), ("около", "approximate"), ("approx", "approximate"), ("about", "approximate"), ("ок", "approximate"),
        ("~", "approximate"), ("≈", "approximate"), ("ca", "approximate"), ("circa", "approximate"),
        ("более", "lower bound"), ("свыше", "lower bound"), ("больше", "lower bound"), ("over", "lower bound"), ("more than", "lower bound"),
        ("≥", "lower bound"), (">=", "lower bound"), (">", "lower bound"),
        ("менее", "upper bound"), ("меньше", "upper bound"), ("less than", "upper bound"), ("under", "upper bound"),
        ("≤", "upper bound"), ("<=", "upper bound"), ("<", "upper bound"),
    ]

    /// Cells that say "no data" in a numeric column: read as empty (a missing input), not as a bad value.
    static let noData: Set<String> = ["-", "—", "–", "--", "?", "нд", "н/д", "n/a", "na", "нетданных", "nodata", "unknown", "неизвестно"]

    static func isNoData(_ s: String) -> Bool {
        let c = compact(s)
        return noData.contains(c) || noData.contains(s.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func compact(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.lowercased().unicodeScalars {
            switch u {
            case " ", "\t", "\u{A0}", "\u{202F}", "\u{2009}", ".", "/", "·": continue
            case "ё": out.append("е")
            case "³": out.append("3")
            case "²": out.append("2")
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// The factor and dimension of a unit text such as "тыс. м3", "млн т", "km³", "" (nil dimension: a bare number).
    static func unit(_ text: String) -> (dimension: QuantityKind?, factor: Double, exponent: Int)? {
        let c = compact(text)
        if c.isEmpty { return (nil, 1, 0) }
        for (m, e) in magnitudes + [("", 0)] where c.hasPrefix(m) {
            let rest = String(c.dropFirst(m.count))
            if rest.isEmpty { return (nil, 1, e) }
            if let (d, f) = units[rest] { return (d, f, e) }
        }
        return nil
    }

    /// Splits "2,6 млн м3" into the number text "2,6" and the suffix "млн м3".
    static func split(_ s: String) -> (number: String, suffix: String) {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        var sawDigit = false
        func isDigit(_ k: Int) -> Bool { k < scalars.count && ("0"..."9").contains(scalars[k]) }
        while i < scalars.count {
            let u = scalars[i]
            if ("0"..."9").contains(u) { sawDigit = true; i += 1; continue }
            if u == "." || u == "," || u == "'" || u == " " || u == "\u{A0}" || u == "\u{202F}" || u == "\u{2009}" { i += 1; continue }
            if (u == "-" || u == "+" || u == "\u{2212}") && !sawDigit { i += 1; continue }
            if (u == "e" || u == "E") && sawDigit && (isDigit(i + 1) || ((i + 1 < scalars.count) && (scalars[i + 1] == "-" || scalars[i + 1] == "+") && isDigit(i + 2))) {
                i += 2; continue
            }
            break
        }
        var number = String.UnicodeScalarView(scalars[0..<i])
        var suffix = String.UnicodeScalarView(scalars[i...])
        // A trailing separator belongs to neither: "2,6 " + "млн".
        while let l = number.last, l == " " || l == "\u{A0}" || l == "," || l == "." { number.removeLast() }
        while let f = suffix.first, f == " " { suffix.removeFirst() }
        return (String(number), String(suffix))
    }

    /// Reads a quantity; the result is in the dimension's base unit. `headerUnit` is the unit the
    /// column's header gives ("тыс. м3" from "Объём, тыс. м3"); a unit in the cell takes precedence.
    static func parse(_ text: String, _ dim: QuantityKind, decimalComma: Bool, headerUnit: String? = nil) -> Result<QuantityValue, QuantityError> {
        var t = text.trimmingCharacters(in: .whitespaces)
        var note: String? = nil
        let lower = t.lowercased()
        for (q, what) in qualifiers where lower.hasPrefix(q) {
            // A word qualifier must end at a non-letter ("около 2", not "окончательно").
            let after = lower.unicodeScalars.dropFirst(q.unicodeScalars.count).first
            if let a = after, a.properties.isAlphabetic, q.unicodeScalars.first!.properties.isAlphabetic { continue }
            t = String(t.unicodeScalars.dropFirst(q.unicodeScalars.count)).trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(".") { t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces) }
            note = what
            break
        }
        let (numberText, suffix) = split(t)
        guard !numberText.isEmpty, numberText.contains(where: \.isNumber) else {
            return .failure(QuantityError(message: "not a number"))
        }
        let unitText = suffix.isEmpty ? (headerUnit ?? "") : suffix
        guard let u = unit(unitText) else {
            return .failure(QuantityError(message: suffix.isEmpty ? "unit '\(unitText)' (from the header) not understood"
                                                         : "unit '\(suffix)' not understood"))
        }
        if let d = u.dimension, d != dim {
            let shown = suffix.isEmpty ? "the header's unit '\(unitText)'" : "'\(suffix)'"
            var m = "\(shown) is \(d.name), not \(dim.name)"
            if dim == .volume && d == .mass { m += "; a mass becomes a volume only with the tailings' density, so give the volume in m3 and keep the mass in another column" }
            return .failure(QuantityError(message: m))
        }
        let comma: CommaUse
        switch commaReading(numberText, decimalComma: decimalComma, hasUnit: !suffix.isEmpty || u.exponent != 0 || u.factor != 1) {
        case .failure(let e): return .failure(e)
        case .success(let c): comma = c
        }
        let cleaned = comma == .grouping ? numberText.replacingOccurrences(of: ",", with: "") : numberText
        let hasExponent = cleaned.lowercased().contains("e")
        // The magnitude goes into the exponent, so "2,6 млн" is exactly 2600000 rather than 2.6 * 1e6.
        guard var v = Num.parse(cleaned + (u.exponent != 0 && !hasExponent ? "e\(u.exponent)" : ""), decimalComma: comma == .decimal) else {
            return .failure(QuantityError(message: "not a number"))
        }
        if u.exponent != 0 && hasExponent { v *= Num.pow10[u.exponent] }
        if u.factor != 1 { v *= u.factor }
        var notes: [String] = []
        if let n = note { notes.append("\(quoted(text)) is \(n == "approximate" ? "an approximate value" : "a \(n)"); read as \(fmt(v))") }
        if !suffix.isEmpty, let h = headerUnit, let hu = unit(h), hu.exponent != 0 || hu.factor != 1 {
            notes.append("\(quoted(text)) gives its own unit; read as \(fmt(v)) \(dim.baseUnit), not in the header's '\(h)'")
        }
        note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return .success(QuantityValue(value: v, note: note))
    }

    /// Whether a ',' in the number is a decimal comma. In ';'/tab files it always is. In ',' files a
    /// number with a unit or magnitude word ("2,6 млн", quoted) is read with a decimal comma unless
    /// the comma groups thousands ("2,600,000"); one comma before exactly three digits is ambiguous.
    enum CommaUse { case plain, decimal, grouping }

    static func commaReading(_ n: String, decimalComma: Bool, hasUnit: Bool) -> Result<CommaUse, QuantityError> {
        if decimalComma { return .success(.decimal) }
        if !n.contains(",") { return .success(.plain) }
        let groups = n.split(separator: ",", omittingEmptySubsequences: false)
        let tailDigits = groups.dropFirst().map { $0.prefix { $0.isNumber }.count }
        if groups.count > 2 && tailDigits.allSatisfy({ $0 == 3 }) { return .success(.grouping) }  // 2,600,000
        guard hasUnit else { return .success(.plain) }  // a bare "110,5": Num.parse refuses it and the caller explains
        if groups.count == 2 && tailDigits[0] == 3 {
            return .failure(QuantityError(message: "the comma may be a decimal comma or a thousands separator; write the number without it, or with a decimal point"))
        }
        return .success(groups.count == 2 ? .decimal : .plain)
    }

    static let romans: [String: Double] = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12]

    /// An MSK-64 intensity: "8", "VIII", "8 баллов", "7-8" or "VII–VIII" (a range: the higher value is
    /// used, which is the precautionary reading, with a note).
    static func intensity(_ text: String, decimalComma: Bool, headerUnit: String?) -> Result<QuantityValue, QuantityError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        let dashes: Set<Character> = ["-", "–", "—", "…"]
        if let k = t.firstIndex(where: { dashes.contains($0) }), k != t.startIndex {
            let a = single(String(t[..<k]), decimalComma, headerUnit), b = single(String(t[t.index(after: k)...]), decimalComma, headerUnit)
            if let a, let b {
                let hi = max(a, b)
                return .success(QuantityValue(value: hi, note: "\(quoted(text)) is a range; the higher intensity \(fmt(hi)) is used"))
            }
        }
        if let v = single(t, decimalComma, headerUnit) { return .success(QuantityValue(value: v, note: nil)) }
        return .failure(QuantityError(message: "not an intensity"))
    }

    private static func single(_ s: String, _ dc: Bool, _ headerUnit: String?) -> Double? {
        var words = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).map(String.init)
        while words.count > 1, let last = words.last, let u = unit(last), u.dimension == .intensity { words.removeLast() }
        let core = words.joined(separator: " ")
        if let r = romans[core.replacingOccurrences(of: "х", with: "x")] { return r }  // Cyrillic х for X happens
        if case .success(let q) = parse(core, .intensity, decimalComma: dc, headerUnit: headerUnit), q.note == nil { return q.value }
        return nil
    }
}
