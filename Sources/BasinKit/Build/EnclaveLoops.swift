import Foundation
import GeoKit

enum EnclaveLoops {
    /// WDBII loops are digitised separately from the surrounding border and some do not close
    /// (gaps of 0.1 and 0.3 km were measured in the first basin); gaps up to this are closed with a straight segment.
    static let maxGapMetres = 500.0
    /// Border pieces are looked for within this many degrees of the search point.
    static let searchRadius = 0.15

    static func polygon(for spec: EnclaveSpec, segments: [GMTSegment], context ctx: GEOSContext, report: inout [String]) throws -> Polygon {
        let s = spec.search, r = searchRadius
        let box = Envelope(minX: s.x - r, minY: s.y - r, maxX: s.x + r, maxY: s.y + r)
        let pieces = segments.map(\.coordinates).filter { $0.count >= 2 && (Envelope(of: $0).map(box.intersects) ?? false) }
        guard !pieces.isEmpty else {
            throw BasinBuildError("borders.txt: no WDBII border piece within \(r) deg of \(spec.name) \(s): expected its border loop")
        }
        let merged = GeometryParts.lines(try ctx.make(.multiLineString(pieces)).lineMerge().value())
        let point = try ctx.make(.point(s))
        var best: (Polygon, Double, Double)? = nil   // polygon, planar area, gap closed (m)
        var gaps: [String] = []
        for line in merged {
            guard let first = line.first, let last = line.last, line.count >= 3 else { continue }
            let gap = first == last ? 0 : Geodesic.wgs84.distance(last, first)
            gaps.append(NumberFormat.fixed(gap, decimals: 0))
            guard gap <= maxGapMetres else { continue }
            let ring = first == last ? line : line + [first]
            // Closing a lasso-shaped loop can make it self-intersect: makeValid, then keep the piece around the point.
            for p in GeometryParts.polygons(try ctx.make(.polygon(Polygon(exterior: ring))).makeValid().value()) {
                let g = try ctx.make(.polygon(p))
                guard try g.contains(point) else { continue }
                let a = try g.area()
                if best == nil || a < best!.1 { best = (Polygon(exterior: p.exterior), a, gap) }
            }
        }
        guard let (poly, _, gap) = best else {
            throw BasinBuildError("borders.txt: no WDBII border loop closes (gap <= \(NumberFormat.json(maxGapMetres)) m) around \(spec.name) \(s); line end gaps found: \(gaps.joined(separator: ", ")) m")
        }
        report.append("\(spec.name): WDBII loop from \(pieces.count) border piece(s) near \(s), gap closed \(NumberFormat.fixed(gap, decimals: 0)) m")
        return poly
    }
}
