import Foundation
import GeoKit
import BasinKit
import AnalysisKit

enum TraceText {
    typealias Found = (entry: EntryFinding, trace: DownstreamTrace?, country: CountryFinding)

    static func f(_ d: Double, _ n: Int = 1) -> String { NumberFormat.fixed(d, decimals: n) }

    static func text(_ p: Coordinate, _ r: Found, _ b: Basin) -> String {
        var l: [String] = []
        l.append("spill at \(f(p.lon, 5)), \(f(p.lat, 5)) in \(r.country.iso ?? "?")\(r.country.inside ? "" : " (outside all countries; nearest)")")
        l.append("enters \(r.entry.riverName ?? "an unnamed river") at \(f(r.entry.point.lon, 5)), \(f(r.entry.point.lat, 5)), \(f(r.entry.distanceM / 1000, 2)) km away")
        guard let t = r.trace else {
            l.append("far from any mapped basin river (more than the entry distance): no trace")
            return l.joined(separator: "\n")
        }
        l.append("countries downstream: \(t.countries.joined(separator: " > "))")
        if t.crossings.isEmpty { l.append("no border crossing downstream") }
        for c in t.crossings { l.append("  crosses \(c.from) > \(c.to) after \(f(c.km)) km, \(f(c.hours)) h (\(f(c.hours / 24)) days)") }
        for br in t.borderReaches { l.append("  river forms the \(br.countries.joined(separator: "|")) border from \(f(br.fromKm)) to \(f(br.toKm)) km (\(f(br.fromHours)) to \(f(br.toHours)) h)") }
        l.append("reaches the outlet (\(b.metadata.outletName)) after \(f(t.outletKm)) km, \(f(t.outletHours)) h (\(f(t.outletHours / 24)) days)")
        l.append("velocities: river \(t.riverVelocityMS) m/s, reservoirs \(t.reservoirVelocityMS) m/s (\(b.metadata.velocities.riverSource); \(b.metadata.velocities.reservoirSource))")
        return l.joined(separator: "\n")
    }

    static func json(_ p: Coordinate, _ r: Found, _ b: Basin) -> String {
        var m: [(String, JSON)] = [
            ("point", .array([.number(p.lon), .number(p.lat)])),
            ("country", r.country.iso.map { .string($0) } ?? .null),
            ("country_inside", .bool(r.country.inside)),
            ("entry_river", r.entry.riverName.map { .string($0) } ?? .null),
            ("entry_point", .array([.number(GeoJSON.round(r.entry.point.lon, 7)), .number(GeoJSON.round(r.entry.point.lat, 7))])),
            ("entry_distance_m", .number(GeoJSON.round(r.entry.distanceM, 1))),
            ("traced", .bool(r.trace != nil)),
        ]
        if let t = r.trace {
            m += [
                ("countries", .array(t.countries.map { .string($0) })),
                ("crossings", .array(t.crossings.map { c in .object([("from", .string(c.from)), ("to", .string(c.to)),
                    ("km", .number(GeoJSON.round(c.km, 2))), ("hours", .number(GeoJSON.round(c.hours, 2))),
                    ("point", .array([.number(GeoJSON.round(c.point.lon, 7)), .number(GeoJSON.round(c.point.lat, 7))]))]) })),
                ("border_reaches", .array(t.borderReaches.map { br in .object([("countries", .array(br.countries.map { .string($0) })),
                    ("from_km", .number(GeoJSON.round(br.fromKm, 2))), ("to_km", .number(GeoJSON.round(br.toKm, 2))),
                    ("from_hours", .number(GeoJSON.round(br.fromHours, 2))), ("to_hours", .number(GeoJSON.round(br.toHours, 2)))]) })),
                ("outlet_km", .number(GeoJSON.round(t.outletKm, 2))),
                ("outlet_hours", .number(GeoJSON.round(t.outletHours, 2))),
                ("river_velocity_m_s", .number(t.riverVelocityMS)),
                ("reservoir_velocity_m_s", .number(t.reservoirVelocityMS)),
            ]
        }
        return JSONWriter.string(.object(m), indent: "  ")
    }
}
