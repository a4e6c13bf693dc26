import Foundation
import GeoKit

// Header names -> fields. The names are data (Resources/columns.json, copied by SwiftPM into the
// BasinMap_SiteKit.resources folder beside the binary); this file only normalises and looks up.

/// A header split into its matching key and its unit text: "Объём хвостов, тыс. м3" -> key
/// "объемхвостов", unit "тыс. м3"; "Код объекта" -> "код"; "Stored volume (m3)" -> "storedvolume", "m3".
struct HeaderKey: Equatable {
    var key: String
    /// The first bracketed, after-comma or trailing piece that reads as a unit.
    var unit: String?
    /// Every such piece, for the warning when none reads as a unit.
    var unitText: String?
}

struct ColumnTable: Sendable {
    /// Normalised alias -> field.
    let byKey: [String: Field]
    /// The aliases as written in the file, per `Field.rawValue` (for messages).
    let aliases: [[String]]
    let fillers: Set<String>
    let units: Set<String>
    /// Alias keys as scalar arrays, for the did-you-mean search.
    let suggestionKeys: [(key: [Unicode.Scalar], field: Field)]
    /// Two aliases of different fields with the same key (a mistake in the file; a test keeps it empty).
    let conflicts: [String]
    /// Set when the file could not be read: then only the canonical names are known.
    let problem: String?

    static let builtIn: ColumnTable = {
        for url in candidateURLs() where FileManager.default.fileExists(atPath: url.path) {
            do { return try ColumnTable(data: Data(contentsOf: url)) } catch {
                return ColumnTable(fallbackBecause: "column alias table \(url.path) unreadable (\(error)); only canonical column names are recognised")
            }
        }
        return ColumnTable(fallbackBecause: "column alias table columns.json not found beside the program (BasinMap_SiteKit.resources); only canonical column names (id, name, kind, lat, lon ...) are recognised")
    }()

    /// The SwiftPM resource folder beside the executable (Linux and macOS layouts), then the source tree.
    static func candidateURLs() -> [URL] {
        let main = Bundle.main.bundleURL
        let exeDir = (Bundle.main.executableURL ?? main).deletingLastPathComponent()
        var out: [URL] = []
        for dir in [main, exeDir] {
            out.append(dir.appendingPathComponent("BasinMap_SiteKit.resources/columns.json"))
            out.append(dir.appendingPathComponent("BasinMap_SiteKit.bundle/Contents/Resources/columns.json"))
            out.append(dir.appendingPathComponent("BasinMap_SiteKit.bundle/columns.json"))
        }
        out.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/columns.json"))
        return out
    }

    init(data: Data) throws {
        let root = try JSON.parse(data)
        guard let fields = root["fields"]?.objectValue else { throw QuantityError(message: "no 'fields' object") }
        let fillers = Set((root["filler_words"]?.arrayValue ?? []).compactMap(\.stringValue).map { Self.fold($0) })
        let units = Set((root["unit_words"]?.arrayValue ?? []).compactMap(\.stringValue).map { Self.fold($0) })
        var names = Array(repeating: [String](), count: Field.allCases.count)
        for (name, list) in fields {
            guard let f = Field.allCases.first(where: { $0.canonical == name }) else { throw QuantityError(message: "unknown field '\(name)'") }
            names[f.rawValue] = (list.arrayValue ?? []).compactMap(\.stringValue)
        }
        self.init(aliases: names, fillers: fillers, units: units, problem: nil)
    }

    init(fallbackBecause problem: String) {
        self.init(aliases: Field.allCases.map { [$0.canonical] }, fillers: [], units: [], problem: problem)
    }

    private init(aliases: [[String]], fillers: Set<String>, units: Set<String>, problem: String?) {
        var by: [String: Field] = [:], conflicts: [String] = [], sk: [(key: [Unicode.Scalar], field: Field)] = []
        var names = aliases
        for f in Field.allCases where !names[f.rawValue].contains(f.canonical) { names[f.rawValue].insert(f.canonical, at: 0) }
        for f in Field.allCases {
            for a in names[f.rawValue] {
                let k = Self.split(a, fillers: fillers, units: units).key
                if k.isEmpty { continue }
                if let g = by[k], g != f { conflicts.append("'\(a)' (\(f.canonical)) and an alias of \(g.canonical) both normalise to '\(k)'"); continue }
                if by[k] == nil { by[k] = f; sk.append((Array(k.unicodeScalars), f)) }
            }
        }
        byKey = by; self.aliases = names; self.fillers = fillers; self.units = units
        suggestionKeys = sk; self.conflicts = conflicts; self.problem = problem
    }

    func field(_ h: String) -> Field? { byKey[key(h).key] }
    func key(_ h: String) -> HeaderKey { Self.split(h, fillers: fillers, units: units) }

    /// Lower case, ё -> е, superscript digits as digits.
    static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.lowercased().unicodeScalars {
            switch u {
            case "ё": out.append("е")
            case "³": out.append("3")
            case "²": out.append("2")
            default: out.append(u)
            }
        }
        return String(out)
    }

    static func split(_ header: String, fillers: Set<String>, units: Set<String>) -> HeaderKey {
        if let k = asciiSplit(header, fillers: fillers, units: units) { return k }
        var words: [String] = [], pieces: [String] = []
        var word = String.UnicodeScalarView(), piece = String.UnicodeScalarView()
        var depth = 0, afterComma = false
        func endWord() { if !word.isEmpty { words.append(String(word)); word = String.UnicodeScalarView() } }
        func endPiece() {
            let t = String(piece).trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { pieces.append(t) }
            piece = String.UnicodeScalarView()
        }
        for u in fold(header).unicodeScalars {
            if u == "(" || u == "[" || u == "{" { if depth == 0 { endWord(); endPiece() }; depth += 1; continue }
            if u == ")" || u == "]" || u == "}" { depth = max(0, depth - 1); if depth == 0 { endPiece() }; continue }
            if depth > 0 { piece.append(u); continue }
            if u == "," && (afterComma || !words.isEmpty || !word.isEmpty) { endWord(); endPiece(); afterComma = true; continue }
            if afterComma { piece.append(u); continue }
            if u.properties.isAlphabetic || u.properties.numericType != nil { word.append(u) } else { endWord() }
        }
        endWord(); endPiece()
        let kept = words.filter { !fillers.contains($0) }
        if !kept.isEmpty { words = kept }
        var trailing: [String] = []
        while words.count > 1, let last = words.last, units.contains(last) { trailing.insert(last, at: 0); words.removeLast() }
        if !trailing.isEmpty { pieces.append(trailing.joined(separator: " ")) }
        // The unit is the first piece that reads as one: "Объём (на 01.01.2023), тыс. м3" -> "тыс. м3".
        let unit = pieces.first { Quantity.unit($0) != nil }
        return HeaderKey(key: words.joined(), unit: unit, unitText: pieces.isEmpty ? nil : pieces.joined(separator: ", "))
    }

    /// The same for the common plain-ASCII header without brackets or commas, on bytes: a file with a
    /// million generated column names spends microseconds per name here, not Unicode property look-ups.
    private static func asciiSplit(_ header: String, fillers: Set<String>, units: Set<String>) -> HeaderKey? {
        var h = header
        return h.withUTF8 { p -> HeaderKey? in
            var words: [String] = []
            var start = -1
            var i = 0
            while i < p.count {
                let b = p[i]
                if b >= 0x80 || b == 0x28 || b == 0x5B || b == 0x7B || b == 0x2C { return nil }
                let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                if alnum { if start < 0 { start = i } } else if start >= 0 {
                    words.append(lowerASCII(UnsafeBufferPointer(rebasing: p[start..<i]))); start = -1
                }
                i += 1
            }
            if start >= 0 { words.append(lowerASCII(UnsafeBufferPointer(rebasing: p[start...]))) }
            if words.count == 1 { return HeaderKey(key: words[0], unit: nil, unitText: nil) }
            let kept = words.filter { !fillers.contains($0) }
            if !kept.isEmpty { words = kept }
            var trailing: [String] = []
            while words.count > 1, let last = words.last, units.contains(last) { trailing.insert(last, at: 0); words.removeLast() }
            let t = trailing.joined(separator: " ")
            return HeaderKey(key: words.joined(), unit: t.isEmpty || Quantity.unit(t) == nil ? nil : t, unitText: t.isEmpty ? nil : t)
        }
    }

    private static func lowerASCII(_ p: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: p.count) { out in
            var i = 0
            while i < p.count { let b = p[i]; out[i] = b >= 0x41 && b <= 0x5A ? b + 0x20 : b; i += 1 }
            return p.count
        }
    }

    /// The field an unknown header most resembles: edit distance on normalised keys within a bound that
    /// grows with length (1 up to 4 letters, 2 up to 8, then 3), or a known key of 5+ letters the header
    /// starts with ("сейсмичностьплощадки"). Cost: one banded comparison per alias.
    func suggestion(for h: String) -> Field? {
        let k = Array(key(h).key.unicodeScalars)
        guard k.count >= 3, k.count <= 64 else { return nil }
        let bound = k.count <= 4 ? 1 : k.count <= 8 ? 2 : 3
        var best: (d: Int, f: Field)? = nil
        for (a, f) in suggestionKeys {
            if a.count >= 5 && k.count > a.count && k.starts(with: a) {
                if best == nil || best!.d > bound { best = (bound, f) }
                continue
            }
            if abs(a.count - k.count) > bound { continue }
            let d = Self.distance(k, a, bound: bound)
            if d <= bound && (best == nil || d < best!.d) { best = (d, f) }
        }
        return best?.f
    }

    /// Levenshtein distance, or bound + 1 as soon as every entry of a row exceeds the bound.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev = Array(0...b.count), cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > bound { return bound + 1 }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

/// A user's header -> field mapping (`--columns FILE`): a JSON object such as
/// {"Объём хвостов, тыс. м3": "stored_volume_m3", "Код": null}. A header is matched by its text (case,
/// ё/е and spacing ignored), then by its normalised key; null (or "") keeps the column as an extra
/// column instead of the field the alias table would give it.
public struct ColumnMapping: Sendable {
    public let source: String
    let exact: [String: Field?]
    let normalised: [String: Field?]

    public static func load(_ url: URL) throws -> ColumnMapping {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InventoryReadError(path: url.path, reason: "cannot read the --columns file (\(error.localizedDescription))")
        }
        let root: JSON
        do { root = try JSON.parse(data) } catch {
            throw InventoryReadError(path: url.path, reason: "--columns file is not valid JSON (\(error)); expected an object such as {\"Объём, тыс. м3\": \"stored_volume_m3\"}")
        }
        guard let pairs = root.objectValue else {
            throw InventoryReadError(path: url.path, reason: "--columns file must hold one JSON object mapping headers to fields, found \(root.typeName)")
        }
        var out: [(String, String?)] = []
        for (h, v) in pairs {
            if v.isNull { out.append((h, nil)); continue }
            guard let s = v.stringValue else {
                throw InventoryReadError(path: url.path, reason: "--columns entry \(quoted(h)): expected a field name or null, found \(v.typeName)")
            }
            out.append((h, s))
        }
        do { return try ColumnMapping(pairs: out, source: url.lastPathComponent) } catch let e as QuantityError {
            throw InventoryReadError(path: url.path, reason: e.message)
        }
    }

    /// `field` is a canonical field name or any alias of one; nil or "" keeps the column as an extra column.
    public init(pairs: [(header: String, field: String?)], source: String) throws {
        let table = ColumnTable.builtIn
        var exact: [String: Field?] = [:], normalised: [String: Field?] = [:]
        for (h, name) in pairs {
            var f: Field? = nil
            if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let g = Field.allCases.first(where: { $0.canonical == name }) ?? table.field(name) else {
                    throw QuantityError(message: "--columns entry \(quoted(h)) names \(quoted(name)), which is not a field; fields: " + Field.allCases.map(\.canonical).joined(separator: ", "))
                }
                f = g
            }
            exact[Self.light(h)] = .some(f)
            let k = table.key(h).key
            if !k.isEmpty && normalised[k] == nil { normalised[k] = .some(f) }
        }
        self.source = source; self.exact = exact; self.normalised = normalised
    }

    static func light(_ s: String) -> String {
        ColumnTable.fold(s).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
    }

    /// .some(field or nil) when the mapping decides this header; nil when it says nothing about it.
    func decide(_ header: String, key: String) -> Field?? { exact[Self.light(header)] ?? normalised[key] }
}
