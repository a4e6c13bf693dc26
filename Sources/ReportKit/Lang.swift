import Foundation
import GeoKit

/// The report's words in one language, read from Resources/lang/<code>.json. A key missing in a
/// language falls back to English; a key missing in English too shows as the key itself, so a mistake is
/// visible on the page rather than a blank (ReportLangTests keeps both cases at zero).
public struct Lang: Sendable {
    public static let supported = ["en", "ru"]

    public let code: String
    let words: [String: String]
    let english: [String: String]

    /// Loads `code` (one of `supported`) with English beneath it.
    public static func load(_ code: String) throws -> Lang {
        let en = try table("en")
        return Lang(code: code, words: code == "en" ? en : try table(code), english: en)
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

    /// Keys English has and this language lacks.
    public var missingKeys: [String] { english.keys.filter { words[$0] == nil }.sorted() }

    // MARK: numbers and units

    var decimalSeparator: String { t("number.decimal") }
    var groupSeparator: String { t("number.group") }

    /// `x` with `decimals` places, grouped by thousands, in this language's convention.
    public func number(_ x: Double, _ decimals: Int) -> String {
        let p = pow(10.0, Double(decimals))
        let r = (x * p).rounded() / p
        let negative = r < 0
        let text = String(format: "%.\(decimals)f", abs(r))
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        var whole = "", digits = Array(parts[0])
        while digits.count > 3 { whole = groupSeparator + String(digits.suffix(3)) + whole; digits.removeLast(3) }
        whole = String(digits) + whole
        return (negative ? "-" : "") + whole + (parts.count > 1 ? decimalSeparator + parts[1] : "")
    }

    /// One decimal, as the run's own texts give distances along the river.
    public func km(_ x: Double) -> String { number(x, 1) + "\u{A0}" + t("unit.km") }
    public func metres(_ x: Double) -> String { x >= 1000 ? km(x / 1000) : number(x, 0) + "\u{A0}" + t("unit.m") }

    /// Travel time: hours under two days, days (with one decimal) beyond.
    public func hours(_ h: Double) -> String {
        h < 48 ? number(h, 1) + "\u{A0}" + t("unit.h") : number(h / 24, 1) + "\u{A0}" + t("unit.d")
    }

    // MARK: files

    static func table(_ code: String) throws -> [String: String] {
        guard supported.contains(code) else { throw ReportError("unknown report language '\(code)' (expected \(supported.joined(separator: " or ")))") }
        for url in candidateURLs("lang/\(code).json") where FileManager.default.fileExists(atPath: url.path) {
            let root: JSON
            do { root = try JSON.parse(Data(contentsOf: url)) } catch { throw ReportError("\(url.path): \(error)") }
            guard let o = root.objectValue else { throw ReportError("\(url.path): expected an object of key: text") }
            var out: [String: String] = [:]
            for (k, v) in o {
                guard let s = v.stringValue else { throw ReportError("\(url.path): key '\(k)': expected a text, got \(v.typeName)") }
                out[k] = s
            }
            return out
        }
        throw ReportError("report language file lang/\(code).json not found beside the program (BasinMap_ReportKit.resources)")
    }

    /// A resource of this target: the SwiftPM resource folder beside the executable (Linux and macOS
    /// layouts), then the source tree.
    static func candidateURLs(_ name: String) -> [URL] {
        let main = Bundle.main.bundleURL
        let exeDir = (Bundle.main.executableURL ?? main).deletingLastPathComponent()
        var out: [URL] = []
        for dir in [main, exeDir] {
            out.append(dir.appendingPathComponent("BasinMap_ReportKit.resources/\(name)"))
            out.append(dir.appendingPathComponent("BasinMap_ReportKit.bundle/Contents/Resources/\(name)"))
            out.append(dir.appendingPathComponent("BasinMap_ReportKit.bundle/\(name)"))
        }
        out.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(name)"))
        return out
    }

    static func resourceText(_ name: String) throws -> String {
        for url in candidateURLs(name) where FileManager.default.fileExists(atPath: url.path) {
            return try String(contentsOf: url, encoding: .utf8)
        }
        throw ReportError("report resource \(name) not found beside the program (BasinMap_ReportKit.resources)")
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
