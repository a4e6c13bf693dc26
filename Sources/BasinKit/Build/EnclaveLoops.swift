import Foundation
import GeoKit

/// A Fergana enclave: whose it is, which country surrounds it, and a point inside it to find its loop.
public struct EnclaveSpec: Sendable {
    public var name: String
    public var owner: String
    public var host: String
    /// A point inside the enclave, chosen from the source outlines (checked at build time).
    public var search: Coordinate

    /// DCW-GMT 2.1.1 lacks these two; they are added from WDBII border loops.
    public static let missingFromDCW = [
        EnclaveSpec(name: "Shakhimardan", owner: "UZ", host: "KG", search: Coordinate(lon: 71.75, lat: 39.95)),
        EnclaveSpec(name: "Sarvak", owner: "TJ", host: "UZ", search: Coordinate(lon: 70.62, lat: 40.99)),
    ]
    /// Present in DCW (checked, and their area reported).
    public static let fromDCW = [
        EnclaveSpec(name: "Sokh", owner: "UZ", host: "KG", search: Coordinate(lon: 71.1, lat: 40.0)),
        EnclaveSpec(name: "Vorukh", owner: "TJ", host: "KG", search: Coordinate(lon: 70.6, lat: 39.85)),
    ]
}

enum EnclaveLoops {
    /// WDBII loops are digitised separately from the surrounding border and some do not close
    /// (Vorukh 0.1 km, Sarvak 0.3 km); gaps up to this are closed with a straight segment.
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
