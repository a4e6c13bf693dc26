import Foundation
import GeoKit

/// A basin folder that cannot be loaded: names the file, the feature (0-based index in its
/// FeatureCollection) and the field when known, and says what was expected.
public struct BasinLoadError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var feature: Int?
    public var field: String?
    public var message: String

    public init(file: String, feature: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file; self.feature = feature; self.field = field; self.message = message
    }

    public var description: String {
        var s = file
        if let feature { s += ": feature \(feature)" }
        if let field { s += ": '\(field)'" }
        return s + ": " + message
    }
}

/// Typed access to one JSON object's members, throwing errors that name file, feature and field.
struct FieldReader {
    let file: String
    let feature: Int?
    let members: [(String, JSON)]
    /// Prefix for nested fields, e.g. "velocities.".
    var path = ""

    init(file: String, feature: Int?, members: [(String, JSON)], path: String = "") {
        self.file = file; self.feature = feature; self.members = members; self.path = path
    }

    func fail(_ key: String, _ message: String) -> BasinLoadError {
        BasinLoadError(file: file, feature: feature, field: path + key, message)
    }

    func value(_ key: String) throws -> JSON {
        guard let v = members.first(where: { $0.0 == key })?.1 else { throw fail(key, "missing; expected it in \(feature == nil ? "the object" : "'properties'")") }
        return v
    }

    func string(_ key: String) throws -> String {
        let v = try value(key)
        guard let s = v.stringValue else { throw fail(key, "expected a string, found \(v.typeName)") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        let v = try value(key)
        if v.isNull { return nil }
        guard let s = v.stringValue else { throw fail(key, "expected a string or null, found \(v.typeName)") }
        return s
    }

    func double(_ key: String) throws -> Double {
        let v = try value(key)
        guard let d = v.doubleValue, d.isFinite else { throw fail(key, "expected a number, found \(v.typeName)") }
        return d
    }

    func int(_ key: String) throws -> Int {
        let v = try value(key)
        guard let d = v.doubleValue, d == d.rounded(), abs(d) < 1e15 else {
            throw fail(key, "expected an integer, found \(v.doubleValue.map { NumberFormat.json($0) } ?? v.typeName)")
        }
        return Int(d)
    }

    func optionalInt(_ key: String) throws -> Int? {
        if try value(key).isNull { return nil }
        return try int(key)
    }

    func bool(_ key: String) throws -> Bool {
        let v = try value(key)
        guard let b = v.boolValue else { throw fail(key, "expected true or false, found \(v.typeName)") }
        return b
    }

    func object(_ key: String) throws -> FieldReader {
        let v = try value(key)
        guard let o = v.objectValue else { throw fail(key, "expected an object, found \(v.typeName)") }
        return FieldReader(file: file, feature: feature, members: o, path: path + key + ".")
    }

    func array(_ key: String) throws -> [JSON] {
        let v = try value(key)
        guard let a = v.arrayValue else { throw fail(key, "expected an array, found \(v.typeName)") }
        return a
    }
}

