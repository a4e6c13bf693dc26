import Foundation

// Inventories arrive as Excel exports: Windows-1251 from a Russian-locale Excel, CP866 or KOI8-R from
// older systems, UTF-16 from "Unicode text". Everything is turned into UTF-8 before parsing (line breaks
// are the same bytes in every one of these, so line numbers stay the file's own), or refused by name.
// Nothing is ever parsed as the wrong encoding.

/// The encodings `--encoding` accepts.
public enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8", utf16le = "utf-16le", utf16be = "utf-16be", cp1251, cp866, koi8r = "koi8-r"

    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16le: "UTF-16LE"
        case .utf16be: "UTF-16BE"
        case .cp1251: "Windows-1251 (cp1251)"
        case .cp866: "CP866 (DOS Cyrillic)"
        case .koi8r: "KOI8-R"
        }
    }

    /// "cp1251", "windows-1251", "CP-1251", "utf8", "UTF-16LE", "ibm866", "koi8r"...
    public init?(argument: String) {
        let k = argument.lowercased().filter { $0.isLetter || $0.isNumber }
        switch k {
        case "utf8": self = .utf8
        case "utf16le", "utf16": self = .utf16le
        case "utf16be": self = .utf16be
        case "cp1251", "windows1251", "win1251", "1251": self = .cp1251
        case "cp866", "ibm866", "dos866", "866": self = .cp866
        case "koi8r", "koi8": self = .koi8r
        default: return nil
        }
    }

    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What reading a file's bytes as text gave: UTF-8 bytes to parse, or why the file cannot be read.
enum DecodedText {
    case text(Data, warnings: [String])
    case refused(String)
}

enum TextDecoder {
    /// `forced`: the user's --encoding; nil detects (BOM, UTF-16 NUL pattern, UTF-8 validity, Cyrillic letter frequencies).
    static func decode(_ data: Data, name: String, forced: TextEncoding?) -> DecodedText {
        if let c = container(data) { return .refused("\(name): \(c)") }
        let b = [UInt8](data.prefix(4))
        if let forced {
            switch forced {
            case .utf8: return .text(data, warnings: [])
            case .utf16le, .utf16be:
                let (d, bad) = utf16(data, littleEndian: forced == .utf16le)
                return .text(d, warnings: bad > 0 ? ["\(name): \(bad) invalid UTF-16 code unit(s) replaced with U+FFFD (read as \(forced.displayName), --encoding)"] : [])
            default: return .text(singleByte(data, table: table(forced)), warnings: [])
            }
        }
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return .text(data, warnings: []) }
        if b.count == 4 && (b == [0xFF, 0xFE, 0, 0] || b == [0, 0, 0xFE, 0xFF]) {
            return .refused("\(name): the file is UTF-32 encoded, which is not read; save it as UTF-8 CSV (in Excel: 'CSV UTF-8')")
        }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) || utf16Pattern(data) != nil {
            let le = b.starts(with: [0xFF, 0xFE]) ? true : b.starts(with: [0xFE, 0xFF]) ? false : utf16Pattern(data)!
            let enc: TextEncoding = le ? .utf16le : .utf16be
            let how = b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) ? "byte order mark" : "detected from its NUL bytes, no byte order mark"
            let (d, bad) = utf16(data, littleEndian: le)
            var w = ["\(name): read as \(enc.displayName) (\(how)); save it as UTF-8 CSV to avoid this warning, or give --encoding \(enc.rawValue)"]
            if bad > 0 { w.append("\(name): \(bad) invalid UTF-16 code unit(s) replaced with U+FFFD") }
            return .text(d, warnings: w)
        }
        let v = utf8Validity(data)
        if v.invalid == 0 { return .text(data, warnings: []) }
        // A few stray bytes in a UTF-8 file: read as UTF-8; each field with them is warned (U+FFFD).
        let stray = ["\(name): \(v.invalid) byte(s) are not valid UTF-8 and were replaced with U+FFFD; if the file is in a Cyrillic code page, give --encoding cp1251, cp866 or koi8-r"]
        if v.validMultibyte >= v.invalid { return .text(data, warnings: stray) }
        switch CyrillicGuess.guess(data) {
        case .confident(let enc):
            return .text(singleByte(data, table: table(enc)),
                         warnings: ["\(name): not UTF-8; read as \(enc.displayName), detected from its letter frequencies. If the text looks wrong, give --encoding (\(TextEncoding.accepted)); saving as 'CSV UTF-8' avoids this warning"])
        case .latin:
            return .refused("\(name): the file is not UTF-8 and its accented letters look like a Western code page (Windows-1252 / Latin-1), which is not read; save it as UTF-8 CSV (in Excel: 'CSV UTF-8')")
        case .unsure(let best, let second):
            return .refused("\(name): the file is not UTF-8; it is probably \(best.displayName)\(second.map { " or \($0.displayName)" } ?? ""), but too little text to be sure. Give --encoding \(best.rawValue)\(second.map { " (or \($0.rawValue))" } ?? ""), or save it as UTF-8 CSV")
        case .tooLittle:
            return .text(data, warnings: stray)
        }
    }

    /// Spreadsheets and archives given where a CSV or GeoJSON is expected.
    static func container(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let probe = data.prefix(64 * 1024)
            func has(_ s: String) -> Bool { probe.range(of: Data(s.utf8)) != nil }
            let what = has("xl/") ? "an Excel workbook (XLSX)"
                : has("opendocument.spreadsheet") ? "an OpenDocument spreadsheet (ODS)"
                : has("word/") ? "a Word document (DOCX)" : "a ZIP archive"
            let sheet = what.contains("XLSX") || what.contains("ODS")
            return "the file is \(what), not a CSV or GeoJSON inventory\(sheet ? "; reading spreadsheets (through GDAL) is not available yet: open it and save the sheet as 'CSV UTF-8', then give that file" : "; unpack it and give the CSV or GeoJSON inside")"
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "the file is an Excel 97-2003 workbook (XLS), not a CSV or GeoJSON inventory; reading spreadsheets is not available yet: open it and save the sheet as 'CSV UTF-8', then give that file"
        }
        if head.starts(with: [0x1F, 0x8B]) { return "the file is gzip-compressed; unpack it (gunzip) and give the CSV or GeoJSON inside" }
        if head.starts(with: Array("%PDF".utf8)) { return "the file is a PDF document, not a CSV or GeoJSON inventory; export the table as CSV" }
        return nil
    }

    /// Little endian when ASCII text shows NULs in the odd bytes, big endian when in the even ones; nil otherwise.
    /// Text in UTF-8 or a single-byte code page has no NUL bytes at all.
    static func utf16Pattern(_ data: Data) -> Bool? {
        let s = [UInt8](data.prefix(64 * 1024))
        let pairs = s.count / 2
        guard pairs >= 2 else { return nil }
        var even = 0, odd = 0
        for k in 0..<pairs { if s[2 * k] == 0 { even += 1 }; if s[2 * k + 1] == 0 { odd += 1 } }
        if odd >= max(2, pairs / 5) && even <= pairs / 50 { return true }
        if even >= max(2, pairs / 5) && odd <= pairs / 50 { return false }
        return nil
    }

    static func utf16(_ data: Data, littleEndian: Bool) -> (Data, bad: Int) {
        let s = [UInt8](data)
        var start = 0
        if s.count >= 2 && ((littleEndian && s[0] == 0xFF && s[1] == 0xFE) || (!littleEndian && s[0] == 0xFE && s[1] == 0xFF)) { start = 2 }
        var out = [UInt8](); out.reserveCapacity(s.count)
        var bad = 0
        var k = start
        func unit(_ k: Int) -> UInt32 { littleEndian ? UInt32(s[k]) | UInt32(s[k + 1]) << 8 : UInt32(s[k]) << 8 | UInt32(s[k + 1]) }
        func put(_ v: UInt32) { appendUTF8(Unicode.Scalar(v) ?? "\u{FFFD}", to: &out) }
        while k + 1 < s.count {
            let u = unit(k); k += 2
            if (0xD800...0xDBFF).contains(u), k + 1 < s.count, (0xDC00...0xDFFF).contains(unit(k)) {
                put(0x10000 + ((u - 0xD800) << 10) + (unit(k) - 0xDC00)); k += 2
            } else if (0xD800...0xDFFF).contains(u) { bad += 1; put(0xFFFD) }
            else { put(u) }
        }
        if k < s.count { bad += 1; put(0xFFFD) }
        return (Data(out), bad)
    }

    static func appendUTF8(_ u: Unicode.Scalar, to out: inout [UInt8]) {
        let v = u.value
        if v < 0x80 { out.append(UInt8(v)) }
        else if v < 0x800 { out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F)) }
        else if v < 0x10000 { out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F)) }
        else { out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F)) }
    }

    static func table(_ e: TextEncoding) -> [UInt16] {
        switch e {
        case .cp866: CodePages.cp866
        case .koi8r: CodePages.koi8r
        default: CodePages.cp1251
        }
    }

    static func singleByte(_ data: Data, table: [UInt16]) -> Data {
        var utf8 = [[UInt8]](repeating: [], count: 128)
        for k in 0..<128 { appendUTF8(Unicode.Scalar(UInt32(table[k]))!, to: &utf8[k]) }
        var out = [UInt8](); out.reserveCapacity(data.count * 2)
        for b in data { if b < 0x80 { out.append(b) } else { out.append(contentsOf: utf8[Int(b) - 0x80]) } }
        return Data(out)
    }

    /// Invalid sequences and valid multi-byte characters, counted over the whole file.
    static func utf8Validity(_ data: Data) -> (invalid: Int, validMultibyte: Int) {
        var invalid = 0, valid = 0
        data.withUnsafeBytes { raw in
            let p = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = p.count
            while i < n {
                let b = p[i]
                if b < 0x80 { i += 1; continue }
                let len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
                guard len > 0 && b < 0xF5, i + len <= n else { invalid += 1; i += 1; continue }
                var ok = true
                for k in 1..<len where p[i + k] & 0xC0 != 0x80 { ok = false }
                if ok && len == 3 { let c = p[i + 1]; if (b == 0xE0 && c < 0xA0) || (b == 0xED && c > 0x9F) { ok = false } }
                if ok && len == 4 { let c = p[i + 1]; if (b == 0xF0 && c < 0x90) || (b == 0xF4 && c > 0x8F) { ok = false } }
                if ok { valid += 1; i += len } else { invalid += 1; i += 1 }
            }
        }
        return (invalid, valid)
    }
}
