import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit

/// The GIS layers of a run besides the site table, declared once (`ContextLayer`) and written as GeoJSON
/// files (RFC 7946: lon/lat WGS84, no `crs`, at most 7 decimals, CCW exteriors, CW holes, `properties`
/// always present, a bbox, written atomically) and as GeoPackage layers.
public enum LayerWriter {
    public static let decimals = 7

    typealias F = ContextLayer.Field

    /// footprints: the pond outlines that inventories supplied, one Polygon per site that had one
    /// (a separate layer so the site table stays a single-geometry-type Point layer).
    public static func footprints(_ r: RunResult) -> ContextLayer {
        var l = ContextLayer("footprints", .polygon, [
            F("id", .text, "the inventory's site id"), F("name", .text, "the inventory's site name"),
            F("kind", .text, "scoring kind: tailings or other"),
        ])
        for i in r.ranking {
            let s = r.sites[i]
            guard let fp = s.footprint else { continue }
            l.add(.polygon(fp), [.text(s.id), .text(s.name), .text(s.kind.rawValue)])
        }
        return l
    }

    /// traces: the downstream path of each flagged site from its entry point (0 km) to `to_km`.
    public static func traces(_ r: RunResult) -> ContextLayer {
        var l = ContextLayer("traces", .lineString, [
            F("site_id", .text, "the site's id"), F("site_name", .text, "the site's name"),
            F("countries", .text, "countries the path passes, '>'-separated"),
            F("from_km", .real(decimals: 2), "start of the path along the river from the entry point, km"),
            F("to_km", .real(decimals: 2), "end of the path, km from the entry point"),
            F("ends_at", .text, "where the path ends: the outlet or the first transboundary point"),
            F("first_transboundary_km", .real(decimals: 2), "river distance from the entry point to the first transboundary point, km"),
            F("first_transboundary_h", .real(decimals: 2), "travel time to the first transboundary point at the basin's velocities, h"),
        ])
        for (i, t) in r.traces {
            let s = r.sites[i], first = r.digests[i].firstTransboundary
            let endsAt = r.tracesToOutlet || first == nil || first!.km <= 0 ? "outlet" : "first transboundary point: \(first!.kind.rawValue) \(first!.countries.joined(separator: "|"))"
            l.add(.lineString(t.path), [
                .text(s.id), .text(s.name), .text(t.countries.joined(separator: ">")), .real(0), .real(t.pathKm.last ?? 0),
                .text(endsAt), first.map { .real($0.km) } ?? .null, first.map { .real($0.hours) } ?? .null,
            ])
        }
        return l
    }

    /// zones: the river reach each dam-failure runout puts at risk.
    public static func zones(_ r: RunResult) -> ContextLayer {
        var l = ContextLayer("zones", .lineString, [
            F("site_id", .text, "the site's id"), F("site_name", .text, "the site's name"),
            F("runout_km", .real(decimals: 2), "estimated runout of a dam failure, km"),
            F("river_reach_km", .real(decimals: 2), "length of river the runout reaches, km"),
            F("reaches_border", .boolean, "the runout reach crosses into another country"),
            F("countries", .text, "countries the reach passes, '>'-separated"),
        ])
        for (i, t) in r.zones {
            let s = r.sites[i], ro = r.digests[i].runout
            l.add(.lineString(t.path), [
                .text(s.id), .text(s.name), (ro?.runoutKm).map { .real($0) } ?? .null, (ro?.riverReachKm).map { .real($0) } ?? .null,
                .boolean(ro?.reachesBorder ?? false), .text(t.countries.joined(separator: ">")),
            ])
        }
        return l
    }

    // MARK: basin context layers

    static func text(_ s: String?) -> FieldValue { s.map(FieldValue.text) ?? .null }

    public static func rivers(_ b: Basin) -> ContextLayer {
        var l = ContextLayer("rivers", .lineString, [
            F("id", .integer, "edge id in the basin's rivers file"), F("name", .text, "river name"),
            F("level", .integer, "river level (1 = main stem)"), F("in_network", .boolean, "part of the traced network"),
            F("reach", .enumeration(["river", "reservoir"]), "river, or a reservoir reach"),
            F("lake_id", .integer, "id of the reservoir this reach runs through"),
            F("length_m", .real(decimals: 1), "geodesic length, m"),
            F("downstream_edge", .integer, "id of the edge the water flows into"), F("note", .text, "the basin file's note"),
        ])
        for e in b.rivers {
            var lake: FieldValue = .null, reach = "river"
            if case .reservoir(let id) = e.reach { lake = .integer(id); reach = "reservoir" }
            l.add(.lineString(e.coordinates), [
                .integer(e.id), text(e.name), .integer(e.level), .boolean(e.inNetwork), .text(reach), lake,
                .real(e.lengthM), e.downstreamEdge.map { .integer($0) } ?? .null, text(e.note),
            ])
        }
        return l
    }

    public static func borders(_ b: Basin) -> ContextLayer {
        var l = ContextLayer("borders", .lineString, [
            F("id", .integer, "border line id"), F("countries", .text, "the two countries, '|'-separated"),
            F("country_a", .text, "first country (ISO)"), F("country_b", .text, "second country (ISO)"),
            F("length_m", .real(decimals: 1), "geodesic length, m"),
        ])
        for x in b.borders {
            l.add(.lineString(x.coordinates), [
                .integer(x.id), .text(x.countries.joined(separator: "|")), .text(x.countries.first ?? ""), .text(x.countries.last ?? ""),
                .real(Geodesic.wgs84.length(of: x.coordinates)),
            ])
        }
        return l
    }

    public static func countries(_ b: Basin) -> ContextLayer {
        var l = ContextLayer("countries", .multiPolygon, [
            F("iso", .text, "ISO 3166 code"), F("name", .text, "country name"),
            F("convention_party", .boolean, "Party to the UNECE Industrial Accidents Convention"),
            F("convention_note", .text, "source of the convention status"),
        ])
        for c in b.countries {
            let info = b.metadata.country(c.iso)
            l.add(c.polygons.count == 1 ? .polygon(c.polygons[0]) : .multiPolygon(c.polygons), [
                .text(c.iso), .text(c.name), info.map { .boolean($0.conventionParty) } ?? .null, text(info?.conventionNote),
            ])
        }
        return l
    }

    public static func lakes(_ b: Basin) -> ContextLayer {
        var l = ContextLayer("lakes", .polygon, [
            F("id", .integer, "lake id"), F("name", .text, "lake or reservoir name"),
            F("kind", .text, "lake or reservoir"), F("area_km2", .real(decimals: 1), "area, km²"),
        ])
        for x in b.lakes { l.add(.polygon(x.polygon), [.integer(x.id), text(x.name), .text(x.kind.rawValue), .real(x.areaKm2)]) }
        return l
    }

    /// Every layer but the site table, in the map's drawing order from the top (GeoPackage and QGIS
    /// project order): footprints, traces, zones, rivers, borders, lakes... as the GeoJSON files list them.
    public static func contextLayers(_ r: RunResult) -> [ContextLayer] {
        [footprints(r), traces(r), zones(r), rivers(r.basin), borders(r.basin), countries(r.basin), lakes(r.basin)]
    }

    /// Writes the context layers as GeoJSON files and the sites style into `dir`; returns the file names
    /// written with their feature counts.
    @discardableResult
    public static func writeGeoJSON(_ layers: [ContextLayer], rules: RuleSet, to dir: URL) throws -> [(file: String, features: Int)] {
        var written: [(String, Int)] = []
        for l in layers {
            try AtomicFile.write(GeoJSON.text(l.geoJSONFeatures, decimals: decimals), to: dir.appendingPathComponent(l.fileName))
            written.append((l.fileName, l.features.count))
        }
        try AtomicFile.write(QGISStyle.sites(rules), to: dir.appendingPathComponent("sites.qml"))
        return written
    }
}
