import Foundation

/// One GeoJSON feature: geometry (may be null) and ordered properties.
public struct Feature: Sendable, Equatable {
    public var geometry: Geometry?
    public var properties: [(String, JSON)]
    public var id: JSON?

    public init(geometry: Geometry?, properties: [(String, JSON)] = [], id: JSON? = nil) {
        self.geometry = geometry; self.properties = properties; self.id = id
    }

    public static func == (a: Feature, b: Feature) -> Bool {
        a.geometry == b.geometry && a.id == b.id && JSON.object(a.properties) == JSON.object(b.properties)
    }

    public subscript(key: String) -> JSON? { properties.first { $0.0 == key }?.1 }
}

public struct GeoJSONError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// RFC 7946 reading and writing.
public enum GeoJSON {
    // MARK: reading

    /// Reads a FeatureCollection (or a single Feature). `name` prefixes error messages (a file name).
    public static func features(from data: Data, name: String) throws -> [Feature] {
        let root: JSON
        do { root = try JSON.parse(data) } catch let e as JSONParseError {
            throw GeoJSONError("\(name): not valid JSON at \(e)")
        }
        switch root["type"]?.stringValue {
        case "FeatureCollection":
            guard let fs = root["features"]?.arrayValue else { throw GeoJSONError("\(name): FeatureCollection without a 'features' array") }
            return try fs.enumerated().map { try feature($0.element, name: "\(name): feature \($0.offset)") }
        case "Feature":
            return [try feature(root, name: "\(name): feature 0")]
        case let t:
            throw GeoJSONError("\(name): expected a FeatureCollection, found type \(t.map { "'\($0)'" } ?? "missing")")
        }
    }

    public static func feature(_ j: JSON, name: String) throws -> Feature {
        guard j["type"]?.stringValue == "Feature" else { throw GeoJSONError("\(name): expected an object with \"type\": \"Feature\"") }
        let g: Geometry?
        if let gj = j["geometry"], !gj.isNull { g = try geometry(gj, name: name) } else { g = nil }
        var props: [(String, JSON)] = []
        if let p = j["properties"] {
            if let o = p.objectValue { props = o } else if !p.isNull { throw GeoJSONError("\(name): 'properties' must be an object or null, found \(p.typeName)") }
        }
        return Feature(geometry: g, properties: props, id: j["id"])
    }

    public static func geometry(_ j: JSON, name: String) throws -> Geometry {
        guard let type = j["type"]?.stringValue else { throw GeoJSONError("\(name): geometry without a 'type'") }
        if type == "GeometryCollection" {
            guard let gs = j["geometries"]?.arrayValue else { throw GeoJSONError("\(name): GeometryCollection without 'geometries'") }
            return .collection(try gs.map { try geometry($0, name: name) })
        }
        guard let c = j["coordinates"] else { throw GeoJSONError("\(name): \(type) without 'coordinates'") }
        func pos(_ j: JSON) throws -> Coordinate {
            guard let a = j.arrayValue, a.count >= 2, let x = a[0].doubleValue, let y = a[1].doubleValue else {
                throw GeoJSONError("\(name): a position must be an array of at least two numbers [lon, lat]")
            }
            return Coordinate(x: x, y: y)
        }
        func list(_ j: JSON) throws -> [Coordinate] {
            guard let a = j.arrayValue else { throw GeoJSONError("\(name): expected an array of positions") }
            return try a.map(pos)
        }
        func rings(_ j: JSON) throws -> Polygon {
            guard let a = j.arrayValue, !a.isEmpty else { throw GeoJSONError("\(name): a Polygon needs at least one ring") }
            let rs = try a.map(list)
            return Polygon(exterior: rs[0], holes: Array(rs.dropFirst()))
        }
        func arr(_ j: JSON) throws -> [JSON] {
            guard let a = j.arrayValue else { throw GeoJSONError("\(name): \(type) coordinates must be an array") }
            return a
        }
        switch type {
        case "Point": return .point(try pos(c))
        case "MultiPoint": return .multiPoint(try list(c))
        case "LineString": return .lineString(try list(c))
        case "MultiLineString": return .multiLineString(try arr(c).map(list))
        case "Polygon": return .polygon(try rings(c))
        case "MultiPolygon": return .multiPolygon(try arr(c).map(rings))
        default: throw GeoJSONError("\(name): unknown geometry type '\(type)'")
        }
    }

    // MARK: writing

    public static func round(_ v: Double, _ decimals: Int) -> Double {
        let m = decimals >= 0 && decimals < NumberFormat.powers.count ? NumberFormat.powers[decimals] : pow(10.0, Double(decimals))
        return (v * m).rounded() / m
    }

    /// The opening of a FeatureCollection (up to the features array), for streamed writing.
    public static func collectionHead(bbox: Envelope?, decimals: Int = 7, extraMembers: [(String, JSON)] = []) -> String {
        var out = "{\"type\":\"FeatureCollection\""
        for (k, v) in extraMembers { out += ","; JSONWriter.appendEscaped(k, to: &out); out += ":" + JSONWriter.string(v) }
        if let e = bbox {
            out += ",\"bbox\":" + JSONWriter.string(.array([e.minX, e.minY, e.maxX, e.maxY].map { .number(round($0, decimals)) }))
        }
        return out + ",\"features\":["
    }

    /// A FeatureCollection as text, one feature per line (diff-friendly and streamable), with a bbox.
    public static func text(_ features: [Feature], decimals: Int = 7, extraMembers: [(String, JSON)] = []) -> String {
        var env: Envelope? = nil
        for f in features { if let e = f.geometry?.envelope { if env == nil { env = e } else { env!.expand(e) } } }
        let out = collectionHead(bbox: env, decimals: decimals, extraMembers: extraMembers)
        var bytes = Array(out.utf8)
        for (i, f) in features.enumerated() {
            bytes.append(contentsOf: (i == 0 ? "\n" : ",\n").utf8)
            appendFeature(f, decimals: decimals, to: &bytes)
        }
        bytes.append(contentsOf: "\n]}\n".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One Feature as compact JSON; the geometry's coordinates are written straight out (no JSON values
    /// per vertex: trace layers hold millions of them).
    public static func appendFeature(_ f: Feature, decimals: Int = 7, to out: inout [UInt8]) {
        var head = "{\"type\":\"Feature\""
        if let id = f.id { head += ",\"id\":" + JSONWriter.string(id) }
        head += ",\"properties\":" + JSONWriter.string(.object(f.properties)) + ",\"geometry\":"
        out.append(contentsOf: head.utf8)
        if let g = f.geometry { appendGeometry(g, decimals: decimals, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "}"))
    }

    /// RFC 7946 geometry: lon/lat, at most `decimals` decimals, exterior rings counter-clockwise and
    /// holes clockwise (rings are re-oriented as needed).
    static func appendGeometry(_ g: Geometry, decimals: Int, to out: inout [UInt8]) {
        func pos(_ c: Coordinate) {
            out.append(UInt8(ascii: "["))
            NumberFormat.appendRounded(c.x, decimals: decimals, to: &out)
            out.append(UInt8(ascii: ","))
            NumberFormat.appendRounded(c.y, decimals: decimals, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        func list(_ cs: [Coordinate]) {
            out.append(UInt8(ascii: "["))
            for (i, c) in cs.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; pos(c) }
            out.append(UInt8(ascii: "]"))
        }
        func poly(_ p: Polygon) {
            out.append(UInt8(ascii: "["))
            list(Ring.oriented(p.exterior, counterClockwise: true))
            for h in p.holes { out.append(UInt8(ascii: ",")); list(Ring.oriented(h, counterClockwise: false)) }
            out.append(UInt8(ascii: "]"))
        }
        func head(_ type: String) { out.append(contentsOf: ("{\"type\":\"" + type + "\",\"coordinates\":").utf8) }
        switch g {
        case .point(let c): head("Point"); pos(c)
        case .multiPoint(let cs): head("MultiPoint"); list(cs)
        case .lineString(let cs): head("LineString"); list(cs)
        case .multiLineString(let ls):
            head("MultiLineString"); out.append(UInt8(ascii: "["))
            for (i, l) in ls.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; list(l) }
            out.append(UInt8(ascii: "]"))
        case .polygon(let p): head("Polygon"); poly(p)
        case .multiPolygon(let ps):
            head("MultiPolygon"); out.append(UInt8(ascii: "["))
            for (i, p) in ps.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; poly(p) }
            out.append(UInt8(ascii: "]"))
        case .collection(let gs):
            out.append(contentsOf: "{\"type\":\"GeometryCollection\",\"geometries\":[".utf8)
            for (i, sub) in gs.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; appendGeometry(sub, decimals: decimals, to: &out) }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }
}
