import Foundation

/// How the columns of a file (or the properties of one feature) map onto fields.
struct Schema: Sendable {
    var columns: [Column]
    var names: [String]
    /// Column index per `Field.rawValue`, the first column that maps to it.
    var fieldColumn: [Int?]
    /// Unit text from the header of each field's column ("тыс. м3"), only where it changes the reading
    /// of a numeric field (a factor other than 1, or a unit of another dimension).
    var fieldUnit: [String?]
    /// Header text after a numeric field's name that did not read as a unit (a file warning says so).
    var unreadUnit: [String?]
    /// (field, first column, repeated column) for columns that repeat a field already mapped; the
    /// repeat is kept as an extra column.
    var duplicates: [(field: Field, first: Int, again: Int)]
    /// Columns the --columns file turned into extra columns (no suggestion for them).
    var forcedExtra: Set<Int>
    let mapping: ColumnMapping?

    init(headers: [String], columns mapping: ColumnMapping? = nil) {
        let table = ColumnTable.builtIn
        self.mapping = mapping
        names = headers
        columns = []
        columns.reserveCapacity(headers.count)
        fieldColumn = Array(repeating: nil, count: Field.allCases.count)
        fieldUnit = Array(repeating: nil, count: Field.allCases.count)
        unreadUnit = fieldUnit
        duplicates = []
        forcedExtra = []
        for (i, h) in headers.enumerated() {
            let hk = table.key(h)
            var f = table.byKey[hk.key]
            if let m = mapping, let decided = m.decide(h, key: hk.key) {
                f = decided
                if decided == nil { forcedExtra.insert(i) }
            }
            if let f {
                if let first = fieldColumn[f.rawValue] {
                    duplicates.append((f, first, i))
                } else {
                    fieldColumn[f.rawValue] = i
                    columns.append(.field(f))
                    if let dim = f.dimension {
                        if let u = hk.unit { if Self.changesReading(u, dim) { fieldUnit[f.rawValue] = u } }
                        else if let t = hk.unitText { unreadUnit[f.rawValue] = t }
                    }
                    continue
                }
            }
            columns.append(.extra(h))
        }
    }

    /// True unless the unit is the field's own base unit (or a word that says nothing, like "баллы").
    static func changesReading(_ unit: String, _ dim: QuantityKind) -> Bool {
        guard let u = Quantity.unit(unit) else { return true }
        return u.exponent != 0 || u.factor != 1 || (u.dimension != nil && u.dimension != dim)
    }

    var recognisedCount: Int { fieldColumn.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    func has(_ f: Field) -> Bool { fieldColumn[f.rawValue] != nil }

    /// Required columns missing from the header (position: lat+lon or x+y).
    var missingRequired: [String] {
        var m: [String] = []
        for f in [Field.id, .name, .kind] where !has(f) { m.append(f.canonical) }
        if !(has(.lat) && has(.lon)) && !(has(.x) && has(.y)) { m.append("lat/lon (or x/y with crs)") }
        return m
    }

    /// The same schema with fresh buffers (see `VocabularyTables`).
    func copy() -> Schema { Schema(headers: names.map { String(decoding: Array($0.utf8), as: UTF8.self) }, columns: mapping) }

    static let maxListed = 20, maxChecked = 1000

    /// File warnings about the header, computed once per file: columns that repeat a field (naming
    /// both), unknown columns that resemble a field ("did you mean"), header units not understood.
    /// Bounded: at most `maxChecked` unknown columns are compared with the aliases, and at most
    /// `maxListed` warnings of each sort are listed, the rest counted.
    func headerWarnings(_ file: String, skipNames: inout Set<String>) -> [String] {
        var out: [String] = []
        func col(_ i: Int) -> String { "column \(i + 1) \(quoted(names[i]))" }
        for (k, d) in duplicates.enumerated() {
            if k == Self.maxListed { out.append("\(file): \(duplicates.count - k) more columns repeat a field already mapped; each kept as an extra column"); break }
            out.append("\(file): \(col(d.first)) and \(col(d.again)) both map to \(d.field.canonical); \(col(d.first)) is used and \(col(d.again)) is kept as an extra column (map one elsewhere with --columns)")
        }
        let table = ColumnTable.builtIn
        if let p = table.problem { out.append("\(file): \(p)") }
        var suggested = 0, checked = 0, unsuggested = 0
        for (i, c) in columns.enumerated() {
            guard case .extra(let h) = c, !forcedExtra.contains(i), !duplicates.contains(where: { $0.again == i }) else { continue }
            guard skipNames.insert(h).inserted else { continue }
            checked += 1
            if checked > Self.maxChecked { unsuggested += 1; continue }
            guard let f = table.suggestion(for: h) else { continue }
            suggested += 1
            if suggested > Self.maxListed { continue }
            let taken = fieldColumn[f.rawValue].map { ", which \(col($0)) already gives" } ?? ""
            out.append("\(file): unknown \(col(i)) kept as an extra column; did you mean \(f.canonical)\(taken)? (rename the column or map it with --columns)")
        }
        if suggested > Self.maxListed { out.append("\(file): \(suggested - Self.maxListed) more unknown columns resemble known fields") }
        if unsuggested > 0 { out.append("\(file): \(unsuggested) further unknown columns not compared with the known names") }
        for f in Field.allCases {
            guard let c = fieldColumn[f.rawValue], let dim = f.dimension else { continue }
            if let u = fieldUnit[f.rawValue], let q = Quantity.unit(u), let d = q.dimension, d != dim {
                out.append("\(file): \(col(c)) gives \(d.name) ('\(u)') but \(f.canonical) is \(dim.name); its values are dropped unless a cell gives its own unit")
            }
            if let t = unreadUnit[f.rawValue] {
                out.append("\(file): \(col(c)): '\(t)' is not a unit BasinMap reads; cells without their own unit are read in \(dim.baseUnit.isEmpty ? "plain numbers" : dim.baseUnit)")
            }
        }
        return out
    }
}

/// Header warnings of a file whose records each bring their own schema (GeoJSON): each property name
/// is looked at once per file, so a million features cost a million set look-ups, not a million searches.
final class HeaderNotes {
    private var seen = Set<String>()
    private var messages: [String] = []
    private var known = Set<String>()

    func note(_ schema: Schema, file: String) {
        guard schema.columns.contains(where: { if case .extra(let h) = $0 { !seen.contains(h) } else { false } }) || !schema.duplicates.isEmpty else { return }
        for m in schema.headerWarnings(file, skipNames: &seen) where known.insert(m).inserted && messages.count < 100 { messages.append(m) }
    }

    var warnings: [String] { messages }
}
