import Foundation
import GeoKit

/// Reads and checks basin.json (schema in Basins/README.md).
enum BasinMetadataReader {
    static let file = "basin.json"

    static func read(directory: URL) throws -> BasinMetadata {
        let data = try BasinLoader.data(directory.appendingPathComponent(file), name: file)
        let root: JSON
        do { root = try JSON.parse(data) } catch let e as JSONParseError {
            throw BasinLoadError(file: file, "not valid JSON at \(e)")
        }
        guard let members = root.objectValue else { throw BasinLoadError(file: file, "expected a JSON object at the top, found \(root.typeName)") }
        let r = FieldReader(file: file, feature: nil, members: members)

        let id = try r.string("id")
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw r.fail("id", "expected a folder-like name (letters, digits, '-', '_'), found '\(id)'")
        }
        let outletR = try r.object("outlet")
        let outlet = Coordinate(lon: try outletR.double("lon"), lat: try outletR.double("lat"))

        let ext = try r.array("extent")
        let e = ext.compactMap(\.doubleValue)
        guard ext.count == 4, e.count == 4, e[0] < e[2], e[1] < e[3],
              e[0] >= -180, e[2] <= 180, e[1] >= -90, e[3] <= 90 else {
            throw r.fail("extent", "expected [min_lon, min_lat, max_lon, max_lat] with min < max, in degrees")
        }
        let extent = Envelope(minX: e[0], minY: e[1], maxX: e[2], maxY: e[3])
        guard extent.contains(outlet) else {
            throw outletR.fail("lon", "outlet \(outlet) lies outside the extent \(e): expected it inside")
        }

        let projection = try r.string("projection")
        do { _ = try Projection(from: "EPSG:4326", to: projection) } catch {
            throw r.fail("projection", "PROJ cannot use '\(projection)': \(error)")
        }

        var countries: [CountryInfo] = []
        for (i, c) in try r.array("countries").enumerated() {
            guard let o = c.objectValue else { throw r.fail("countries[\(i)]", "expected an object, found \(c.typeName)") }
            let cr = FieldReader(file: file, feature: nil, members: o, path: "countries[\(i)].")
            let iso = try BasinSpecReader.iso(cr)
            guard !countries.contains(where: { $0.iso == iso }) else { throw cr.fail("iso", "\(iso) listed twice") }
            countries.append(CountryInfo(iso: iso, name: try cr.string("name"), conventionParty: try cr.bool("convention_party"),
                                         conventionNote: try cr.string("convention_note"), nameRu: try BasinSpecReader.names(cr).nameRu,
                                         aliases: try BasinSpecReader.names(cr).aliases))
        }
        guard !countries.isEmpty else { throw r.fail("countries", "expected at least one country") }

        let v = try r.object("velocities")
        let velocities = FlowVelocities(riverMS: try v.double("river_m_s"), reservoirMS: try v.double("reservoir_m_s"),
                                        riverSource: try v.string("river_source"), reservoirSource: try v.string("reservoir_source"))
        guard velocities.riverMS > 0 else { throw v.fail("river_m_s", "expected a speed above 0 m/s, found \(velocities.riverMS)") }
        guard velocities.reservoirMS > 0 else { throw v.fail("reservoir_m_s", "expected a speed above 0 m/s, found \(velocities.reservoirMS)") }

        var provenance: [Provenance] = []
        for (i, p) in try r.array("provenance").enumerated() {
            guard let o = p.objectValue else { throw r.fail("provenance[\(i)]", "expected an object, found \(p.typeName)") }
            let pr = FieldReader(file: file, feature: nil, members: o, path: "provenance[\(i)].")
            provenance.append(Provenance(layer: try pr.string("layer"), source: try pr.string("source"), package: try pr.string("package"),
                                         licence: try pr.string("licence"), note: try pr.string("note")))
        }

        var reasons: [String: String] = [:]
        if r.has("parameter_reasons") {
            let pr = try r.object("parameter_reasons")
            for (k, _) in pr.members { reasons[k] = try pr.string(k) }
        }
        var meta = BasinMetadata(id: id, name: try r.string("name"), outlet: outlet, outletName: try r.string("outlet_name"),
                             projection: projection, extent: extent, countries: countries, velocities: velocities,
                             provenance: provenance, vintage: try r.string("vintage"),
                             neighbours: try BasinSpecReader.neighbours(r, basin: countries), map: try BasinSpecReader.map(r),
                             populatedBox: r.has("populated_box") ? try r.box("populated_box") : nil)
        meta.parameterReasons = reasons
        return meta
    }
}
