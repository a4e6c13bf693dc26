import Foundation
import GeoKit

// GeoJSON (RFC 7946): each feature is one record. Point -> position; Polygon / MultiPolygon -> footprint,
// position = GEOS point on surface (always inside the polygon, unlike a centroid). Properties go through
// the same column aliases and checks as CSV cells.

enum GeoJSONReader {
    /// Members whose repetition would silently drop features, geometry or properties.
    static let structuralKeys: Set<String> = ["type", "features", "geometry", "geometries", "coordinates", "properties"]

    static func read(_ data: Data, name: String, options: InventoryOptions) -> FileOutcome {
        var out = FileOutcome()
        let fileOrigin = RecordOrigin(file: name)
        let root: JSON
        do { root = try JSON.parse(data, uniqueKeys: structuralKeys, exemptUnder: ["properties"]) } catch {
            let why = "\(error)".contains("duplicate member") ? "ambiguous GeoJSON (\(error)); no features read" : "not valid JSON (\(error)); no features read"
            out.add(.reject(Reject(origin: fileOrigin, field: "file", reason: why)))
            out.unreadable = "\(name): \(why)"
            return out
        }
        let features: [JSON]
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            guard let fs = root["features"]?.arrayValue else {
                out.add(.reject(Reject(origin: fileOrigin, field: "features", reason: "FeatureCollection without a 'features' array")))
                out.unreadable = "\(name): a FeatureCollection without a 'features' array: no features read"
                return out
            }
            features = fs
        case "Feature": features = [root]
        case let t:
            let why = "expected a GeoJSON FeatureCollection, found \(t.map { "type '\($0)'" } ?? "no 'type' member")"
            out.add(.reject(Reject(origin: fileOrigin, field: "type", reason: why)))
            out.unreadable = "\(name): \(why); no features read"
            return out
        }
        if root["crs"] != nil { out.fileWarnings.append("\(name): a 'crs' member is ignored; RFC 7946 GeoJSON is always lon/lat WGS84") }
        let geos = GEOSContext()
        let projections = ProjectionCache()
        let notes = HeaderNotes()
        for (i, fj) in features.enumerated() {
            out.add(record(fj, index: i, name: name, options: options, geos: geos, projections: projections, notes: notes))
        }
        out.fileWarnings += notes.warnings
        return out
    }

    static func record(_ fj: JSON, index: Int, name: String, options: InventoryOptions, geos: GEOSContext, projections: ProjectionCache,
                       notes: HeaderNotes? = nil) -> Outcome {
        let origin = RecordOrigin(file: name, feature: index)
        let label = "feature \(index)"
        let feature: Feature
        do { feature = try GeoJSON.feature(fj, name: label) } catch {
            var m = "\(error)"
            if m.hasPrefix(label + ": ") { m.removeFirst(label.count + 2) }
            return .reject(Reject(origin: origin, id: idText(fj["properties"]?["id"]) ?? idText(fj["id"]), field: "geometry", reason: m))
        }
        var given = GivenFacts()
        given.featureID = idText(feature.id)

        switch feature.geometry {
        case nil:
            given.problems.append(Problem(field: "geometry", value: nil, message: "geometry is null; expected a Point, Polygon or MultiPolygon"))
        case .point(let c)?:
            given.position = c
        case .polygon(let p)?:
            footprint(.polygon(p), [p], &given, geos)
        case .multiPolygon(let ps)?:
            footprint(.multiPolygon(ps), ps, &given, geos)
        case let g?:
            given.problems.append(Problem(field: "geometry", value: g.typeName, message: "geometry type \(g.typeName) is not supported; expected a Point, Polygon or MultiPolygon"))
        }

        // Properties as cells. Substance arrays are read here; other arrays/objects are kept as JSON text.
        var headers: [String] = []
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (k, v) in feature.properties {
            for text in [k, v.stringValue ?? ""] {
                if let c = Escaped.firstIllegal(text) {
                    given.problems.append(Problem(field: Escaped.control(k), value: Escaped.control(text),
                        message: "control character \(c) in property \(quoted(k))\(text == k ? "'s name" : " (\(quoted(text)))"): NUL and other control characters are not allowed (a damaged file?)"))
                    break
                }
            }
            if Vocabulary.field(forHeader: k) == .substances, v.arrayValue != nil, given.substances == nil {
                switch SubstanceList.parse(json: v) {
                case .success(let list): given.substances = list
                case .failure(let e):
                    given.substances = []  // reported here; the builder must not re-read the JSON text as a string
                    given.warnings.append("substances \(quoted(JSONWriter.string(v))): \(e.message); value ignored, scored as a missing input (stand-in)")
                }
            }
            headers.append(k)
            let s = bsText(v)
            let st = bytes.count
            bytes.append(contentsOf: s.utf8)
            ranges.append(st..<bytes.count)
        }
        let schema = Schema(headers: headers, columns: options.columns)
        notes?.note(schema, file: name)
        let builder = RecordBuilder(schema: schema, decimalComma: false, options: options, projections: projections)
        return bytes.withUnsafeBufferPointer { builder.build($0, ranges, origin: origin, given: given) }
    }

    static func footprint(_ g: Geometry, _ parts: [Polygon], _ given: inout GivenFacts, _ geos: GEOSContext) {
        for c in g.coordinates where !c.isFinite || abs(c.x) > 180 || abs(c.y) > 90 {
            given.problems.append(Problem(field: "geometry", value: "\(c.x) \(c.y)",
                message: "footprint coordinate (\(fmt(c.x)), \(fmt(c.y))) is not lon/lat degrees (projected GeoJSON? RFC 7946 requires WGS84 lon/lat)"))
            return
        }
        guard !parts.isEmpty, parts.allSatisfy({ $0.exterior.count >= 4 }) else {
            given.problems.append(Problem(field: "geometry", value: nil, message: "footprint polygon has a ring with fewer than 4 positions"))
            return
        }
        do {
            let gg = try geos.make(g)
            if try !gg.isValid() { given.warnings.append("footprint polygon is invalid (\(try gg.validityReason())); position taken as a point on its surface anyway") }
            given.position = try gg.pointOnSurface()
        } catch {
            given.problems.append(Problem(field: "geometry", value: nil, message: "cannot derive a position from the footprint: \(error)"))
            return
        }
        // Site has one footprint polygon: keep the largest part and say so.
        let largest = parts.max { abs(Ring.signedArea($0.exterior)) < abs(Ring.signedArea($1.exterior)) }!
        if parts.count > 1 { given.warnings.append("MultiPolygon with \(parts.count) parts: the largest is kept as the footprint; position is a point on the whole surface") }
        given.footprint = largest
        given.precision = "footprint"
    }

    static func idText(_ j: JSON?) -> String? {
        switch j {
        case .string(let s)?: return s.isEmpty ? nil : s
        case .number(let d)?: return fmt(d)
        default: return nil
        }
    }

    /// A property value as cell text: strings as they are, numbers in shortest round-trip form.
    static func bsText(_ v: JSON) -> String {
        switch v {
        case .null: ""
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .array, .object: JSONWriter.string(v)
        }
    }
}
