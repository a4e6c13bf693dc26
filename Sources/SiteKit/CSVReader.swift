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
    var recordCount: Int { chunks.reduce(0) { $0 + $1.count } }

    mutating func add(_ o: Outcome) {
        if chunks.isEmpty { chunks.append(ChunkOutcome()) }
        chunks[chunks.count - 1].add(o)
    }
}

/// Immutable bytes shared read-only by the chunk workers.
struct SharedBytes: @unchecked Sendable { let p: UnsafeBufferPointer<UInt8> }

private let QUOTE: UInt8 = 0x22, LF: UInt8 = 0x0A, CR: UInt8 = 0x0D

/// Splits records into unescaped fields. `line` is the physical line (1-based) the next record starts on.
/// Records without quoted fields are not copied: `ranges` then index the input itself (`direct`);
/// a quoted field switches the record to copying into `scratch`.
struct Tokenizer {
    let p: UnsafeBufferPointer<UInt8>
    let delim: UInt8
    let end: Int
    var i: Int
    var line: Int
    var scratch: [UInt8] = []
    var ranges: [Range<Int>] = []
    var recordLine = 0
    /// true: `ranges` index `p`; false: they index `scratch`.
    var direct = true
    /// Line of a quote that never closes (the field ran to the end of the input).
    var unterminatedQuoteLine: Int? = nil
    var textAfterQuote = false
    /// 1 for the bytes that end an unquoted field: one table load per byte instead of three compares.
    private let stops: [Bool]

    init(_ p: UnsafeBufferPointer<UInt8>, delim: UInt8, start: Int, end: Int, line: Int) {
        self.p = p; self.delim = delim; self.i = start; self.end = end; self.line = line
        var t = [Bool](repeating: false, count: 256)
        t[Int(delim)] = true; t[Int(LF)] = true; t[Int(CR)] = true
        stops = t
        scratch.reserveCapacity(256); ranges.reserveCapacity(32)
    }

    /// Bytes of field k, whichever buffer holds them.
    func field(_ k: Int) -> [UInt8] { direct ? Array(p[ranges[k]]) : Array(scratch[ranges[k]]) }

    private mutating func switchToScratch() {
        scratch.removeAll(keepingCapacity: true)
        for k in ranges.indices {
            let st = scratch.count
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[ranges[k]]))
            ranges[k] = st..<scratch.count
        }
        direct = false
    }

    mutating func next() -> Bool {
        guard i < end else { return false }
        ranges.removeAll(keepingCapacity: true)
        direct = true
        unterminatedQuoteLine = nil
        textAfterQuote = false
        recordLine = line
        stops.withUnsafeBufferPointer { stop in
            while true {
                if i < end && p[i] == QUOTE {
                    if direct { switchToScratch() }
                    let fs = scratch.count
                    let qline = line
                    i += 1
                    var closed = false
                    while i < end {
                        let b = p[i]
                        if b == QUOTE {
                            if i + 1 < end && p[i + 1] == QUOTE { scratch.append(QUOTE); i += 2; continue }
                            i += 1; closed = true; break
                        }
                        if b == LF || (b == CR && !(i + 1 < end && p[i + 1] == LF)) { line += 1 }
                        scratch.append(b); i += 1
                    }
                    if !closed { unterminatedQuoteLine = qline }
                    let s = i
                    while i < end && !stop[Int(p[i])] { i += 1 }
                    if i > s { textAfterQuote = true; scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<i])) }
                    ranges.append(fs..<scratch.count)
                } else {
                    let s = i
                    while i < end && !stop[Int(p[i])] { i += 1 }
                    if direct { ranges.append(s..<i) } else {
                        let fs = scratch.count
                        if i > s { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<i])) }
                        ranges.append(fs..<scratch.count)
                    }
                }
                if i >= end { return }
                let b = p[i]
                i += 1
                if b == delim { continue }
                if b == CR && i < end && p[i] == LF { i += 1 }
                line += 1
                return
            }
        }
        return true
    }

    var isBlank: Bool { ranges.allSatisfy { $0.isEmpty } }

    /// Runs `body` with the buffer `ranges` index.
    func withRecord<R>(_ body: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> R) -> R {
        direct ? body(p, ranges) : scratch.withUnsafeBufferPointer { body($0, ranges) }
    }
}

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
            out.add(.reject(Reject(origin: RecordOrigin(file: name, line: 1), field: "encoding",
                reason: "the file is UTF-16 encoded; save it as UTF-8 CSV (in Excel: 'CSV UTF-8')")))
            return out
        }
        if all[start...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == LF || $0 == CR }) {
            out.fileWarnings.append("\(name): empty file, no records")
            return out
        }

        // Header: the first of the first ten non-blank lines naming at least two known columns
        // (exports often put a title line above the header).
        var headerTok: Tokenizer? = nil
        var schema: Schema? = nil
        var firstLine = ""
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
            if firstLine.isEmpty { firstLine = headers.prefix(6).map { quoted($0) }.joined(separator: ", ") }
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
            out.add(.reject(Reject(origin: RecordOrigin(file: name, line: 1), field: "header", value: nil,
                reason: "no recognisable header in the first lines (found \(firstLine.isEmpty ? "nothing readable" : firstLine)); expected column names such as \(expectedColumns); the file (\(lines + 1) lines) was not read")))
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
        let chunks = split(all, delim: delim, start: header.i, line: header.line, parts: all.count - header.i > (1 << 20) ? options.threads : 1)
        let results = UnsafeMutableBufferPointer<ChunkOutcome>.allocate(capacity: chunks.count)
        results.initialize(repeating: ChunkOutcome())
        defer { results.deinitialize(); results.deallocate() }
        let slots = SharedSlots(p: results)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            let c = chunks[k]
            // The first chunk's site array becomes the result's (see merge): room for the whole file.
            slots.p[k] = parseChunk(bytes.p, delim: delim, decimalComma: decimalComma, start: c.start, end: c.end, line: c.line,
                                    schema: schema, name: name, options: options, reserveBytes: k == 0 ? bytes.p.count - c.start : c.end - c.start)
        }
        var delimiterOnly = 0
        for r in results {
            out.chunks.append(r)
            delimiterOnly += r.delimiterOnly
        }
        if delimiterOnly > 0 { out.fileWarnings.append("\(name): \(delimiterOnly) row(s) with only empty fields skipped") }
        return out
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

    static func parseChunk(_ p: UnsafeBufferPointer<UInt8>, delim: UInt8, decimalComma: Bool, start: Int, end: Int, line: Int,
                           schema: Schema, name: String, options: InventoryOptions, reserveBytes: Int? = nil) -> ChunkOutcome {
        // Own copies of everything every row touches, so the two threads never share a reference count.
        let name = String(decoding: Array(name.utf8), as: UTF8.self)
        let schema = schema.copy()
        let builder = RecordBuilder(schema: schema, decimalComma: decimalComma, options: options, projections: ProjectionCache())
        var t = Tokenizer(p, delim: delim, start: start, end: end, line: line)
        var chunk = ChunkOutcome()
        // ~80 bytes per row or more in real inventories; untouched reserved pages cost nothing.
        chunk.sites.reserveCapacity((reserveBytes ?? (end - start)) / 80)
        chunk.idHashes.reserveCapacity((end - start) / 80)
        let width = schema.columns.count
        let delimName = delim == 0x3B ? "';'" : delim == 0x09 ? "tab" : "','"
        while t.next() {
            if t.isBlank { if t.ranges.count > 1 { chunk.delimiterOnly += 1 }; continue }
            var problems: [Problem] = []
            var warnings: [String] = []
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
        }
        return chunk
    }
}
