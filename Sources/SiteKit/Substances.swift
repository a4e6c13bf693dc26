import Foundation
import GeoKit

/// The `substances` cell: entries separated by ';' (or '|' or a line break), each `name:tonnes[:wgk]`.
/// Examples: "cyanide:120:3; lead:40:2", "sodium cyanide:12,5:3" (decimal comma in semicolon files),
/// "sulphuric acid:300:1 | diesel:50:2", "slag:2000000" (no class), "barite:100:nwg" (not water-hazardous).
enum SubstanceList {
    static let syntax = "entries 'name:tonnes[:wgk]' separated by ';', e.g. 'cyanide:120:3; lead:40:2' (wgk 1-3, empty or nwg)"

    static func parse(_ text: String, decimalComma: Bool) -> Result<[Substance], AngleError> {
        var out: [Substance] = []
        let entries = text.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "\n" || $0 == "\r\n" })
        for raw in entries {
            let e = raw.trimmingCharacters(in: .whitespaces)
            if e.isEmpty { continue }
            let parts = e.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 || parts.count == 3 else {
                return .failure(AngleError("entry \(quoted(e)) is not name:tonnes[:wgk]; expected \(syntax)"))
            }
            guard !parts[0].isEmpty else { return .failure(AngleError("entry \(quoted(e)) has no substance name; expected \(syntax)")) }
            guard let t = Num.parse(parts[1], decimalComma: decimalComma), t.isFinite, t >= 0 else {
                return .failure(AngleError("entry \(quoted(e)): tonnes \(quoted(parts[1])) is not a number >= 0; expected \(syntax)"))
            }
            var wgk: Int? = nil
            if parts.count == 3 {
                switch wgkValue(parts[2]) {
                case .success(let w): wgk = w
                case .failure(let err): return .failure(AngleError("entry \(quoted(e)): \(err.message)"))
                }
            }
            out.append(Substance(name: parts[0], tonnes: t, waterHazardClass: wgk))
        }
        return .success(out)
    }

    static func wgkValue(_ s: String) -> Result<Int?, AngleError> {
        var t = s.trimmingCharacters(in: .whitespaces).lowercased()
        if t.isEmpty || t == "-" || t == "nwg" { return .success(nil) }
        if t.hasPrefix("wgk") { t = t.dropFirst(3).trimmingCharacters(in: .whitespaces) }
        if let v = Num.parse(t, decimalComma: false), v == v.rounded(), (1...3).contains(v) { return .success(Int(v)) }
        return .failure(AngleError("water hazard class \(quoted(s)) must be 1, 2 or 3 (or empty / nwg)"))
    }

    /// GeoJSON: an array of {name, tonnes, wgk} objects, or the same string syntax as CSV.
    static func parse(json: JSON) -> Result<[Substance], AngleError> {
        if let s = json.stringValue { return parse(s, decimalComma: false) }
        if json.isNull { return .success([]) }
        guard let arr = json.arrayValue else { return .failure(AngleError("expected an array of {name, tonnes, wgk} objects or a string; found \(json.typeName)")) }
        var out: [Substance] = []
        for (i, item) in arr.enumerated() {
            guard item.objectValue != nil else { return .failure(AngleError("item \(i) is \(item.typeName); expected an object {name, tonnes, wgk}")) }
            guard let name = item["name"]?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .failure(AngleError("item \(i) has no 'name' string"))
            }
            let tonnes: Double?
            if let d = item["tonnes"]?.doubleValue { tonnes = d } else if let s = item["tonnes"]?.stringValue { tonnes = Num.parse(s, decimalComma: false) } else { tonnes = nil }
            guard let t = tonnes, t.isFinite, t >= 0 else { return .failure(AngleError("item \(i) ('\(name)'): 'tonnes' must be a number >= 0")) }
            var wgk: Int? = nil
            if let w = item["wgk"] ?? item["water_hazard_class"], !w.isNull {
                let ws = w.doubleValue.map { fmt($0) } ?? w.stringValue ?? w.typeName
                switch wgkValue(ws) {
                case .success(let v): wgk = v
                case .failure(let e): return .failure(AngleError("item \(i) ('\(name)'): \(e.message)"))
                }
            }
            out.append(Substance(name: name, tonnes: t, waterHazardClass: wgk))
        }
        return .success(out)
    }
}
