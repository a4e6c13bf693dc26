import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit

/// Writes the GIS layers of a run. Every file is RFC 7946 (lon/lat WGS84, no `crs`, at most 7 decimals,
/// CCW exteriors, CW holes, `properties` always present, a bbox), written atomically.
public enum LayerWriter {
    public static let decimals = 7

    static func num(_ d: Double?, _ decimals: Int) -> JSON {
        guard let d, d.isFinite else { return .null }
        return .number(GeoJSON.round(d, decimals))
    }
    static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

    /// footprints.geojson: the pond outlines that inventories supplied, one Polygon per site that had one
    /// (a separate layer so sites.geojson stays a single-geometry-type Point layer).
    public static func footprintFeatures(_ r: RunResult) -> [Feature] {
        r.ranking.compactMap { i in
            let s = r.sites[i]
            guard let fp = s.footprint else { return nil }
            return Feature(geometry: .polygon(fp), properties: [("id", .string(s.id)), ("name", .string(s.name)), ("kind", .string(s.kind.rawValue))])
        }
    }

    /// traces.geojson: the downstream path of each flagged site from its entry point (0 km) to `to_km`.
    public static func traceFeatures(_ r: RunResult) -> [Feature] {
        r.traces.map { (i, t) in
            let s = r.sites[i], first = r.digests[i].firstTransboundary
            return Feature(geometry: .lineString(t.path), properties: [
                ("site_id", .string(s.id)), ("site_name", .string(s.name)),
                ("countries", .string(t.countries.joined(separator: ">"))),
                ("from_km", .number(0)),
                ("to_km", .number(GeoJSON.round(t.pathKm.last ?? 0, 2))),
                ("ends_at", .string(r.tracesToOutlet || first == nil || first!.km <= 0 ? "outlet" : "first transboundary point: \(first!.kind.rawValue) \(first!.countries.joined(separator: "|"))")),
                ("first_transboundary_km", first.map { .number(GeoJSON.round($0.km, 2)) } ?? .null),
                ("first_transboundary_h", first.map { .number(GeoJSON.round($0.hours, 2)) } ?? .null),
            ])
        }
    }

    /// zones.geojson: the river reach each dam-failure runout puts at risk.
    public static func zoneFeatures(_ r: RunResult) -> [Feature] {
        r.zones.map { (i, t) in
            let s = r.sites[i], ro = r.digests[i].runout
            return Feature(geometry: .lineString(t.path), properties: [
                ("site_id", .string(s.id)), ("site_name", .string(s.name)),
                ("runout_km", num(ro?.runoutKm, 2)),
                ("river_reach_km", num(ro?.riverReachKm, 2)),
                ("reaches_border", .bool(ro?.reachesBorder ?? false)),
                ("countries", .string(t.countries.joined(separator: ">"))),
            ])
        }
    }

    // MARK: basin context layers

    public static func riverFeatures(_ b: Basin) -> [Feature] {
        b.rivers.map { e in
            var lake: JSON = .null, reach = "river"
            if case .reservoir(let id) = e.reach { lake = .number(Double(id)); reach = "reservoir" }
            return Feature(geometry: .lineString(e.coordinates), properties: [
                ("id", .number(Double(e.id))), ("name", str(e.name)), ("level", .number(Double(e.level))),
                ("in_network", .bool(e.inNetwork)), ("reach", .string(reach)), ("lake_id", lake),
                ("length_m", .number(GeoJSON.round(e.lengthM, 1))),
                ("downstream_edge", e.downstreamEdge.map { .number(Double($0)) } ?? .null), ("note", str(e.note)),
            ])
        }
    }

    public static func borderFeatures(_ b: Basin) -> [Feature] {
        b.borders.map { l in
            Feature(geometry: .lineString(l.coordinates), properties: [
                ("id", .number(Double(l.id))), ("countries", .string(l.countries.joined(separator: "|"))),
                ("country_a", .string(l.countries.first ?? "")), ("country_b", .string(l.countries.last ?? "")),
                ("length_m", .number(GeoJSON.round(Geodesic.wgs84.length(of: l.coordinates), 1))),
            ])
        }
    }

    public static func countryFeatures(_ b: Basin) -> [Feature] {
        b.countries.map { c in
            let info = b.metadata.country(c.iso)
            return Feature(geometry: c.polygons.count == 1 ? .polygon(c.polygons[0]) : .multiPolygon(c.polygons), properties: [
                ("iso", .string(c.iso)), ("name", .string(c.name)),
                ("convention_party", info.map { .bool($0.conventionParty) } ?? .null),
                ("convention_note", str(info?.conventionNote)),
            ])
        }
    }

    public static func lakeFeatures(_ b: Basin) -> [Feature] {
        b.lakes.map { l in
            Feature(geometry: .polygon(l.polygon), properties: [
                ("id", .number(Double(l.id))), ("name", str(l.name)), ("kind", .string(l.kind.rawValue)),
                ("area_km2", .number(GeoJSON.round(l.areaKm2, 1))),
            ])
        }
    }

    /// Writes every layer but the site table (sites.geojson and sites.csv are streamed by SiteTable)
    /// into `dir`; returns the file names written with their feature counts.
    @discardableResult
    public static func writeLayers(_ r: RunResult, to dir: URL) throws -> [(file: String, features: Int)] {
        var written: [(String, Int)] = []
        func write(_ name: String, _ fs: [Feature]) throws {
            try AtomicFile.write(GeoJSON.text(fs, decimals: decimals), to: dir.appendingPathComponent(name))
            written.append((name, fs.count))
        }
        try write("footprints.geojson", footprintFeatures(r))
        try write("traces.geojson", traceFeatures(r))
        try write("zones.geojson", zoneFeatures(r))
        try write("rivers.geojson", riverFeatures(r.basin))
        try write("borders.geojson", borderFeatures(r.basin))
        try write("countries.geojson", countryFeatures(r.basin))
        try write("lakes.geojson", lakeFeatures(r.basin))
        try AtomicFile.write(QGISStyle.sites(r.rules), to: dir.appendingPathComponent("sites.qml"))
        return written
    }
}
