import Foundation
import GeoKit

public struct RiversFileError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
}

/// rivers.geojson: one LineString feature per edge, coordinates ordered downstream for network edges.
/// Property schema (fixed; the basin loader reads exactly these):
///   id (int), name (string|null), level (int), from_node (int), to_node (int), in_network (bool),
///   reach ("river"|"reservoir"), lake_id (int|null), length_m (number, 0.1 m), downstream_edge (int|null),
///   note (string|null)
public enum RiversFile {
    public static func features(_ edges: [RiverEdge]) -> [Feature] {
        edges.map { e in
            var lake: JSON = .null
            if case .reservoir(let id) = e.reach { lake = .number(Double(id)) }
            return Feature(geometry: .lineString(e.coordinates), properties: [
                ("id", .number(Double(e.id))),
                ("name", e.name.map { .string($0) } ?? .null),
                ("level", .number(Double(e.level))),
                ("from_node", .number(Double(e.fromNode))),
                ("to_node", .number(Double(e.toNode))),
                ("in_network", .bool(e.inNetwork)),
                ("reach", .string(e.reach == .river ? "river" : "reservoir")),
                ("lake_id", lake),
                ("length_m", .number((e.lengthM * 10).rounded() / 10)),
                ("downstream_edge", e.downstreamEdge.map { .number(Double($0)) } ?? .null),
                ("note", e.note.map { .string($0) } ?? .null),
            ])
        }
    }

    public static func text(_ edges: [RiverEdge]) -> String { GeoJSON.text(features(edges)) }

    public static func write(_ edges: [RiverEdge], to url: URL) throws { try AtomicFile.write(text(edges), to: url) }

    public static func read(_ url: URL) throws -> [RiverEdge] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw RiversFileError(message: "\(url.path): cannot read (\(error.localizedDescription))")
        }
        return try parse(data, name: url.lastPathComponent)
    }

    public static func parse(_ data: Data, name: String) throws -> [RiverEdge] {
        let fs: [Feature]
        do { fs = try GeoJSON.features(from: data, name: name) } catch { throw RiversFileError(message: "\(error)") }
        var edges: [RiverEdge] = []
        for (k, f) in fs.enumerated() {
            let at = "\(name): feature \(k)"
            func fail(_ s: String) -> RiversFileError { RiversFileError(message: "\(at): \(s)") }
            func int(_ key: String) throws -> Int {
                guard let v = f[key] else { throw fail("missing property '\(key)'") }
                guard let d = v.doubleValue, d.rounded() == d, abs(d) < 1e15 else { throw fail("'\(key)' must be an integer, found \(v.typeName)") }
                return Int(d)
            }
            func optInt(_ key: String) throws -> Int? {
                guard let v = f[key] else { throw fail("missing property '\(key)' (use null)") }
                return v.isNull ? nil : try int(key)
            }
            func optString(_ key: String) throws -> String? {
                guard let v = f[key] else { throw fail("missing property '\(key)' (use null)") }
                if v.isNull { return nil }
                guard let s = v.stringValue else { throw fail("'\(key)' must be a string or null, found \(v.typeName)") }
                return s
            }
            guard case .lineString(let cs)? = f.geometry else {
                throw fail("geometry must be a LineString, found \(f.geometry?.typeName ?? "null")")
            }
            guard cs.count >= 2 else { throw fail("LineString needs at least two positions, found \(cs.count)") }
            guard let inNet = f["in_network"]?.boolValue else { throw fail("'in_network' must be true or false") }
            guard let len = f["length_m"]?.doubleValue, len >= 0 else { throw fail("'length_m' must be a non-negative number") }
            let reach: ReachKind
            let lakeId = try optInt("lake_id")
            switch f["reach"]?.stringValue {
            case "river": reach = .river
            case "reservoir":
                guard let l = lakeId else { throw fail("reach 'reservoir' needs a lake_id") }
                reach = .reservoir(lakeId: l)
            default: throw fail("'reach' must be \"river\" or \"reservoir\"")
            }
            let e = RiverEdge(id: try int("id"), name: try optString("name"), level: try int("level"),
                              fromNode: try int("from_node"), toNode: try int("to_node"), inNetwork: inNet, reach: reach,
                              coordinates: cs, lengthM: len, downstreamEdge: try optInt("downstream_edge"), note: try optString("note"))
            guard e.id == k else { throw fail("id \(e.id) out of order: ids must be 0, 1, 2, ... in file order") }
            edges.append(e)
        }
        for e in edges {
            if let d = e.downstreamEdge {
                guard d >= 0, d < edges.count else { throw RiversFileError(message: "\(name): feature \(e.id): downstream_edge \(d) does not exist") }
                guard edges[d].fromNode == e.toNode else {
                    throw RiversFileError(message: "\(name): feature \(e.id): downstream_edge \(d) does not start at to_node \(e.toNode)")
                }
            }
        }
        return edges
    }
}
