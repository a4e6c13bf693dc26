import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit

/// The attribute table of one site: every figure with its unit in the name (`_m`, `_km`, `_h`, `_m3`).
/// One function feeds both sites.geojson and sites.csv so the two never disagree.
public enum SiteProperties {
    static func num(_ d: Double?, _ decimals: Int) -> JSON {
        guard let d, d.isFinite else { return .null }
        return .number(GeoJSON.round(d, decimals))
    }
    static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

    public static func properties(site s: Site, analysis a: SiteAnalysis, rank: Int, rules: RuleSet, basin: Basin) -> [(String, JSON)] {
        var p: [(String, JSON)] = [
            ("id", .string(s.id)),
            ("name", .string(s.name)),
            ("kind", .string(s.kind.rawValue)),
            ("risk_rank", .number(Double(rank))),
            ("risk_index", str(rules.rankingIndex(for: s.kind.rawValue))),
            ("risk_class", str(rules.rankingIndex(for: s.kind.rawValue).flatMap { id in a.scores.first { $0.index == id }?.className })),
            ("country", str(a.country.iso)),
            ("country_inside", .bool(a.country.inside)),
            ("country_distance_m", num(a.country.distanceM, 1)),
            ("country_declared", str(s.declaredCountry)),
            ("position_precision", str(s.positionPrecision)),
            ("source", str(s.source)),
            ("river_name", str(a.river?.name)),
            ("river_level", a.river.map { .number(Double($0.level)) } ?? .null),
            ("river_in_network", a.river.map { .bool($0.inNetwork) } ?? .null),
            ("river_distance_m", num(a.river?.distanceM, 1)),
            ("river_point_lon", num(a.river?.point.lon, 7)),
            ("river_point_lat", num(a.river?.point.lat, 7)),
            ("border_countries", str(a.border?.countries.joined(separator: "|"))),
            ("border_distance_m", num(a.border?.distanceM, 1)),
            ("border_point_lon", num(a.border?.point.lon, 7)),
            ("border_point_lat", num(a.border?.point.lat, 7)),
            ("entry_river", str(a.entry?.riverName)),
            ("entry_distance_m", num(a.entry?.distanceM, 1)),
            ("traced", .bool(a.trace != nil)),
        ]
        let t = a.trace
        let first = a.firstTransboundary
        p += [
            ("downstream_countries", str(t.map { $0.countries.joined(separator: ">") })),
            ("first_transboundary", str(first.map { "\($0.kind.rawValue) \($0.countries.joined(separator: "|"))" })),
            ("first_transboundary_km", num(first?.km, 2)),
            ("first_transboundary_h", num(first?.hours, 2)),
            ("crossings", str(t.map { $0.crossings.map { "\($0.from)>\($0.to) \(NumberFormat.fixed($0.km, decimals: 1)) km \(NumberFormat.fixed($0.hours, decimals: 1)) h" }.joined(separator: "; ") })),
            ("border_reaches", str(t.map { $0.borderReaches.map { "\($0.countries.joined(separator: "|")) \(NumberFormat.fixed($0.fromKm, decimals: 1))-\(NumberFormat.fixed($0.toKm, decimals: 1)) km" }.joined(separator: "; ") })),
            ("outlet_km", num(t?.outletKm, 2)),
            ("outlet_h", num(t?.outletHours, 2)),
            ("velocity_river_m_s", num(t?.riverVelocityMS, 4)),
            ("velocity_reservoir_m_s", num(t?.reservoirVelocityMS, 5)),
            ("transboundary", .bool(a.transboundary)),
            ("flag_rules", .string(a.flags.map(\.rule.rawValue).joined(separator: ","))),
            ("flag_details", .string(a.flags.map(\.detail).joined(separator: " | "))),
            ("affected_countries", .string(a.affected.map(\.iso).joined(separator: ","))),
            ("convention_applies", .string(a.affected.map { "\($0.iso):\($0.conventionApplies ? "yes" : "no")" }.joined(separator: ","))),
        ]
        for idx in rules.indices {
            let r = a.scores.first { $0.index == idx.id }
            p.append((idx.id, num(r?.value, 3)))
            p.append((idx.id + "_class", str(r?.className)))
            p.append((idx.id + "_terms", str(r.map { $0.terms.map { "\($0.name)=\(NumberFormat.fixed($0.points, decimals: 3))\($0.usedDefault ? "*" : "")" }.joined(separator: "; ") })))
            // Inputs that were missing; the points that stood in are in _terms (marked *), and each
            // default's reason is in summary.json (stand_ins), once rather than on every site.
            p.append((idx.id + "_missing", str(r.map { $0.missing.map(\.input).joined(separator: "; ") })))
        }
        let ro = a.runout
        let best = ro?.estimates.max { $0.runoutKm < $1.runoutKm }
        p += [
            ("runout_km", num(ro?.runoutKm, 2)),
            ("runout_low_km", num(best?.runoutKmLow, 2)),
            ("runout_high_km", num(best?.runoutKmHigh, 2)),
            ("runout_released_m3", num(best?.releasedVolumeM3, 0)),
            ("runout_model", str(best?.model)),
            ("runout_reaches_river", ro.map { .bool($0.reachesRiver) } ?? .null),
            ("runout_reaches_border", ro.map { .bool($0.reachesBorder) } ?? .null),
            ("runout_river_reach_km", num(ro?.riverReachKm, 2)),
            ("runout_note", str(ro.map { $0.unavailable.joined(separator: "; ") })),
            ("warnings", .string((s.warnings + a.warnings).joined(separator: " | "))),
            ("input_origin", .string(s.origin.description)),
        ]
        return p + inputProperties(site: s, computedKeys: Set(p.map(\.0)))
    }

    /// Inventory attributes (sorted), substances, then unknown columns passed through in input order;
    /// renamed `input_<name>` if they collide with a computed field.
    public static func inputProperties(site s: Site, computedKeys: Set<String>) -> [(String, JSON)] {
        var p: [(String, JSON)] = []
        var taken = computedKeys
        for k in s.attributes.keys.sorted() {
            let v: JSON
            switch s.attributes[k]! {
            case .number(let d): v = .number(d)
            case .text(let t): v = .string(t)
            case .flag(let b): v = .bool(b)
            }
            let name = taken.contains(k) ? "input_" + k : k
            p.append((name, v)); taken.insert(name)
        }
        if !s.substances.isEmpty {
            p.append(("substances", .string(s.substances.map { "\($0.name):\(NumberFormat.json($0.tonnes)):\($0.waterHazardClass.map(String.init) ?? "")" }.joined(separator: "; "))))
        }
        for (k, v) in s.extra {
            let name = taken.contains(k) ? "input_" + k : k
            p.append((name, .string(v))); taken.insert(name)
        }
        return p
    }
}
