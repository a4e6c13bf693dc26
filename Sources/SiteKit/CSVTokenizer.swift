import Foundation

let QUOTE: UInt8 = 0x22, LF: UInt8 = 0x0A, CR: UInt8 = 0x0D

/// A quoted field that ran across lines which read as whole records: the quote was a stray one (a
/// forgotten closing quote, a DMS `"` taken as an opening one). The record is cut there: the lines from the
/// record's start up to `resume` are rejected one by one, and reading resumes at `resume` as if the quote
/// had not been there.
struct BrokenSpan {
    var reason: String
    /// Column (0-based) of the field whose quote ran away.
    var column: Int
    /// Where the tokenizer resumed (a line start, or the end of the input).
    var resume: Int
}

/// Splits records into unescaped fields. `line` is the physical line (1-based) the next record starts on.
/// Records without quoted fields are not copied: `ranges` then index the input itself (`direct`);
/// a quoted field switches the record to copying into `scratch`.
///
/// RFC 4180 allows line breaks inside quotes, and a note or an address may well hold one. A quoted value
/// is taken to have run away (and the record is cut, see `BrokenSpan`) when
///  (a) a line wholly inside the quotes reads on its own as a record with the header's field count
///      and no quote trouble, or
///  (b) the record read through the quotes is malformed (wrong field count, or text after the closing
///      quote) while the line the quote closes on reads on its own as such a record.
/// `width` 0 (header probing) turns the check off.
struct Tokenizer {
    let p: UnsafeBufferPointer<UInt8>
    let delim: UInt8
    let end: Int
    var i: Int
    var line: Int
    var width = 0
    var scratch: [UInt8] = []
    var ranges: [Range<Int>] = []
    var recordLine = 0
    /// Byte offset where the current record starts.
    var recordStart = 0
    /// true: `ranges` index `p`; false: they index `scratch`.
    var direct = true
    /// Line of a quote that never closes (the field ran to the end of the input).
    var unterminatedQuoteLine: Int? = nil
    var textAfterQuote = false
    var broken: BrokenSpan? = nil
    /// First control character (not tab, CR or LF) in the record: its column and byte.
    var control: (column: Int, byte: UInt8)? = nil
    /// A quoted field reached the end of this piece of the file before the end of the file: the piece
    /// boundary (found with plain RFC 4180 rules) disagrees with this tokenizer's, so the caller re-reads serially.
    var cutAtEnd = false
    /// 1 for the bytes that end an unquoted field (and control bytes, which are noted and skipped).
    private let stops: [Bool]

    init(_ p: UnsafeBufferPointer<UInt8>, delim: UInt8, start: Int, end: Int, line: Int) {
        self.p = p; self.delim = delim; self.i = start; self.end = end; self.line = line
        var t = [Bool](repeating: false, count: 256)
        t[Int(delim)] = true; t[Int(LF)] = true; t[Int(CR)] = true
        for b in 0..<0x20 where b != 0x09 && b != Int(LF) && b != Int(CR) { t[b] = true }
        t[0x7F] = true
        stops = t
        scratch.reserveCapacity(256); ranges.reserveCapacity(32)
    }

    @inline(__always) static func isControl(_ b: UInt8) -> Bool { (b < 0x20 && b != 0x09 && b != LF && b != CR) || b == 0x7F }

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

    @inline(__always) private mutating func scanUnquoted(_ stop: UnsafeBufferPointer<Bool>) {
        while true {
            while i < end && !stop[Int(p[i])] { i += 1 }
            guard i < end else { return }
            let b = p[i]
            if b == delim || b == LF || b == CR { return }
            if control == nil { control = (ranges.count, b) }
            i += 1
        }
    }

    /// Fields of the line [s, e) read on its own, or nil when a quoted field in it does not close cleanly.
    func fieldCount(_ s: Int, _ e: Int) -> Int? {
        var k = s, n = 1
        var atStart = true
        while k < e {
            let b = p[k]
            if atStart && b == QUOTE {
                k += 1
                var closed = false
                while k < e {
                    if p[k] == QUOTE { if k + 1 < e && p[k + 1] == QUOTE { k += 2; continue }; k += 1; closed = true; break }
                    k += 1
                }
                guard closed, k == e || p[k] == delim else { return nil }
                atStart = false
                continue
            }
            if b == delim { n += 1; atStart = true } else { atStart = false }
            k += 1
        }
        return n
    }

    /// The line [s, e) reads as a whole record of this file.
    func recordLike(_ s: Int, _ e: Int) -> Bool {
        guard width >= 2, e > s, fieldCount(s, e) == width else { return false }
        for k in s..<e where p[k] != delim && p[k] != 0x20 && p[k] != 0x09 { return true }
        return false
    }

    /// Index after the line break at `k` (CR, LF or CRLF).
    private func afterBreak(_ k: Int) -> Int { p[k] == CR && k + 1 < end && p[k + 1] == LF ? k + 2 : k + 1 }

    mutating func next() -> Bool {
        guard i < end else { return false }
        ranges.removeAll(keepingCapacity: true)
        direct = true
        unterminatedQuoteLine = nil
        textAfterQuote = false
        broken = nil
        control = nil
        recordLine = line
        recordStart = i
        // The first quoted field that closed on a later line than it opened: its opening line and the
        // start (offset, line) of the line it closed on, and whether text followed its closing quote.
        var spanning: (openLine: Int, column: Int, closeStart: Int, closeLine: Int, textAfter: Bool)? = nil
        stops.withUnsafeBufferPointer { stop in
            while true {
                if i < end && p[i] == QUOTE {
                    if direct { switchToScratch() }
                    let fs = scratch.count
                    let qline = line
                    i += 1
                    var closed = false
                    var lineStart = -1  // start of the current line inside the quotes (-1: still on the opening line)
                    while i < end {
                        let b = p[i]
                        if b == QUOTE {
                            if i + 1 < end && p[i + 1] == QUOTE { scratch.append(QUOTE); i += 2; continue }
                            i += 1; closed = true; break
                        }
                        if b == LF || b == CR {
                            let after = afterBreak(i)
                            if lineStart >= 0 && recordLike(lineStart, i) {
                                // (a): the line that just ended lies wholly inside the quotes and is a record.
                                broken = BrokenSpan(reason: runawayReason(qline, recordAt: line), column: ranges.count, resume: lineStart)
                                i = lineStart
                                return
                            }
                            line += 1
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<after]))
                            i = after
                            lineStart = i
                            continue
                        }
                        if Self.isControl(b) && control == nil { control = (ranges.count, b) }
                        scratch.append(b); i += 1
                    }
                    if !closed {
                        unterminatedQuoteLine = qline
                        if end < p.count { cutAtEnd = true }
                        // (a) for the last line, which the end of the input closes.
                        if lineStart >= 0 && lineStart < end && recordLike(lineStart, end) {
                            broken = BrokenSpan(reason: runawayReason(qline, recordAt: line), column: ranges.count, resume: lineStart)
                            i = lineStart
                            return
                        }
                    }
                    let s = i
                    scanUnquoted(stop)
                    if i > s { textAfterQuote = true; scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<i])) }
                    if closed && lineStart >= 0 && spanning == nil { spanning = (qline, ranges.count, lineStart, line, i > s) }
                    ranges.append(fs..<scratch.count)
                } else {
                    let s = i
                    scanUnquoted(stop)
                    if direct { ranges.append(s..<i) } else {
                        let fs = scratch.count
                        if i > s { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<i])) }
                        ranges.append(fs..<scratch.count)
                    }
                }
                if i >= end { break }
                let b = p[i]
                if b == delim { i += 1; continue }
                break
            }
            // (b): a malformed record whose quote closed on a line that is a record by itself.
            if broken == nil, let sp = spanning, ranges.count != width || sp.textAfter, recordLike(sp.closeStart, i) {
                broken = BrokenSpan(reason: runawayReason(sp.openLine, recordAt: sp.closeLine), column: sp.column, resume: sp.closeStart)
                i = sp.closeStart
                line = sp.closeLine
                return
            }
            if i < end {
                i = afterBreak(i)
                line += 1
            }
        }
        return true
    }

    private func runawayReason(_ q: Int, recordAt r: Int) -> String {
        let span = r - 1 > recordLine ? "lines \(recordLine)–\(r - 1) rejected, each on its own" : "line \(recordLine) rejected"
        return "the quote opened on line \(q) does not close before line \(r), which reads as a record of its own: a stray or missing quote (a value that starts with \" must end with \"; write \"\" for a quote inside it); \(span); reading resumes at line \(r)"
    }

    var isBlank: Bool { ranges.allSatisfy { $0.isEmpty } }

    /// Runs `body` with the buffer `ranges` index.
    func withRecord<R>(_ body: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> R) -> R {
        direct ? body(p, ranges) : scratch.withUnsafeBufferPointer { body($0, ranges) }
    }
}
