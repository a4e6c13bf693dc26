import Foundation
import GeoKit

// CSV on bytes: RFC 4180 quoting (a quote is special only at the start of a field, so DMS text such as
// 40°30'15"N needs no quoting), LF / CRLF / CR line ends, delimiter detected from the header line.
// Large files are cut at record boundaries (found with the same quote state machine) and the pieces
// parsed on separate threads, each with its own PROJ objects; results keep file order.

/// Records of one piece of a file, sites and rejects apart (the result keeps them apart anyway, and
/// this saves copying every site once more). `idHashes[k]` is `sites[k].id.hashValue`, computed by the
/// worker so the serial duplicate check only compares integers.
struct ChunkOutcome {
    var sites: [Site] = []
    var rejects: [Reject] = []
    var idHashes: [Int] = []
    var delimiterOnly = 0
    var blankLines = 0
    /// Records whose quoted values hold line breaks, and the first one's lines.
    var multiLine = 0
    var firstMultiLine: (Int, Int)? = nil
    /// A quoted field ran past this piece's end: the piece boundary was wrong (see `Tokenizer.cutAtEnd`).
    var cut = false
    var count: Int { sites.count + rejects.count }

    mutating func add(_ o: Outcome) {
        switch o {
        case .site(let s): idHashes.append(s.id.hashValue); sites.append(s)
        case .reject(let r): rejects.append(r)
        }
    }
}

struct FileOutcome {
    var chunks: [ChunkOutcome] = []
    var fileWarnings: [String] = []
    /// Why no record could be read from the file (see `InventoryResult.unreadableFiles`).
    var unreadable: String? = nil
    /// The sheets or layers read, with their record counts (workbooks and GIS datasets).
    var parts: [String] = []
    var recordCount: Int { chunks.reduce(0) { $0 + $1.count } }

    mutating func add(_ o: Outcome) {
        if chunks.isEmpty { chunks.append(ChunkOutcome()) }
        chunks[chunks.count - 1].add(o)
    }
}

/// Immutable bytes shared read-only by the chunk workers.
struct SharedBytes: @unchecked Sendable { let p: UnsafeBufferPointer<UInt8> }

enum CSVReader {
    static let expectedColumns = "id, name, kind, and lat + lon (or x + y with crs); optional: country, position_precision, source, stored_volume_m3, water_hazard_class, operating_status, dam_height_m, substances ..."

    /// Delimiter of the line starting at `start`: the most frequent of ';', tab, ',' outside quotes.
    static func detectDelimiter(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [0x3B: 0, 0x09: 0, 0x2C: 0]
        var inQuotes = false
        var i = start
        while i < p.count {
            let b = p[i]
            if b == QUOTE { inQuotes.toggle() }
            else if !inQuotes && (b == LF || b == CR) { break }
            else if !inQuotes, counts[b] != nil { counts[b]! += 1 }
            i += 1
        }
        var best: UInt8 = 0x2C, bestN = 0
        for d in [UInt8(0x3B), 0x09, 0x2C] where counts[d]! > bestN { best = d; bestN = counts[d]! }
        return best
    }

    static func read(_ all: UnsafeBufferPointer<UInt8>, name: String, options: InventoryOptions) -> FileOutcome {
        var out = FileOutcome()
        var start = 0
        if all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF { start = 3 }
        if all.count >= 2 && ((all[0] == 0xFF && all[1] == 0xFE) || (all[0] == 0xFE && all[1] == 0xFF)) {
            let why = "the file is UTF-16 encoded; give --encoding utf-16le (or utf-16be), or save it as UTF-8 CSV (in Excel: 'CSV UTF-8')"
            out.add(.reject(Reject(origin: RecordOrigin(file: name, line: 1), field: "encoding", reason: why)))
            out.unreadable = "\(name): \(why)"
            return out
        }
        if all[start...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == LF || $0 == CR }) {
            out.fileWarnings.append("\(name): empty file, no records")
            out.unreadable = "\(name): the file is empty (\(all.count) byte(s), only blank lines): no records"
            return out
        }

        // Header: the first of the first ten non-blank lines naming at least two known columns
        // (exports often put a title line above the header).
        var headerTok: Tokenizer? = nil
        var schema: Schema? = nil
        var firstLine = ""
        var firstHeaders: [String] = []
        var preamble: [Int] = []
        var probe = Tokenizer(all, delim: 0x2C, start: start, end: all.count, line: 1)
        var tries = 0
        while tries < 10 {
            let delim = detectDelimiter(all, from: probe.i)
            var t = Tokenizer(all, delim: delim, start: probe.i, end: all.count, line: probe.line)
            guard t.next() else { break }
            probe = t
            if t.isBlank { continue }
            tries += 1
            var invalid = false
            let headers = t.ranges.enumerated().map { (k, r) -> String in
                let field = t.field(k)
                let s = field.withUnsafeBufferPointer { raw -> String in
                    let b = Num.trim(raw)
                    if let v = String(validating: b, as: UTF8.self) { return v }
                    invalid = true
                    return String(decoding: b, as: UTF8.self)
                }
                return s.isEmpty ? "column \(k + 1)" : s
            }
            if firstLine.isEmpty {
                firstLine = headers.prefix(8).map { quoted($0) }.joined(separator: ", ") + (headers.count > 8 ? " and \(headers.count - 8) more" : "")
                firstHeaders = Array(headers.prefix(40))
            }
            let s = Schema(headers: headers, columns: options.columns)
            if s.recognisedCount >= 2 {
                if invalid { out.fileWarnings.append("\(name) line \(t.recordLine): invalid UTF-8 bytes in the header replaced with U+FFFD") }
                headerTok = t; schema = s
                break
            }
            preamble.append(t.recordLine)
        }
        guard let header = headerTok, let schema else {
            var lines = 0
            for b in all where b == LF { lines += 1 }
            let hints = HeaderHints.nearest(firstHeaders)
            let why = "no recognisable header in the first lines (found \(firstLine.isEmpty ? "nothing readable" : firstLine))\(hints.isEmpty ? "" : "; nearest known names: " + hints); expected column names such as \(expectedColumns); the file (\(lines + 1) lines) was not read"
            out.add(.reject(Reject(origin: RecordOrigin(file: name, line: 1), field: "header", value: nil, reason: why)))
            out.unreadable = "\(name): \(why)"
            return out
        }
        if !preamble.isEmpty {
            out.fileWarnings.append("\(name): line(s) \(preamble.map(String.init).joined(separator: ", ")) above the header on line \(header.recordLine) skipped")
        }
        var checked = Set<String>()
        out.fileWarnings += schema.headerWarnings(name, skipNames: &checked)
        let missing = schema.missingRequired
        if !missing.isEmpty {
            out.fileWarnings.append("\(name): the header on line \(header.recordLine) has no column for \(missing.joined(separator: ", ")); every row will be rejected")
        }

        let delim = header.delim
        let decimalComma = delim != 0x2C
        let bytes = SharedBytes(p: all)
        var chunks = split(all, delim: delim, start: header.i, line: header.line, parts: all.count - header.i > (1 << 20) ? options.threads : 1)
        var parsed = parseChunks(chunks, bytes, delim: delim, decimalComma: decimalComma, schema: schema, width: header.ranges.count, name: name, options: options)
        if parsed.count > 1 && parsed.contains(where: \.cut) {
            // A stray quote made the tokenizer and the splitter disagree on where records end: read serially.
            chunks = [(header.i, all.count, header.line)]
            parsed = parseChunks(chunks, bytes, delim: delim, decimalComma: decimalComma, schema: schema, width: header.ranges.count, name: name, options: options)
        }
        var delimiterOnly = 0, blank = 0, multi = 0
        var firstMulti: (Int, Int)? = nil
        for r in parsed {
            delimiterOnly += r.delimiterOnly; blank += r.blankLines; multi += r.multiLine
            if firstMulti == nil { firstMulti = r.firstMultiLine }
        }
        out.chunks = parsed
        if delimiterOnly > 0 { out.fileWarnings.append("\(name): \(delimiterOnly) row(s) with only empty fields skipped") }
        if blank > 0 { out.fileWarnings.append("\(name): \(blank) blank line(s) skipped") }
        if let (a, b) = firstMulti {
            out.fileWarnings.append("\(name): \(multi) record(s) hold line breaks inside quoted values (the first on lines \(a)–\(b)), so the file has more lines than records")
        }
        if out.recordCount == 0 {
            out.unreadable = "\(name): a header on line \(header.recordLine) but no data rows\(blank + delimiterOnly > 0 ? " (only blank rows)" : ""): no records"
        }
        return out
    }

    static func parseChunks(_ chunks: [(start: Int, end: Int, line: Int)], _ bytes: SharedBytes, delim: UInt8, decimalComma: Bool,
                            schema: Schema, width: Int, name: String, options: InventoryOptions) -> [ChunkOutcome] {
        let results = UnsafeMutableBufferPointer<ChunkOutcome>.allocate(capacity: chunks.count)
        results.initialize(repeating: ChunkOutcome())
        defer { results.deinitialize(); results.deallocate() }
        let slots = SharedSlots(p: results)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            let c = chunks[k]
            // The first chunk's site array becomes the result's (see merge): room for the whole file.
            slots.p[k] = parseChunk(bytes.p, delim: delim, decimalComma: decimalComma, start: c.start, end: c.end, line: c.line, width: width,
                                    schema: schema, name: name, options: options, reserveBytes: k == 0 ? bytes.p.count - c.start : c.end - c.start)
        }
        return Array(results)
    }

    struct SharedSlots: @unchecked Sendable { let p: UnsafeMutableBufferPointer<ChunkOutcome> }

    /// Chunk boundaries at record ends, found with the tokenizer's quote rules; each with its first line number.
    static func split(_ p: UnsafeBufferPointer<UInt8>, delim: UInt8, start: Int, line: Int, parts: Int) -> [(start: Int, end: Int, line: Int)] {
        if parts <= 1 || start >= p.count { return [(start, p.count, line)] }
        var bounds: [(Int, Int)] = [(start, line)]
        let step = (p.count - start) / parts
        var target = start + step
        // States: 0 field start, 1 unquoted, 2 quoted, 3 quote seen inside quoted
        var state = 0
        var i = start, ln = line
        while i < p.count && bounds.count < parts {
            let b = p[i]
            var recordEnd = false
            switch state {
            case 0, 1:
                if state == 0 && b == QUOTE { state = 2 }
                else if b == delim { state = 0 }
                else if b == LF || b == CR { recordEnd = true; state = 0 }
                else { state = 1 }
            case 2:
                if b == QUOTE { state = 3 }
            default:
                if b == QUOTE { state = 2 }
                else if b == delim { state = 0 }
                else if b == LF || b == CR { recordEnd = true; state = 0 }
                else { state = 1 }
            }
            if b == LF || (b == CR && !(i + 1 < p.count && p[i + 1] == LF)) { ln += 1 }
            i += 1
            if recordEnd {
                if b == CR && i < p.count && p[i] == LF { i += 1; ln += 1 }
                if i >= target && i < p.count { bounds.append((i, ln)); target = i + step }
            }
        }
        var out: [(start: Int, end: Int, line: Int)] = []
        for (k, b) in bounds.enumerated() { out.append((b.0, k + 1 < bounds.count ? bounds[k + 1].0 : p.count, b.1)) }
        return out
    }

    /// The line the tokenizer's last byte was on (a final line break does not start a new line).
    static func lastLine(_ t: Tokenizer) -> Int {
        t.i > 0 && (t.p[t.i - 1] == LF || t.p[t.i - 1] == CR) ? t.line - 1 : t.line
    }

    static func parseChunk(_ p: UnsafeBufferPointer<UInt8>, delim: UInt8, decimalComma: Bool, start: Int, end: Int, line: Int, width headerWidth: Int,
                           schema: Schema, name: String, options: InventoryOptions, reserveBytes: Int? = nil) -> ChunkOutcome {
        // Own copies of everything every row touches, so the two threads never share a reference count.
        let name = String(decoding: Array(name.utf8), as: UTF8.self)
        let schema = freshCopy(schema)
        let builder = RecordBuilder(schema: schema, decimalComma: decimalComma, options: options, projections: ProjectionCache())
        var t = Tokenizer(p, delim: delim, start: start, end: end, line: line)
        t.width = headerWidth
        var chunk = ChunkOutcome()
        // ~80 bytes per row or more in real inventories; untouched reserved pages cost nothing.
        chunk.sites.reserveCapacity((reserveBytes ?? (end - start)) / 80)
        chunk.idHashes.reserveCapacity((end - start) / 80)
        let width = schema.columns.count
        let delimName = delim == 0x3B ? "';'" : delim == 0x09 ? "tab" : "','"
        while t.next() {
            if t.cutAtEnd { chunk.cut = true }
            if let b = t.broken {
                brokenLines(t, b, schema: schema, name: name, into: &chunk)
                continue
            }
            if t.isBlank && t.control == nil { if t.ranges.count > 1 { chunk.delimiterOnly += 1 } else { chunk.blankLines += 1 }; continue }
            var problems: [Problem] = []
            var warnings: [String] = []
            let endLine = lastLine(t)
            if endLine > t.recordLine && t.unterminatedQuoteLine == nil {
                chunk.multiLine += 1
                if chunk.firstMultiLine == nil { chunk.firstMultiLine = (t.recordLine, endLine) }
            }
            if let c = t.control {
                let colName = c.column < schema.names.count ? schema.names[c.column] : "column \(c.column + 1)"
                let text = c.column < t.ranges.count ? t.withRecord { buf, r in String(decoding: UnsafeBufferPointer(rebasing: buf[r[c.column]]), as: UTF8.self) } : ""
                problems.append(Problem(field: colName, value: Escaped.control(text),
                    message: "control character \(Escaped.byte(c.byte)) in column '\(colName)' (\(quoted(text))): NUL and other control characters are not allowed in a field (a damaged or binary file?)"))
            }
            if let q = t.unterminatedQuoteLine {
                let col = t.ranges.count - 1
                let colName = col < schema.names.count ? schema.names[col] : "column \(col + 1)"
                problems.append(Problem(field: colName, value: nil,
                    message: "unterminated quoted field in column '\(colName)': the quote opened on line \(q) never closes, so lines \(q)–\(lastLine(t)) were read as one value (missing closing \"?)"))
            }
            if t.ranges.count > width {
                let surplus = t.ranges[width...].contains { !$0.isEmpty }
                if surplus {
                    problems.append(Problem(field: nil, value: nil,
                        message: "\(t.ranges.count) fields but the header has \(width) (an unquoted \(delimName) inside a value? quote such values)"))
                }
            } else if t.ranges.count < width {
                warnings.append("\(t.ranges.count) fields but the header has \(width); the missing ones are treated as empty")
            }
            if t.textAfterQuote { warnings.append("text after a closing quote kept as part of the value") }
            let origin = RecordOrigin(file: name, line: t.recordLine)
            let o = t.withRecord { buf, ranges in
                builder.build(buf, ranges, origin: origin, recordWarnings: warnings, recordProblems: problems)
            }
            chunk.add(o)
            if t.unterminatedQuoteLine != nil {
                // The value ran to the end of the input: the lines after its first are rejected each on its own.
                eachLine(t.p, from: t.recordStart, to: t.i, firstLine: t.recordLine) { ln, raw in
                    guard ln > t.recordLine else { return }
                    chunk.add(.reject(Reject(origin: RecordOrigin(file: name, line: ln), field: nil, value: raw,
                        reason: "inside the quoted value opened on line \(t.unterminatedQuoteLine!) that never closes")))
                }
            }
        }
        return chunk
    }

    /// `schema` with buffers of this task's own (see `Schema.copy`), made without matching the headers
    /// again: with a million columns the matching is most of the reading time.
    static func freshCopy(_ schema: Schema) -> Schema {
        func fresh(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        var s = schema
        s.names = schema.names.map(fresh)
        s.columns = schema.columns.map { c -> Column in if case .extra(let h) = c { return .extra(fresh(h)) } else { return c } }
        s.fieldColumn = schema.fieldColumn.map { $0 }
        s.fieldUnit = schema.fieldUnit.map { $0.map(fresh) }
        s.unreadUnit = schema.unreadUnit.map { $0.map(fresh) }
        return s
    }

    /// The lines of a cut record, rejected one by one with their raw text.
    static func brokenLines(_ t: Tokenizer, _ b: BrokenSpan, schema: Schema, name: String, into chunk: inout ChunkOutcome) {
        var id: String? = nil
        if let c = schema.fieldColumn[Field.id.rawValue], c < t.ranges.count {
            let v = t.withRecord { buf, r in String(decoding: Num.trim(UnsafeBufferPointer(rebasing: buf[r[c]])), as: UTF8.self) }
            if !v.isEmpty { id = v }
        }
        let column = b.column < schema.names.count ? schema.names[b.column] : "column \(b.column + 1)"
        eachLine(t.p, from: t.recordStart, to: b.resume, firstLine: t.recordLine) { ln, raw in
            let first = ln == t.recordLine
            let reason = first ? "quoted value in column '\(column)': " + b.reason : "part of the record that starts on line \(t.recordLine), whose quote does not close (see that line)"
            chunk.add(.reject(Reject(origin: RecordOrigin(file: name, line: ln), id: first ? id : nil, field: first ? column : nil, value: raw, reason: reason)))
        }
    }

    /// Calls `body` with each physical line of p[from..<to] (number, text without its line break, control characters escaped).
    static func eachLine(_ p: UnsafeBufferPointer<UInt8>, from: Int, to: Int, firstLine: Int, _ body: (Int, String) -> Void) {
        var s = from, k = from, ln = firstLine
        while k < to {
            let b = p[k]
            if b == LF || b == CR {
                body(ln, Escaped.control(String(decoding: UnsafeBufferPointer(rebasing: p[s..<k]), as: UTF8.self)))
                k += b == CR && k + 1 < to && p[k + 1] == LF ? 2 : 1
                s = k; ln += 1
                continue
            }
            k += 1
        }
        if s < to { body(ln, Escaped.control(String(decoding: UnsafeBufferPointer(rebasing: p[s..<to]), as: UTF8.self))) }
    }
}
