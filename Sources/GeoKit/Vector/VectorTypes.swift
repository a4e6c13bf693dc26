/// Plain values for GDAL/OGR vector datasets (GeoPackage, Shapefile, ...). Nothing here holds a GDAL
/// handle; `VectorDataset` and `VectorLayer` turn them into OGR objects inside their operations.

/// The type of a layer field, as the dataset declares it (never guessed from the values).
public enum VectorFieldType: Sendable, Equatable {
    case string
    case integer64
    case real
    /// OGR's Integer with the Boolean subtype (0/1; QGIS and ogrinfo read it as a boolean).
    case boolean
}

public struct VectorField: Sendable, Equatable {
    public var name: String
    public var type: VectorFieldType
    /// A human-readable name that readers may show instead (GDAL's "alternative name").
    public var alias: String?
    /// The declared width where a format has one (a dBase text column holds at most 254 bytes).
    public var width: Int?
    public init(_ name: String, _ type: VectorFieldType, alias: String? = nil, width: Int? = nil) {
        self.name = name; self.type = type; self.alias = alias; self.width = width
    }
}

/// The geometry type a layer declares, so an empty layer still opens as points, lines or polygons.
public enum VectorGeometryType: Sendable, Equatable {
    case none, point, lineString, polygon, multiPolygon, multiLineString

    /// A layer holding polygons and multipolygons declares MultiPolygon; its polygons are promoted.
    public static func of(_ g: Geometry) -> VectorGeometryType {
        switch g {
        case .point, .multiPoint: return .point
        case .lineString: return .lineString
        case .multiLineString: return .multiLineString
        case .polygon: return .polygon
        case .multiPolygon, .collection: return .multiPolygon
        }
    }
}

/// One attribute value of a feature.
public enum VectorValue: Sendable, Equatable {
    case null
    case string(String)
    case integer(Int)
    case real(Double)
    case boolean(Bool)
}

/// Errors of the vector layer, carrying GDAL's own message (as `GeometryError` carries GEOS's).
public enum VectorError: Error, Equatable, CustomStringConvertible {
    case library(operation: String, path: String, message: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .library(let op, let path, let msg): "GDAL \(op) failed for \(path): \(msg.isEmpty ? "no message" : msg)"
        case .invalidInput(let msg): "invalid vector input: \(msg)"
        }
    }
}
