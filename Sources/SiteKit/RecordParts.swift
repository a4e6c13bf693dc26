import Foundation
import GeoKit

// What RecordBuilder works with: per-task vocabulary copies and memos, facts given outside the fields,
// problems found, and the quoting of values in messages.

/// Per-task copies of the vocabulary tables. Reading a global dictionary from two threads makes both
/// retain and release the same storage on every lookup; that cache-line ping-pong cost more than the
/// second thread gained.
final class VocabularyTables {
    let kinds = deepCopy(Vocabulary.kinds)
    let statuses = deepCopy(Vocabulary.statuses), levels = deepCopy(Vocabulary.levels)
    let conditions = deepCopy(Vocabulary.conditions), flags = deepCopy(Vocabulary.flags)
    let precisions = deepCopy(Vocabulary.precisions)

    static func deepCopy<T>(_ d: [String: T]) -> [String: T] {
        var out: [String: T] = Dictionary(minimumCapacity: d.count)
        for (k, v) in d { out[String(decoding: Array(k.utf8), as: UTF8.self)] = v }
        return out
    }
}

/// Recently resolved spellings of one enumerated column, compared as bytes: inventories repeat a
/// handful of values ("tailings", a country code, "active"), so most rows skip String creation and hashing.
final class Memo<T> {
    private var keys: [[UInt8]] = []
    private var values: [T] = []

    func get(_ p: UnsafeBufferPointer<UInt8>) -> T? {
        for i in keys.indices where keys[i].count == p.count {
            if keys[i].withUnsafeBufferPointer({ memcmp($0.baseAddress!, p.baseAddress!, p.count) == 0 }) { return values[i] }
        }
        return nil
    }

    func put(_ p: UnsafeBufferPointer<UInt8>, _ v: T) {
        if keys.count < 12 && p.count > 0 { keys.append(Array(p)); values.append(v) }
    }
}

/// Facts a GeoJSON feature supplies outside its properties.
struct GivenFacts {
    var position: Coordinate?
    var footprint: Polygon?
    var precision: String?
    var featureID: String?
    var substances: [Substance]?
    var problems: [Problem] = []
    var warnings: [String] = []
}

struct Problem {
    var field: String?
    var value: String?
    var message: String
}

/// Messages quote values shortened and with control characters escaped; the Reject keeps the full text.
func quoted(_ s: String) -> String {
    var out = "'"
    var n = 0
    for u in s.unicodeScalars {
        if n == 60 { out += "…"; break }
        switch u {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if let e = Escaped.scalar(u) { out += e } else { out.unicodeScalars.append(u) }
        }
        n += 1
    }
    return out + "'"
}

@inline(__always) func isASCII(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
    var acc: UInt8 = 0
    for b in p { acc |= b }
    return acc < 0x80
}

func fmt(_ d: Double) -> String {
    if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
    return String(d)
}
