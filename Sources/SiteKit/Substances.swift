import Foundation
import GeoKit

/// The `substances` cell: entries separated by ';' (or '|' or a line break), each `name:tonnes[:wgk]`.
/// Examples: "cyanide:120:3; lead:40:2", "sodium cyanide:12,5:3" (decimal comma in semicolon files),
/// "sulphuric acid:300:1 | diesel:50:2", "slag:2000000" (no class), "barite:100:nwg" (not water-hazardous).
enum SubstanceList {
    static let syntax = "entries 'name:tonnes[:wgk]' separated by ';', e.g. 'cyanide:120:3; lead:40:2' (wgk 1-3, empty or nwg)"

    static func parse(_ text: String, decimalComma: Bool) -> Result<[Substance], AngleError> {
        var t = text
        return t.withUTF8 { parse($0, decimalComma: decimalComma) }
    }

    /// Byte-level so a million rows do not go through Foundation's string trimming.
    static func parse(_ p: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Result<[Substance], AngleError> {
        var out: [Substance] = []
        var i = 0
        while i < p.count {
            var j = i
            while j < p.count && p[j] != 0x3B && p[j] != 0x7C && p[j] != 0x0A && p[j] != 0x0D { j += 1 }
            let e = Num.trim(UnsafeBufferPointer(rebasing: p[i..<j]))
            i = j + 1
            if e.isEmpty { continue }
            // Up to two colons, found without allocating; the entry text is only built for a message.
            var c1 = -1, c2 = -1, extraColons = false
            for k in 0..<e.count where e[k] == 0x3A {
                if c1 < 0 { c1 = k } else if c2 < 0 { c2 = k } else { extraColons = true }
            }
            var entry: String { String(decoding: e, as: UTF8.self) }
            guard c1 >= 0 && !extraColons else {
                return .failure(AngleError("entry \(quoted(entry)) is not name:tonnes[:wgk]; expected \(syntax)"))
            }
            let nameB = Num.trim(UnsafeBufferPointer(rebasing: e[0..<c1]))
            guard !nameB.isEmpty else { return .failure(AngleError("entry \(quoted(entry)) has no substance name; expected \(syntax)")) }
            let tonB = UnsafeBufferPointer(rebasing: e[(c1 + 1)..<(c2 >= 0 ? c2 : e.count)])
            // Plain tonnes first (the common case, no String); then units and magnitudes: "2 млн т", "1,5 kt".
            let tonnes = Num.parse(tonB, decimalComma: decimalComma)
                ?? (try? Quantity.parse(String(decoding: tonB, as: UTF8.self), .mass, decimalComma: decimalComma).get())?.value
            guard let t = tonnes, t.isFinite, t >= 0 else {
                return .failure(AngleError("entry \(quoted(entry)): tonnes \(quoted(String(decoding: Num.trim(tonB), as: UTF8.self))) is not a number >= 0; expected \(syntax)"))
            }
            var wgk: Int? = nil
            if c2 >= 0 {
                let w = Num.trim(UnsafeBufferPointer(rebasing: e[(c2 + 1)...]))
                if w.count == 1 && w[0] >= 0x31 && w[0] <= 0x33 { wgk = Int(w[0] - 0x30) }  // the usual case
                else {
                    switch wgkValue(String(decoding: w, as: UTF8.self)) {
                    case .success(let v): wgk = v
                    case .failure(let err): return .failure(AngleError("entry \(quoted(entry)): \(err.message)"))
                    }
                }
            }
            out.append(Substance(name: String(decoding: nameB, as: UTF8.self), tonnes: t, waterHazardClass: wgk))
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
