import Foundation
import GeoKit

/// Loads a basin folder: basin.json, countries.geojson, borders.geojson, rivers.geojson (required) and
/// lakes.geojson (optional; schemas and the reasons in Basins/README.md), then checks the river network
/// (`NetworkValidator`): cycles, dangling references and an outlet off the network are errors, the other
/// findings are `Basin.warnings`.
///
/// Errors name the file, the feature index and the field. Geometry policy: a ring that is not closed or
/// has fewer than 4 positions is an error (the intended shape is unknown); a polygon GEOS finds invalid
/// (self-intersection and the like) is repaired with makeValid and reported in `Basin.warnings`, naming
/// file, feature and GEOS's reason, so one bad vertex in a partner's file does not stop a run.
public enum BasinLoader {
    /// basin.json alone (checked as `load` checks it), for commands that need no layers.
    public static func loadMetadata(directory: URL) throws -> BasinMetadata { try BasinMetadataReader.read(directory: directory) }

    public static func load(directory: URL) throws -> Basin {
        let metadata = try BasinMetadataReader.read(directory: directory)
        let ctx = GEOSContext()
        var warnings: [String] = []

        // Countries.
        var countries: [Country] = []
        for (i, f) in try required(directory, "countries.geojson", "no country polygons: sites cannot be placed in a country").enumerated() {
            let file = "countries.geojson"
            let r = FieldReader(file: file, feature: i, members: f.properties)
            let iso = try r.string("iso")
            guard metadata.country(iso) != nil else {
                throw r.fail("iso", "\(iso) is not among basin.json's countries (\(metadata.countries.map(\.iso).joined(separator: ", ")))")
            }
            guard !countries.contains(where: { $0.iso == iso }) else { throw r.fail("iso", "\(iso) appears in two features; expected one MultiPolygon per country") }
            let polys = try polygons(f, file: file, index: i, label: iso, context: ctx, warnings: &warnings)
            countries.append(Country(iso: iso, name: try r.string("name"), polygons: polys))
        }

        // Borders.
        var borders: [BorderLine] = []
        // One country needs no borders; with two or more, an empty layer would silently raise no border flag.
        let borderFeatures = try features(directory, "borders.geojson")
        if borderFeatures.isEmpty && metadata.countries.count > 1 {
            throw BasinLoadError(file: "borders.geojson", "has no features, but basin.json lists \(metadata.countries.count) countries: expected the border lines between them (no border_proximity flag could fire)")
        }
        for (i, f) in borderFeatures.enumerated() {
            let file = "borders.geojson"
            let r = FieldReader(file: file, feature: i, members: f.properties)
            let pair = try r.string("countries").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, pair[0] < pair[1], pair.allSatisfy({ $0.count == 2 }) else {
                throw r.fail("countries", "expected two ISO codes in ascending order joined by '|', e.g. \"KG|UZ\"")
            }
            guard try r.string("country_a") == pair[0] else { throw r.fail("country_a", "expected \(pair[0]) (first of 'countries')") }
            guard try r.string("country_b") == pair[1] else { throw r.fail("country_b", "expected \(pair[1]) (second of 'countries')") }
            _ = try r.double("length_m")
            borders.append(BorderLine(id: try r.int("id"), countries: pair, coordinates: try line(f, file: file, index: i)))
        }

        // Lakes.
        var lakes: [Lake] = []
        // Lakes are drawn and carried to the outputs; no figure depends on them except through reservoir
        // reaches, whose lake_id the network check then finds missing.
        var lakeFeatures: [Feature] = []
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("lakes.geojson").path) {
            lakeFeatures = try features(directory, "lakes.geojson")
        } else {
            warnings.append("lakes.geojson: missing in \(directory.path); loaded without lakes (none on the map or in the lakes layer)")
        }
        for (i, f) in lakeFeatures.enumerated() {
            let file = "lakes.geojson"
            let r = FieldReader(file: file, feature: i, members: f.properties)
            let kindText = try r.string("kind")
            guard let kind = LakeKind(rawValue: kindText) else { throw r.fail("kind", "expected \"lake\", \"reservoir\" or \"historical\", found '\(kindText)'") }
            let id = try r.int("id")
            guard !lakes.contains(where: { $0.id == id }) else { throw r.fail("id", "lake id \(id) used twice") }
            let polys = try polygons(f, file: file, index: i, label: "lake \(id)", context: ctx, warnings: &warnings)
            guard polys.count == 1 else {
                throw BasinLoadError(file: file, feature: i, field: "geometry", "expected one Polygon for a lake, found \(polys.count) (after repair)")
            }
            lakes.append(Lake(id: id, name: try r.optionalString("name"), kind: kind, polygon: polys[0], areaKm2: try r.double("area_km2")))
        }

        // Rivers: without them no site is traced and no water_path flag can fire, which would look like
        // "no transboundary impact" rather than "unknown".
        let rivers = try RiverReader.read(required(directory, "rivers.geojson", "no river edges: nothing to trace spills along (run `basinmap basin build` to make the network)"))
        let issues = NetworkValidator.issues(rivers, outlet: metadata.outlet, lakeIds: Set(lakes.map(\.id)))
        let errors = issues.filter(\.isError)
        if var e = errors.first?.loadError {
            if errors.count > 1 { e.message += " (and \(errors.count - 1) more such error(s) in rivers.geojson)" }
            throw e
        }
        warnings += issues.map(\.text)

        return Basin(metadata: metadata, countries: countries, borders: borders, lakes: lakes, rivers: rivers, warnings: warnings)
    }

    // MARK: helpers

    static func data(_ url: URL, name: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BasinLoadError(file: name, "missing: expected it at \(url.path)")
        }
        do { return try Data(contentsOf: url) } catch {
            throw BasinLoadError(file: name, "cannot read \(url.path) (\(error.localizedDescription))")
        }
    }

    static func features(_ directory: URL, _ name: String) throws -> [Feature] {
        let data = try data(directory.appendingPathComponent(name), name: name)
        do { return try GeoJSON.features(from: data, name: name) } catch let e as GeoJSONError {
            // GeoJSON's messages already start with the file name (and feature index).
            let prefix = name + ": "
            throw BasinLoadError(file: name, e.message.hasPrefix(prefix) ? String(e.message.dropFirst(prefix.count)) : e.message)
        }
    }

    /// A layer that must exist and hold at least one feature.
    static func required(_ directory: URL, _ name: String, _ whyNeeded: String) throws -> [Feature] {
        let fs = try features(directory, name)
        guard !fs.isEmpty else { throw BasinLoadError(file: name, "has no features (\"features\": []): \(whyNeeded)") }
        return fs
    }

    static func checkPositions(_ cs: [Coordinate], file: String, index: Int, what: String) throws {
        for c in cs where !(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90) {
            throw BasinLoadError(file: file, feature: index, field: "geometry", "\(what): position \(c) is not lon/lat in degrees (WGS84, RFC 7946)")
        }
    }

    static func line(_ f: Feature, file: String, index: Int) throws -> [Coordinate] {
        guard case .lineString(let cs)? = f.geometry else {
            throw BasinLoadError(file: file, feature: index, field: "geometry", "expected a LineString, found \(f.geometry?.typeName ?? "null")")
        }
        guard cs.count >= 2 else { throw BasinLoadError(file: file, feature: index, field: "geometry", "expected a LineString of at least 2 positions, found \(cs.count)") }
        try checkPositions(cs, file: file, index: index, what: "LineString")
        return cs
    }

    /// The feature's Polygon/MultiPolygon, rings checked closed, invalid polygons repaired with a warning.
    static func polygons(_ f: Feature, file: String, index: Int, label: String, context ctx: GEOSContext, warnings: inout [String]) throws -> [Polygon] {
        let polys: [Polygon]
        switch f.geometry {
        case .polygon(let p)?: polys = [p]
        case .multiPolygon(let ps)?: polys = ps
        default:
            throw BasinLoadError(file: file, feature: index, field: "geometry", "expected a Polygon or MultiPolygon, found \(f.geometry?.typeName ?? "null")")
        }
        var out: [Polygon] = []
        for (pi, p) in polys.enumerated() {
            for (ri, ring) in p.rings.enumerated() {
                let what = "polygon \(pi) ring \(ri)"
                guard ring.count >= 4 else {
                    throw BasinLoadError(file: file, feature: index, field: "geometry", "\(what): a ring needs at least 4 positions, found \(ring.count)")
                }
                guard ring.first == ring.last else {
                    throw BasinLoadError(file: file, feature: index, field: "geometry",
                                         "\(what) is not closed: first position \(ring.first!) != last \(ring.last!) (RFC 7946 rings repeat the first position at the end)")
                }
                try checkPositions(ring, file: file, index: index, what: what)
            }
            let g = try ctx.make(.polygon(p))
            if try g.isValid() { out.append(p); continue }
            let reason = try g.validityReason()
            let fixed = GeometryParts.polygons(try g.makeValid().value())
            guard !fixed.isEmpty else {
                throw BasinLoadError(file: file, feature: index, field: "geometry", "polygon \(pi) (\(label)) is not valid (\(reason)) and makeValid leaves no area")
            }
            warnings.append("\(file): feature \(index) (\(label)): polygon \(pi) not valid (\(reason)); repaired with GEOS makeValid into \(fixed.count) polygon(s)")
            out.append(contentsOf: fixed)
        }
        return out
    }
}
