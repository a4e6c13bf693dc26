import Foundation
import CPROJ

final class PROJLogBox {
    var last: String = ""
}

/// A coordinate transformation built once from two CRS definitions (EPSG codes such as "EPSG:4326" or
/// PROJ strings). Axis order is normalised so x is always longitude/easting. Owns its PROJ context:
/// create one per task and do not share it (the type is not Sendable).
public final class Projection {
    public let source: String
    public let target: String
    private let ctx: OpaquePointer
    private let pj: OpaquePointer
    private let log: PROJLogBox
    private let logRef: Unmanaged<PROJLogBox>

    /// The PROJ library version, e.g. "9.1.1".
    public static var version: String {
        let info = proj_info()
        return info.version.map { String(cString: $0) } ?? "unknown"
    }

    /// The CRS as OGC WKT2 (2019), for files that carry a CRS as text (a QGIS project, a .prj).
    public static func wkt(_ definition: String) throws -> String {
        guard let ctx = proj_context_create() else { throw ProjectionError.library(operation: "context", message: "proj_context_create returned NULL") }
        defer { proj_context_destroy(ctx) }
        guard let crs = proj_create(ctx, crsDefinition(definition)) else {
            throw ProjectionError.library(operation: "read CRS '\(definition)'", message: String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx))))
        }
        defer { proj_destroy(crs) }
        guard let w = proj_as_wkt(ctx, crs, PJ_WKT2_2019, nil) else {
            throw ProjectionError.library(operation: "write WKT of '\(definition)'", message: String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx))))
        }
        return String(cString: w)
    }

    public init(from source: String, to target: String) throws {
        self.source = source
        self.target = target
        guard let c = proj_context_create() else { throw ProjectionError.library(operation: "context", message: "proj_context_create returned NULL") }
        ctx = c
        log = PROJLogBox()
        logRef = Unmanaged.passRetained(log)
        let logf: PJ_LOG_FUNCTION = { userdata, _, message in
            guard let userdata, let message else { return }
            Unmanaged<PROJLogBox>.fromOpaque(userdata).takeUnretainedValue().last = String(cString: message)
        }
        proj_log_func(ctx, logRef.toOpaque(), logf)
        proj_log_level(ctx, PJ_LOG_ERROR)
        let src = Projection.crsDefinition(source), dst = Projection.crsDefinition(target)
        guard let raw = proj_create_crs_to_crs(ctx, src, dst, nil) else {
            let err = Projection.message(ctx, log)
            logRef.release(); proj_context_destroy(ctx)
            throw ProjectionError.library(operation: "create transformation '\(source)' -> '\(target)'", message: err)
        }
        guard let norm = proj_normalize_for_visualization(ctx, raw) else {
            let err = Projection.message(ctx, log)
            proj_destroy(raw); logRef.release(); proj_context_destroy(ctx)
            throw ProjectionError.library(operation: "normalize axis order", message: err)
        }
        proj_destroy(raw)
        pj = norm
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(ctx)
        logRef.release()
    }

    /// PROJ strings need `+type=crs` to be read as a CRS rather than a bare operation.
    static func crsDefinition(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("+") && !t.contains("+type=crs") { return t + " +type=crs" }
        return t
    }

    private static func message(_ ctx: OpaquePointer, _ log: PROJLogBox) -> String {
        let errno = proj_context_errno(ctx)
        var parts: [String] = []
        if errno != 0, let s = proj_context_errno_string(ctx, errno) { parts.append(String(cString: s)) }
        if !log.last.isEmpty { parts.append(log.last) }
        log.last = ""
        return parts.isEmpty ? "no message from PROJ" : parts.joined(separator: ": ")
    }

    private func trans(_ c: Coordinate, _ dir: PJ_DIRECTION) throws -> Coordinate {
        guard c.isFinite else { throw ProjectionError.invalidInput("coordinate \(c) is not a finite number") }
        proj_errno_reset(pj)
        let out = proj_trans(pj, dir, proj_coord(c.x, c.y, 0, 0))
        let x = out.xy.x, y = out.xy.y
        if !x.isFinite || !y.isFinite || x == Double.greatestFiniteMagnitude || y == Double.greatestFiniteMagnitude {
            throw ProjectionError.library(operation: "transform \(c) \(dir == PJ_FWD ? source + " -> " + target : target + " -> " + source)",
                                          message: Projection.message(ctx, log))
        }
        return Coordinate(x: x, y: y)
    }

    public func forward(_ c: Coordinate) throws -> Coordinate { try trans(c, PJ_FWD) }
    public func inverse(_ c: Coordinate) throws -> Coordinate { try trans(c, PJ_INV) }

    /// Transforms many points in one PROJ call.
    public func forward(_ cs: [Coordinate]) throws -> [Coordinate] { try transArray(cs, PJ_FWD) }
    public func inverse(_ cs: [Coordinate]) throws -> [Coordinate] { try transArray(cs, PJ_INV) }

    private func transArray(_ cs: [Coordinate], _ dir: PJ_DIRECTION) throws -> [Coordinate] {
        if cs.isEmpty { return [] }
        for c in cs where !c.isFinite { throw ProjectionError.invalidInput("coordinate \(c) is not a finite number") }
        var out = cs
        proj_errno_reset(pj)
        out.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) { d in
                let stride = MemoryLayout<Coordinate>.stride
                _ = proj_trans_generic(pj, dir, d.baseAddress, stride, buf.count, d.baseAddress! + 1, stride, buf.count,
                                       nil, 0, 0, nil, 0, 0)
            }
        }
        for (i, c) in out.enumerated() where !c.isFinite || c.x == .greatestFiniteMagnitude || c.y == .greatestFiniteMagnitude {
            throw ProjectionError.library(operation: "transform \(cs[i])", message: Projection.message(ctx, log))
        }
        return out
    }
}
