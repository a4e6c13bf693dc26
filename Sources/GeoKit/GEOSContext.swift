import CGEOS

/// Collects the last message GEOS reported on one context.
final class GEOSMessageBox {
    var last: String = ""
}

/// One GEOS context. Create one per task or thread and do not share it: the type is deliberately not
/// Sendable, so Swift 6 refuses to send it across tasks.
public final class GEOSContext {
    let handle: OpaquePointer
    private let messages: GEOSMessageBox
    private let messagesRef: Unmanaged<GEOSMessageBox>

    public init() {
        guard let h = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL (out of memory)") }
        handle = h
        messages = GEOSMessageBox()
        messagesRef = Unmanaged.passRetained(messages)
        let handler: GEOSMessageHandler_r = { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSMessageBox>.fromOpaque(userdata).takeUnretainedValue().last = String(cString: message)
        }
        GEOSContext_setErrorMessageHandler_r(handle, handler, messagesRef.toOpaque())
    }

    deinit {
        GEOS_finish_r(handle)
        messagesRef.release()
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1".
    public static var version: String { String(cString: GEOSversion()) }

    /// A thrown error carrying GEOS's own message for `operation`.
    func failure(_ operation: String) -> GeometryError {
        let msg = messages.last.isEmpty ? "no message from GEOS" : messages.last
        messages.last = ""
        return .library(operation: operation, message: msg)
    }

    func check(_ p: OpaquePointer?, _ operation: String) throws -> OpaquePointer {
        guard let p else { throw failure(operation) }
        return p
    }

    // MARK: Swift values -> GEOS

    /// Converts a value geometry into an owned GEOS geometry.
    public func make(_ geometry: Geometry) throws -> GEOSGeometry {
        GEOSGeometry(context: self, handle: try makeRaw(geometry))
    }

    func makeSequence(_ coords: [Coordinate]) throws -> OpaquePointer {
        for c in coords where !c.isFinite {
            throw GeometryError.invalidInput("coordinate \(c) is not a finite number")
        }
        let seq = coords.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) { d in
                GEOSCoordSeq_copyFromBuffer_r(handle, d.baseAddress, UInt32(coords.count), 0, 0)
            }
        }
        return try check(seq, "coordinate sequence")
    }

    func makeRing(_ ring: [Coordinate]) throws -> OpaquePointer {
        let seq = try makeSequence(ring)
        return try check(GEOSGeom_createLinearRing_r(handle, seq), "linear ring")
    }

    func makePolygonRaw(_ p: Polygon) throws -> OpaquePointer {
        let shell = try makeRing(p.exterior)
        var holes: [OpaquePointer?] = []
        do {
            for h in p.holes { holes.append(try makeRing(h)) }
        } catch {
            GEOSGeom_destroy_r(handle, shell)
            for h in holes { GEOSGeom_destroy_r(handle, h) }
            throw error
        }
        let poly = holes.withUnsafeMutableBufferPointer { hb in
            GEOSGeom_createPolygon_r(handle, shell, hb.baseAddress, UInt32(hb.count))
        }
        return try check(poly, "polygon")
    }

    func makeCollection(_ type: Int32, _ parts: [OpaquePointer?]) throws -> OpaquePointer {
        var parts = parts
        let g = parts.withUnsafeMutableBufferPointer { pb in
            GEOSGeom_createCollection_r(handle, type, pb.baseAddress, UInt32(pb.count))
        }
        return try check(g, "collection")
    }

    func makeRaw(_ geometry: Geometry) throws -> OpaquePointer {
        switch geometry {
        case .point(let c):
            guard c.isFinite else { throw GeometryError.invalidInput("point \(c) is not a finite number") }
            return try check(GEOSGeom_createPointFromXY_r(handle, c.x, c.y), "point")
        case .lineString(let cs):
            let seq = try makeSequence(cs)
            return try check(GEOSGeom_createLineString_r(handle, seq), "line string")
        case .polygon(let p):
            return try makePolygonRaw(p)
        case .multiPoint(let cs):
            return try makeParts(cs.map { Geometry.point($0) }, Int32(GEOS_MULTIPOINT.rawValue))
        case .multiLineString(let ls):
            return try makeParts(ls.map { Geometry.lineString($0) }, Int32(GEOS_MULTILINESTRING.rawValue))
        case .multiPolygon(let ps):
            return try makeParts(ps.map { Geometry.polygon($0) }, Int32(GEOS_MULTIPOLYGON.rawValue))
        case .collection(let gs):
            return try makeParts(gs, Int32(GEOS_GEOMETRYCOLLECTION.rawValue))
        }
    }

    private func makeParts(_ gs: [Geometry], _ type: Int32) throws -> OpaquePointer {
        var parts: [OpaquePointer?] = []
        do {
            for g in gs { parts.append(try makeRaw(g)) }
        } catch {
            for p in parts { GEOSGeom_destroy_r(handle, p) }
            throw error
        }
        return try makeCollection(type, parts)
    }

    // MARK: GEOS -> Swift values

    func coordinates(ofSequence seq: OpaquePointer) throws -> [Coordinate] {
        var n: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &n) != 0 else { throw failure("coordinate sequence size") }
        var out = [Coordinate](repeating: Coordinate(x: 0, y: 0), count: Int(n))
        if n == 0 { return out }
        let ok = out.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) { d in
                GEOSCoordSeq_copyToBuffer_r(handle, seq, d.baseAddress, 0, 0)
            }
        }
        guard ok != 0 else { throw failure("coordinate copy") }
        return out
    }

    func coordinates(ofSimple g: OpaquePointer) throws -> [Coordinate] {
        if GEOSisEmpty_r(handle, g) == 1 { return [] }
        let seq = try check(GEOSGeom_getCoordSeq_r(handle, g), "coordinate sequence")
        return try coordinates(ofSequence: seq)
    }

    func value(of g: OpaquePointer) throws -> Geometry {
        let type = GEOSGeomTypeId_r(handle, g)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            let cs = try coordinates(ofSimple: g)
            guard let c = cs.first else { return .collection([]) }
            return .point(c)
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(try coordinates(ofSimple: g))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try polygonValue(g))
        default:
            let n = GEOSGetNumGeometries_r(handle, g)
            var parts: [Geometry] = []
            for i in 0..<max(n, 0) {
                let p = try check(GEOSGetGeometryN_r(handle, g, i), "geometry part")
                parts.append(try value(of: p))
            }
            switch type {
            case Int32(GEOS_MULTIPOINT.rawValue):
                return .multiPoint(parts.compactMap { if case .point(let c) = $0 { c } else { nil } })
            case Int32(GEOS_MULTILINESTRING.rawValue):
                return .multiLineString(parts.compactMap { if case .lineString(let c) = $0 { c } else { nil } })
            case Int32(GEOS_MULTIPOLYGON.rawValue):
                return .multiPolygon(parts.compactMap { if case .polygon(let p) = $0 { p } else { nil } })
            default:
                return .collection(parts)
            }
        }
    }

    private func polygonValue(_ g: OpaquePointer) throws -> Polygon {
        if GEOSisEmpty_r(handle, g) == 1 { return Polygon(exterior: []) }
        let shell = try check(GEOSGetExteriorRing_r(handle, g), "exterior ring")
        let ext = try coordinates(ofSimple: shell)
        var holes: [[Coordinate]] = []
        let nh = GEOSGetNumInteriorRings_r(handle, g)
        for i in 0..<max(nh, 0) {
            let r = try check(GEOSGetInteriorRingN_r(handle, g, i), "interior ring")
            holes.append(try coordinates(ofSimple: r))
        }
        return Polygon(exterior: ext, holes: holes)
    }
}
