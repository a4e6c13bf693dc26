/// A polygon: one exterior ring and any number of holes. Rings are closed (first == last).
public struct Polygon: Hashable, Sendable {
    public var exterior: [Coordinate]
    public var holes: [[Coordinate]]
    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.exterior = exterior; self.holes = holes
    }
    public var rings: [[Coordinate]] { [exterior] + holes }
}

/// Plain Swift geometry values. GEOS sees them only inside an operation (see `GEOSContext`).
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case collection([Geometry])

    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .collection: "GeometryCollection"
        }
    }

    /// Every coordinate, in storage order.
    public var coordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .multiPoint(let cs), .lineString(let cs): cs
        case .multiLineString(let ls): ls.flatMap { $0 }
        case .polygon(let p): p.rings.flatMap { $0 }
        case .multiPolygon(let ps): ps.flatMap { $0.rings.flatMap { $0 } }
        case .collection(let gs): gs.flatMap { $0.coordinates }
        }
    }

    public var envelope: Envelope? { Envelope(of: coordinates) }

    /// The same geometry with every coordinate mapped (e.g. projected).
    public func mapCoordinates(_ f: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let c): return .point(try f(c))
        case .multiPoint(let cs): return .multiPoint(try cs.map(f))
        case .lineString(let cs): return .lineString(try cs.map(f))
        case .multiLineString(let ls): return .multiLineString(try ls.map { try $0.map(f) })
        case .polygon(let p): return .polygon(try p.mapCoordinates(f))
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.mapCoordinates(f) })
        case .collection(let gs): return .collection(try gs.map { try $0.mapCoordinates(f) })
        }
    }
}

extension Polygon {
    public func mapCoordinates(_ f: (Coordinate) throws -> Coordinate) rethrows -> Polygon {
        Polygon(exterior: try exterior.map(f), holes: try holes.map { try $0.map(f) })
    }
}

/// Ring orientation and area on the plane (shoelace). Positive = counter-clockwise.
public enum Ring {
    public static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var s = 0.0
        for i in 0..<(ring.count - 1) {
            s += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        if ring.first != ring.last, let f = ring.first, let l = ring.last { s += l.x * f.y - f.x * l.y }
        return s / 2
    }
    public static func isCounterClockwise(_ ring: [Coordinate]) -> Bool { signedArea(ring) > 0 }
    public static func oriented(_ ring: [Coordinate], counterClockwise: Bool) -> [Coordinate] {
        isCounterClockwise(ring) == counterClockwise ? ring : ring.reversed()
    }
    public static func closed(_ ring: [Coordinate]) -> [Coordinate] {
        guard let f = ring.first, ring.last != f else { return ring }
        return ring + [f]
    }
}
