import Foundation
import GeoKit

enum LakeBuilder {
    static func lakes(shoreURL: URL, box: Envelope, known catalogue: [KnownLake], context ctx: GEOSContext, meter: EqualAreaMeter, report: inout [String]) throws -> [Lake] {
        let segs = try BasinGeometryBuilder.read(shoreURL)
        // GSHHG levels: 1 land, 2 lake, 3 island in a lake, 4 pond on such an island. GMT cuts every
        // shoreline at its 1-degree storage bins; the pieces' ends meet exactly, so merging restores rings.
        func rings(level: Int) throws -> (closed: [[Coordinate]], open: [[Coordinate]]) {
            let pieces = segs.filter { $0.level == level }.map(\.coordinates).filter { $0.count >= 2 }
            if pieces.isEmpty { return ([], []) }
            let merged = GeometryParts.lines(try ctx.make(.multiLineString(pieces)).lineMerge().value())
            return (merged.filter { $0.count >= 4 && $0.first == $0.last }, merged.filter { $0.first != $0.last })
        }
        let lakeRings = try rings(level: 2), islandRings = try rings(level: 3)
        let boxG = try ctx.make(.polygon(GeometryParts.box(box)))
        let openInBox = lakeRings.open.filter { Envelope(of: $0).map(box.intersects) ?? false }
        report.append("shore.txt: \(lakeRings.closed.count) closed lake ring(s), \(lakeRings.open.count) open at the dump's edge (\(openInBox.count) reaching the basin box, dropped); \(islandRings.closed.count) island ring(s)")

        // Nesting makes islands holes of the lake around them.
        var polys = try RingAssembly.polygons(from: lakeRings.closed + islandRings.closed, context: ctx)
        polys = try polys.filter { try ctx.make(.polygon(Polygon(exterior: $0.exterior))).intersects(boxG) }
        polys = try BasinGeometryBuilder.validated(polys, what: "shore.txt lake", context: ctx, report: &report)

        var items: [(poly: Polygon, area: Double)] = []
        for p in polys { items.append((p, try meter.areaKm2([p]))) }
        // Largest first; equal areas (never seen) fall back to the first vertex, so ids are stable.
        items.sort { $0.area != $1.area ? $0.area > $1.area : ($0.poly.exterior[0].x, $0.poly.exterior[0].y) < ($1.poly.exterior[0].x, $1.poly.exterior[0].y) }

        var lakes = items.enumerated().map { Lake(id: $0.offset + 1, name: nil, kind: .lake, polygon: $0.element.poly, areaKm2: $0.element.area) }
        for known in catalogue {
            let pt = try ctx.make(.point(known.point))
            let hits = try lakes.indices.filter { try ctx.make(.polygon(lakes[$0].polygon)).contains(pt) }
            guard hits.count == 1, let i = hits.first else {
                report.append("lake name not attached: \(known.name) point \(known.point) lies in \(hits.count) GSHHG lake(s)")
                continue
            }
            lakes[i].name = known.name
            lakes[i].kind = known.kind
            report.append("lake \(lakes[i].id) \(known.name) (\(known.kind.rawValue)): \(BasinGeometryBuilder.fmt2(lakes[i].areaKm2)) km2")
        }
        let unnamed = lakes.filter { $0.name == nil }
        report.append("lakes: \(lakes.count) reaching the basin box, \(unnamed.count) unnamed (largest unnamed \(BasinGeometryBuilder.fmt2(unnamed.first?.areaKm2 ?? 0)) km2); areas on the WGS84 ellipsoid via \(meter.definition)")
        return lakes
    }
}
