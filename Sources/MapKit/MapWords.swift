import Foundation
import GeoKit

/// The map's generic words in one language, from Resources/lang/<code>.json (the format of ReportKit's
/// language files: one object of key: text, `{1}` `{2}` ... for arguments). A key missing in a language
/// falls back to English, and one missing in English too shows as the key itself, so a mistake is
/// visible on the sheet (MapWordsTests keeps both at zero). Basin names come from the basin folder.
public struct MapWords: Sendable {
    public static let supported = ["en", "ru"]

    public let code: String
    let words: [String: String]
    let english: [String: String]

    public static func load(_ code: String) throws -> MapWords {
        let en = try table("en")
        return MapWords(code: code, words: code == "en" ? en : try table(code), english: en)
    }

    init(code: String, words: [String: String], english: [String: String]) {
        self.code = code; self.words = words; self.english = english
    }

    public func t(_ key: String) -> String { words[key] ?? english[key] ?? key }

    /// `t(key)` with `{1}`, `{2}` ... replaced by `args` (already formatted).
    public func t(_ key: String, _ args: String...) -> String {
        var s = t(key)
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i + 1)}", with: a) }
        return s
    }

    /// `t(key)` if the file has it, else `fallback` (names from data, e.g. a class name from the rules).
    func t(_ key: String, or fallback: String) -> String { words[key] ?? english[key] ?? fallback }

    /// Keys English has and this language lacks.
    public var missingKeys: [String] { english.keys.filter { words[$0] == nil }.sorted() }

    // MARK: numbers

    /// A number as the bounds in scoring.json are written (shortest form), in this language's decimal sign.
    func number(_ d: Double) -> String { NumberFormat.json(d).replacingOccurrences(of: ".", with: t("number.decimal")) }
    func fixed(_ d: Double, decimals: Int) -> String {
        NumberFormat.fixed(d, decimals: decimals).replacingOccurrences(of: ".", with: t("number.decimal"))
    }
    /// Thousands grouped with this language's separator.
    func grouped(_ n: Int) -> String {
        var s = String(n), out = ""
        let g = t("number.group")
        while s.count > 3 { out = g + String(s.suffix(3)) + out; s.removeLast(3) }
        return s + out
    }

    // MARK: files

    static func table(_ code: String) throws -> [String: String] {
        guard supported.contains(code) else {
            throw MapError.badOptions("unknown map language '\(code)' (expected \(supported.joined(separator: " or ")))")
        }
        for url in candidateURLs("lang/\(code).json") where FileManager.default.fileExists(atPath: url.path) {
            let root: JSON
            do { root = try JSON.parse(Data(contentsOf: url)) } catch { throw MapError.badOptions("\(url.path): \(error)") }
            guard let o = root.objectValue else { throw MapError.badOptions("\(url.path): expected an object of key: text") }
            var out: [String: String] = [:]
            for (k, v) in o {
                guard let s = v.stringValue else { throw MapError.badOptions("\(url.path): key '\(k)': expected a text, got \(v.typeName)") }
                out[k] = s
            }
            return out
        }
        throw MapError.badOptions("map language file lang/\(code).json not found beside the program (BasinMap_MapKit.resources)")
    }

    static func candidateURLs(_ name: String) -> [URL] {
        let main = Bundle.main.bundleURL
        let exeDir = (Bundle.main.executableURL ?? main).deletingLastPathComponent()
        var out: [URL] = []
        for dir in [main, exeDir] {
            out.append(dir.appendingPathComponent("BasinMap_MapKit.resources/\(name)"))
            out.append(dir.appendingPathComponent("BasinMap_MapKit.bundle/Contents/Resources/\(name)"))
            out.append(dir.appendingPathComponent("BasinMap_MapKit.bundle/\(name)"))
        }
        out.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(name)"))
        return out
    }
}
