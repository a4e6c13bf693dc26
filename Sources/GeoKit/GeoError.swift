/// Errors of the geometry layer. Two kinds, as GEOSwift has them: the library failed (its own message is
/// carried), or the input handed to it was not acceptable.
public enum GeometryError: Error, Equatable, CustomStringConvertible {
    case library(operation: String, message: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .library(let op, let msg): "GEOS \(op) failed: \(msg)"
        case .invalidInput(let msg): "invalid geometry input: \(msg)"
        }
    }
}

public enum ProjectionError: Error, Equatable, CustomStringConvertible {
    case library(operation: String, message: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .library(let op, let msg): "PROJ \(op) failed: \(msg)"
        case .invalidInput(let msg): "invalid projection input: \(msg)"
        }
    }
}
