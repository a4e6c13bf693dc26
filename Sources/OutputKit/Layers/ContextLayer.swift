import Foundation
import GeoKit

/// One of a run's layers besides the site table (traces, zones, footprints, rivers, borders, countries,
/// lakes): its fields declared with their types, as the site table's are, and its features. The GeoJSON
/// file and the GeoPackage layer are both written from it, so they never disagree on a name or a type.
public struct ContextLayer: Sendable {
    public struct Field: Sendable {
        public let name: String
        public let type: FieldType
        public let description: String
        public init(_ name: String, _ type: FieldType, _ description: String) {
            self.name = name; self.type = type; self.description = description
        }
    }

    public let name: String
    /// What every feature's geometry is (the GeoPackage layer declares it, even when empty).
    public let geometry: VectorGeometryType
    public let fields: [Field]
    public private(set) var features: [(geometry: Geometry, values: [FieldValue])] = []
    public var fileName: String { name + ".geojson" }

    public init(_ name: String, _ geometry: VectorGeometryType, _ fields: [Field]) {
        self.name = name; self.geometry = geometry; self.fields = fields
    }

    /// Adds a feature; `values` in field order. Reals are rounded here, once, for every format.
    public mutating func add(_ geometry: Geometry, _ values: [FieldValue]) {
        precondition(values.count == fields.count, "layer \(name): \(values.count) values for \(fields.count) fields")
        var v = values
        for (i, f) in fields.enumerated() {
            if case .real(let d?) = f.type, case .real(let x) = v[i] { v[i] = x.isFinite ? .real(GeoJSON.round(x, d)) : .null }
        }
        features.append((geometry, v))
    }

    /// The layer as GeoJSON features (every field present, null where absent).
    public var geoJSONFeatures: [Feature] {
        features.map { f in
            Feature(geometry: f.geometry, properties: zip(fields, f.values).map { ($0.name, $1.json) })
        }
    }
}

extension FieldValue {
    var json: JSON {
        switch self {
        case .null: .null
        case .text(let s): .string(s)
        case .integer(let i): .number(Double(i))
        case .real(let d): d.isFinite ? .number(d) : .null
        case .boolean(let b): .bool(b)
        }
    }
}
