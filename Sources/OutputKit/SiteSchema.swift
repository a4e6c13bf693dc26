import Foundation
import SiteKit
import ScoringKit

/// The uniform attribute schema of sites.geojson and the columns of sites.csv. Every figure carries its
/// unit in its name (`_m`, `_km`, `_h`, `_m3`). Known before any site is analysed: the computed fields
/// (fixed, plus four per index of the rules file), then the inventory's own attributes in order of first
/// appearance in the input.
public struct SiteSchema: Sendable {
    public let keys: [String]
    public let computedCount: Int
    public let csvColumns: [String]

    public static func computedKeys(_ rules: RuleSet) -> [String] {
        var k = [
            "id", "name", "kind", "kind_input", "kind_detail", "risk_rank", "risk_index", "risk_class", "risk_class_low", "risk_class_high", "risk_class_may_change", "country", "country_inside", "country_distance_m",
            "country_declared", "position_precision", "source", "river_name", "river_level", "river_in_network", "river_distance_m",
            "river_point_lon", "river_point_lat", "border_countries", "border_distance_m", "border_point_lon", "border_point_lat",
            "entry_river", "entry_distance_m", "traced", "downstream_countries", "first_transboundary", "first_transboundary_km",
            "first_transboundary_h", "crossings", "border_reaches", "outlet_km", "outlet_h", "velocity_river_m_s",
            "velocity_reservoir_m_s", "transboundary", "transboundary_reason", "flag_rules", "flag_details", "affected_countries", "convention_applies",
        ]
        for idx in rules.indices {
            k += [idx.id, idx.id + "_class", idx.id + "_low", idx.id + "_high", idx.id + "_class_low", idx.id + "_class_high",
                  idx.id + "_stand_ins", idx.id + "_terms", idx.id + "_missing"]
        }
        k += ["runout_km", "runout_low_km", "runout_high_km", "runout_released_m3", "runout_model", "runout_reaches_river",
              "runout_reaches_border", "runout_river_reach_km", "runout_note", "warnings", "input_origin"]
        return k
    }

    /// The key columns of the report table, in risk order.
    public static let csvLeadingColumns = [
        "risk_rank", "id", "name", "kind", "kind_input", "kind_detail", "country", "risk_index", "risk_class", "risk_class_low", "risk_class_high", "risk_class_may_change",
        "transboundary", "transboundary_reason", "flag_rules", "affected_countries",
        "convention_applies", "river_name", "river_distance_m", "border_countries", "border_distance_m", "entry_river",
        "entry_distance_m", "downstream_countries", "first_transboundary", "first_transboundary_km", "first_transboundary_h", "outlet_km", "outlet_h",
    ]
    public static let csvTrailingColumns = ["runout_km", "runout_reaches_river", "runout_reaches_border", "position_precision", "warnings", "lon", "lat"]

    public init(rules: RuleSet, sites: [Site]) {
        let computed = Self.computedKeys(rules)
        let computedSet = Set(computed)
        var keys = computed
        var seen = computedSet
        var names: [String] = [], attributeKeys: [String] = []
        for s in sites {
            Self.inputNames(s, computed: computedSet, into: &names, sortedKeys: &attributeKeys)
            for n in names where !seen.contains(n) { seen.insert(n); keys.append(n) }
        }
        self.keys = keys
        computedCount = computed.count
        let perIndex: [String] = ["", "_class", "_low", "_high", "_class_low", "_class_high", "_stand_ins", "_missing"]
        csvColumns = Self.csvLeadingColumns + rules.indices.flatMap { idx in perIndex.map { idx.id + $0 } } + Self.csvTrailingColumns
    }

    /// The names a site's own attributes get: inventory attributes (sorted), `substances`, then unknown
    /// columns in input order; a name already taken (by a computed field or an earlier attribute) gets `input_`.
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
            if !computed.contains(k) && taken.insert(k).inserted { names.append(k); return }
            var n = "input_" + k
            var suffix = 2
            while computed.contains(n) || !taken.insert(n).inserted { n = "input_\(suffix)_" + k; suffix += 1 }
            names.append(n)
        }
        for k in sortedKeys { take(k) }
        if !s.substances.isEmpty { take("substances") }
        for (k, _) in s.extra { take(k) }
    }
}
