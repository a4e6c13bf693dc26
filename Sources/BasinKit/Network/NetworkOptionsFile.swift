import Foundation
import GeoKit

/// Reads a basin's `network.json`: the tolerances and the names the network builder needs for that
/// basin's river layer (points known to lie on named rivers, split points, notes for context rivers).
public enum NetworkOptionsFile {
    public static func read(_ url: URL) throws -> NetworkOptions {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw BasinLoadError(file: url.lastPathComponent, feature: nil, field: nil, "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(data, name: url.lastPathComponent)
    }

    public static func parse(_ data: Data, name: String) throws -> NetworkOptions {
        func fail(_ field: String?, _ msg: String) -> BasinLoadError { BasinLoadError(file: name, feature: nil, field: field, msg) }
        let root: JSON
        do { root = try JSON.parse(data) } catch { throw fail(nil, "not valid JSON: \(error)") }
        guard root.objectValue != nil else { throw fail(nil, "expected a JSON object") }
        var o = NetworkOptions()
        func meters(_ key: String) throws -> Double? {
            guard let v = root[key] else { return nil }
            guard let d = v.doubleValue, d.isFinite, d >= 0 else { throw fail(key, "expected a distance in metres >= 0, found \(v.typeName)") }
            return d
        }
        if let v = try meters("join_tolerance_m") { o.joinToleranceM = v }
        if let v = try meters("confluence_tolerance_m") { o.confluenceToleranceM = v }
        if let v = try meters("lake_bridge_tolerance_m") { o.lakeBridgeToleranceM = v }
        if let v = try meters("outlet_tolerance_m") { o.outletToleranceM = v }
        if let v = try meters("named_point_tolerance_m") { o.namedPointToleranceM = v }
        func points(_ key: String) throws -> [NamedPoint] {
            guard let v = root[key] else { return [] }
            guard let a = v.arrayValue else { throw fail(key, "expected an array of {name, lon, lat}") }
            return try a.enumerated().map { i, p in
                guard let n = p["name"]?.stringValue, let lon = p["lon"]?.doubleValue, let lat = p["lat"]?.doubleValue,
                      (-180...180).contains(lon), (-90...90).contains(lat) else {
                    throw fail("\(key)[\(i)]", "expected {\"name\": text, \"lon\": -180..180, \"lat\": -90..90}")
                }
                return NamedPoint(n, lon: lon, lat: lat)
            }
        }
        o.namedPoints = try points("named_points")
        o.splitPoints = try points("split_points")
        if let v = root["excluded_levels"] {
            guard let a = v.arrayValue, a.allSatisfy({ $0.doubleValue != nil }) else { throw fail("excluded_levels", "expected an array of level numbers") }
            o.excludedLevels = Set(a.compactMap { $0.doubleValue.map { Int($0) } })
        }
        if let v = root["context_notes"] {
            guard let m = v.objectValue else { throw fail("context_notes", "expected an object {river name: note}") }
            for (k, n) in m {
                guard let s = n.stringValue else { throw fail("context_notes.\(k)", "expected a text note") }
                o.contextNotes[k] = s
            }
        }
        return o
    }
}
