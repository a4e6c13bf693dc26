import CGEOS

/// An owned GEOS geometry, bound to the context that made it. Freed when released.
public final class GEOSGeometry {
    public let context: GEOSContext
    let handle: OpaquePointer

    init(context: GEOSContext, handle: OpaquePointer) {
        self.context = context
        self.handle = handle
    }

    deinit { GEOSGeom_destroy_r(context.handle, handle) }

    private var ctx: OpaquePointer { context.handle }

    private func wrap(_ p: OpaquePointer?, _ op: String) throws -> GEOSGeometry {
        GEOSGeometry(context: context, handle: try context.check(p, op))
    }

    private func predicate(_ r: Int8, _ op: String) throws -> Bool {
        if r == 2 { throw context.failure(op) }
        return r == 1
    }

    /// The plain Swift value of this geometry.
    public func value() throws -> Geometry { try context.value(of: handle) }

    public var typeName: String {
        guard let p = GEOSGeomType_r(ctx, handle) else { return "Unknown" }
        defer { GEOSFree_r(ctx, p) }
        return String(cString: p)
    }

    public var isEmpty: Bool { GEOSisEmpty_r(ctx, handle) == 1 }

    // MARK: validity

    public func isValid() throws -> Bool { try predicate(GEOSisValid_r(ctx, handle), "isValid") }

    /// GEOS's explanation, e.g. "Self-intersection[70.1 40.2]", or "Valid Geometry".
    public func validityReason() throws -> String {
        let p = try context.check(OpaquePointer(GEOSisValidReason_r(ctx, handle)), "isValidReason")
        defer { GEOSFree_r(ctx, UnsafeMutableRawPointer(p)) }
        return String(cString: UnsafePointer<CChar>(p))
    }

    public func makeValid() throws -> GEOSGeometry { try wrap(GEOSMakeValid_r(ctx, handle), "makeValid") }

    // MARK: measures (planar, in the geometry's own units)

    public func area() throws -> Double {
        var a = 0.0
        guard GEOSArea_r(ctx, handle, &a) != 0 else { throw context.failure("area") }
        return a
    }

    public func length() throws -> Double {
        var l = 0.0
        guard GEOSLength_r(ctx, handle, &l) != 0 else { throw context.failure("length") }
        return l
    }

    public func distance(to other: GEOSGeometry) throws -> Double {
        var d = 0.0
        guard GEOSDistance_r(ctx, handle, other.handle, &d) != 0 else { throw context.failure("distance") }
        return d
    }

    /// The nearest point on self and the nearest point on `other` (Shapely's `shortest_line` ends).
    public func nearestPoints(with other: GEOSGeometry) throws -> (Coordinate, Coordinate) {
        let seq = try context.check(GEOSNearestPoints_r(ctx, handle, other.handle), "nearestPoints")
        defer { GEOSCoordSeq_destroy_r(ctx, seq) }
        let cs = try context.coordinates(ofSequence: seq)
        guard cs.count == 2 else { throw GeometryError.library(operation: "nearestPoints", message: "expected 2 points, got \(cs.count)") }
        return (cs[0], cs[1])
    }

    // MARK: predicates

    public func contains(_ other: GEOSGeometry) throws -> Bool { try predicate(GEOSContains_r(ctx, handle, other.handle), "contains") }
    public func intersects(_ other: GEOSGeometry) throws -> Bool { try predicate(GEOSIntersects_r(ctx, handle, other.handle), "intersects") }
    public func covers(_ other: GEOSGeometry) throws -> Bool { try predicate(GEOSCovers_r(ctx, handle, other.handle), "covers") }

    // MARK: constructive

    public func buffer(_ width: Double, quadrantSegments: Int32 = 8) throws -> GEOSGeometry {
        try wrap(GEOSBuffer_r(ctx, handle, width, quadrantSegments), "buffer")
    }
    public func simplifyPreservingTopology(_ tolerance: Double) throws -> GEOSGeometry {
        try wrap(GEOSTopologyPreserveSimplify_r(ctx, handle, tolerance), "topologyPreserveSimplify")
    }
    public func pointOnSurface() throws -> Coordinate {
        let g = try wrap(GEOSPointOnSurface_r(ctx, handle), "pointOnSurface")
        guard case .point(let c) = try g.value() else { throw GeometryError.invalidInput("empty geometry has no point on its surface") }
        return c
    }
    public func intersection(_ other: GEOSGeometry) throws -> GEOSGeometry { try wrap(GEOSIntersection_r(ctx, handle, other.handle), "intersection") }
    public func difference(_ other: GEOSGeometry) throws -> GEOSGeometry { try wrap(GEOSDifference_r(ctx, handle, other.handle), "difference") }
    public func union(_ other: GEOSGeometry) throws -> GEOSGeometry { try wrap(GEOSUnion_r(ctx, handle, other.handle), "union") }
    public func unaryUnion() throws -> GEOSGeometry { try wrap(GEOSUnaryUnion_r(ctx, handle), "unaryUnion") }
    public func boundary() throws -> GEOSGeometry { try wrap(GEOSBoundary_r(ctx, handle), "boundary") }
    public func lineMerge() throws -> GEOSGeometry { try wrap(GEOSLineMerge_r(ctx, handle), "lineMerge") }
    /// Paths shared by two lineal geometries (for border lines between neighbouring polygons' rings).
    public func sharedPaths(with other: GEOSGeometry) throws -> GEOSGeometry { try wrap(GEOSSharedPaths_r(ctx, handle, other.handle), "sharedPaths") }

    // MARK: linear referencing (lines only)

    /// Distance along this line to the point on it nearest `point` (Shapely's `line_locate_point`).
    public func project(_ point: Coordinate) throws -> Double {
        let p = try context.make(.point(point))
        // Keep the temporary alive across the C call: Swift may release a local after its last use.
        let d = withExtendedLifetime(p) { GEOSProject_r(ctx, handle, p.handle) }
        if d < 0 { throw context.failure("project") }
        return d
    }

    /// The point at `distance` along this line (Shapely's `line_interpolate_point`).
    public func interpolate(_ distance: Double) throws -> Coordinate {
        let g = try wrap(GEOSInterpolate_r(ctx, handle, distance), "interpolate")
        guard case .point(let c) = try g.value() else { throw GeometryError.invalidInput("interpolate on an empty line") }
        return c
    }

    // MARK: prepared

    public func prepared() throws -> PreparedGeometry { try PreparedGeometry(base: self) }
}

/// A prepared geometry for repeated predicates and distances. Keeps its base geometry alive.
public final class PreparedGeometry {
    public let base: GEOSGeometry
    let handle: OpaquePointer
    private var ctx: OpaquePointer { base.context.handle }

    init(base: GEOSGeometry) throws {
        self.base = base
        handle = try base.context.check(GEOSPrepare_r(base.context.handle, base.handle), "prepare")
    }

    deinit { GEOSPreparedGeom_destroy_r(ctx, handle) }

    public func contains(_ other: GEOSGeometry) throws -> Bool {
        let r = GEOSPreparedContains_r(ctx, handle, other.handle)
        if r == 2 { throw base.context.failure("prepared contains") }
        return r == 1
    }

    public func contains(_ point: Coordinate) throws -> Bool {
        try contains(try base.context.make(.point(point)))
    }

    public func covers(_ point: Coordinate) throws -> Bool {
        let p = try base.context.make(.point(point))
        let r = withExtendedLifetime(p) { GEOSPreparedCovers_r(ctx, handle, p.handle) }
        if r == 2 { throw base.context.failure("prepared covers") }
        return r == 1
    }

    public func distance(to other: GEOSGeometry) throws -> Double {
        var d = 0.0
        guard GEOSPreparedDistance_r(ctx, handle, other.handle, &d) != 0 else { throw base.context.failure("prepared distance") }
        return d
    }

    public func nearestPoints(with other: GEOSGeometry) throws -> (Coordinate, Coordinate) {
        let seq = try base.context.check(GEOSPreparedNearestPoints_r(ctx, handle, other.handle), "prepared nearestPoints")
        defer { GEOSCoordSeq_destroy_r(ctx, seq) }
        let cs = try base.context.coordinates(ofSequence: seq)
        guard cs.count == 2 else { throw GeometryError.library(operation: "prepared nearestPoints", message: "expected 2 points") }
        return (cs[0], cs[1])
    }
}
