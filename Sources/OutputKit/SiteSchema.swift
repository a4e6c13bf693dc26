import Foundation
import GeoKit
import SiteKit
import ScoringKit
import AnalysisKit

/// The field table of one run: the computed fields (`SiteFields`, with nine per index of the rules file),
/// then the inventory's own columns in order of first appearance, each with one type for the whole run.
/// Known before any site is analysed. Every site sink (GeoJSON, CSV, GeoPackage) writes from it.
public struct SiteSchema: Sendable {
    public let fields: [SiteField]
    public let computedCount: Int
    /// Position of each inventory column name among `fields`.
    let inputPosition: [String: Int]
    let computedSet: Set<String>
    public let rankField: Int

    public var keys: [String] { fields.map(\.name) }
    /// The names of the CSV's computed columns, in order.
    public var csvColumns: [String] { fields.prefix(computedCount).filter { $0.formats.contains(.csv) }.map(\.name) }

    public static func computedKeys(_ rules: RuleSet) -> [String] { SiteFields.computed(rules).map(\.name) }

    public init(rules: RuleSet, sites: [Site]) {
        let computed = SiteFields.computed(rules)
        // Names are compared without case: SQLite (GeoPackage) and dBase (Shapefile) columns are
        // case-insensitive, so `ID` beside `id` would be one column there. `fid` and `geom` are the
        // GeoPackage layer's own key and geometry columns.
        let computedSet = Set(computed.map { $0.name.lowercased() } + ["fid", "geom"])
        var fields = computed
        var position: [String: Int] = [:]
        // What each inventory column holds across all sites: a column is real (or boolean) only when every
        // value in it is one, else text; so its type never depends on which rows happen to be present.
        var seen: [(number: Bool, flag: Bool, text: Bool)] = []
        var names: [String] = [], attributeKeys: [String] = []
        for s in sites {
            Self.inputNames(s, computed: computedSet, into: &names, sortedKeys: &attributeKeys)
            func note(_ n: Int, _ v: AttributeValue?) {
                let name = names[n]
                let p: Int
                if let q = position[name] { p = q } else { p = seen.count; position[name] = p; seen.append((false, false, false)) }
                switch v {
                case .number?: seen[p].number = true
                case .flag?: seen[p].flag = true
                case .text?, nil: seen[p].text = true
                }
            }
            var n = 0
            for k in attributeKeys { note(n, s.attributes[k]); n += 1 }
            if !s.substances.isEmpty { note(n, nil); n += 1 }
            for _ in s.extra { note(n, nil); n += 1 }
        }
        var ordered = position.map { ($0.value, $0.key) }
        ordered.sort { $0.0 < $1.0 }
        for (p, name) in ordered {
            let k = seen[p]
            let type: FieldType = k.text || (k.number && k.flag) ? .text : k.number ? .real(decimals: nil) : .boolean
            fields.append(SiteField(name, type, formats: .all, "the inventory's own column \(name)", read: nil))
            position[name] = computed.count + p
        }
        self.fields = fields
        computedCount = computed.count
        inputPosition = position
        self.computedSet = computedSet
        rankField = computed.firstIndex { $0.name == "risk_rank" }!
    }

    /// The names a site's own attributes get: inventory attributes (sorted), `substances`, then unknown
    /// columns in input order; a name already taken (by a computed field or an earlier attribute, in any
    /// letter case) gets `input_`.
    /// `sortedKeys` receives the attribute keys in the order their names were given.
    /// A third column of one name would get `input_` twice; it gets `input_2_` (then `input_3_`, ...) so
    /// no two columns share a key and none overwrites another in the writer.
    /// Names taken are kept in a set: a million columns are a million set inserts, not 10^12 comparisons.
    static func inputNames(_ s: Site, computed: Set<String>, into names: inout [String], sortedKeys: inout [String]) {
        names.removeAll(keepingCapacity: true)
        sortedKeys.removeAll(keepingCapacity: true)
        sortedKeys.append(contentsOf: s.attributes.keys)
        sortedKeys.sort()
        var taken = Set<String>(minimumCapacity: s.attributes.count + s.extra.count + 1)
        func take(_ k: String) {
            if !computed.contains(k.lowercased()) && taken.insert(k.lowercased()).inserted { names.append(k); return }
            var n = "input_" + k
            var suffix = 2
            while computed.contains(n.lowercased()) || !taken.insert(n.lowercased()).inserted { n = "input_\(suffix)_" + k; suffix += 1 }
            names.append(n)
        }
        for k in sortedKeys { take(k) }
        if !s.substances.isEmpty { take("substances") }
        for (k, _) in s.extra { take(k) }
    }
}

/// Reusable buffers for evaluating rows; one per worker.
public struct SiteRowScratch {
    var names: [String] = []
    var attributeKeys: [String] = []
    var touched: [Int] = []
    public init() {}
}

extension SiteSchema {
    /// Every field's value for one site, in field order, into `values` (resized to the table).
    public func evaluate(_ s: Site, _ a: SiteAnalysis, rules: RuleSet, into values: inout [FieldValue], scratch: inout SiteRowScratch) {
        if values.count != fields.count { values = Array(repeating: .null, count: fields.count) }
        let row = SiteRow(site: s, analysis: a, rules: rules)
        for i in 0..<computedCount { values[i] = fields[i].value(row) }
        for i in scratch.touched { values[i] = .null }
        scratch.touched.removeAll(keepingCapacity: true)
        Self.inputNames(s, computed: computedSet, into: &scratch.names, sortedKeys: &scratch.attributeKeys)
        var n = 0
        func put(_ v: FieldValue) {
            let p = inputPosition[scratch.names[n]]!
            values[p] = fields[p].type == .text ? v.asText : v
            scratch.touched.append(p)
            n += 1
        }
        for k in scratch.attributeKeys {
            switch s.attributes[k]! {
            case .number(let d): put(.real(d))
            case .text(let t): put(.text(t))
            case .flag(let b): put(.boolean(b))
            }
        }
        if !s.substances.isEmpty {
            put(.text(s.substances.map { "\($0.name):\(NumberFormat.json($0.tonnes)):\($0.waterHazardClass.map(String.init) ?? "")" }.joined(separator: "; ")))
        }
        for (_, v) in s.extra { put(.text(v)) }
    }
}

extension FieldValue {
    /// The value as it reads in a text column.
    var asText: FieldValue {
        switch self {
        case .null, .text: return self
        case .real(let d): return .text(NumberFormat.json(d))
        case .integer(let i): return .text(String(i))
        case .boolean(let b): return .text(b ? "true" : "false")
        }
    }
}
