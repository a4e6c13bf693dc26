import Foundation
import GeoKit

/// Writes a basin's geometry layers as RFC 7946 GeoJSON, byte-identical for identical input
/// (ordered properties, fixed number format, 7 decimals ~ 1 cm, one feature per line).
public enum BasinLayerWriter {
    public static let decimals = 7

    public static func write(_ g: BasinGeometry, to directory: URL) throws {
        try AtomicFile.write(countriesText(g.countries), to: directory.appendingPathComponent("countries.geojson"))
        try AtomicFile.write(bordersText(g.borders), to: directory.appendingPathComponent("borders.geojson"))
        try AtomicFile.write(lakesText(g.lakes), to: directory.appendingPathComponent("lakes.geojson"))
    }

    public static func countriesText(_ countries: [Country]) -> String {
        GeoJSON.text(countries.map { c in
            Feature(geometry: .multiPolygon(c.polygons), properties: [("iso", .string(c.iso)), ("name", .string(c.name))])
        }, decimals: decimals)
    }

    public static func bordersText(_ borders: [BorderLine]) -> String {
        GeoJSON.text(borders.map { b in
            Feature(geometry: .lineString(b.coordinates), properties: [
                ("id", .number(Double(b.id))),
                ("countries", .string(b.countries.joined(separator: "|"))),
                ("country_a", .string(b.countries.first ?? "")),
                ("country_b", .string(b.countries.last ?? "")),
                // Metres on the WGS84 ellipsoid, to the centimetre.
                ("length_m", .number(GeoJSON.round(Geodesic.wgs84.length(of: b.coordinates), 2))),
            ])
        }, decimals: decimals)
    }

    public static func lakesText(_ lakes: [Lake]) -> String {
        GeoJSON.text(lakes.map { l in
            Feature(geometry: .polygon(l.polygon), properties: [
                ("id", .number(Double(l.id))),
                ("name", l.name.map { .string($0) } ?? .null),
                ("kind", .string(l.kind.rawValue)),
                ("area_km2", .number(GeoJSON.round(l.areaKm2, 3))),
            ])
        }, decimals: decimals)
    }
}
