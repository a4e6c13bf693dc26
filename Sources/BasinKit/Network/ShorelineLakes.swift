import Foundation
import GeoKit

/// A lake known by a point inside it, to give shoreline rings a name and kind.
public struct KnownLake: Sendable, Equatable {
    public var name: String
    public var kind: LakeKind
    public var inside: Coordinate
    public init(name: String, kind: LakeKind, inside: Coordinate) { self.name = name; self.kind = kind; self.inside = inside }
}

/// Turns lake shoreline pieces (GSHHG level-2 lines from `gmt coast -W -M`, cut at storage-tile edges)
/// into `Lake` values. Pieces are chained where their ends meet exactly; chains that do not close (cut by
/// the extraction box) are dropped and counted. Islands (GSHHG level 3) become holes of the lake that
/// contains them.
///
/// Lake ids are 1, 2, ... in order of area (largest first), ties by centroid longitude then latitude, so
/// that every layer built from the same shoreline data numbers lakes the same way.
public enum ShorelineLakes {
    public struct Result: Sendable {
        public var lakes: [Lake]
        /// Chains that did not close into a ring (the box cut them).
        public var openChains: Int
    }

    public static func lakes(shores: [[Coordinate]], islands: [[Coordinate]] = [], known: [KnownLake] = [],
                             minAreaKm2: Double = 0, projection: Projection) throws -> Result {
        var rings: [[Coordinate]] = []
        var open = 0
        for ch in PolylineChain.chain(shores) { if ch.isClosed { rings.append(ch.coordinates) } else { open += 1 } }
        let islandRings = PolylineChain.chain(islands).filter(\.isClosed).map(\.coordinates)

        // Planar area in the basin's conformal projection (scale within 0.2 % over the basin, so area
        // within about 0.4 %).
        func areaKm2(_ r: [Coordinate]) throws -> Double { abs(Ring.signedArea(try projection.forward(r))) / 1e6 }
        var items: [(poly: Polygon, area: Double, cx: Double, cy: Double)] = []
        for r in rings {
            var holes: [[Coordinate]] = []
            for h in islandRings where pointInRing(h[0], r) { holes.append(h) }
            var a = try areaKm2(r)
            for h in holes { a -= try areaKm2(h) }
            if a < minAreaKm2 { continue }
            let n = Double(r.count - 1)
            let cx = r.dropLast().reduce(0) { $0 + $1.x } / n, cy = r.dropLast().reduce(0) { $0 + $1.y } / n
            items.append((Polygon(exterior: Ring.oriented(r, counterClockwise: true),
                                  holes: holes.map { Ring.oriented($0, counterClockwise: false) }), a, cx, cy))
        }
        items.sort { (-$0.area, $0.cx, $0.cy) < (-$1.area, $1.cx, $1.cy) }
        let lakes = items.enumerated().map { k, it -> Lake in
            let kl = known.first { k in pointInRing(k.inside, it.poly.exterior) && !it.poly.holes.contains { h in pointInRing(k.inside, h) } }
            return Lake(id: k + 1, name: kl?.name, kind: kl?.kind ?? .lake, polygon: it.poly, areaKm2: it.area)
        }
        return Result(lakes: lakes, openChains: open)
    }

    /// Even-odd point in ring (lon/lat plane: the rings are drawn with straight lon/lat edges).
    public static func pointInRing(_ p: Coordinate, _ ring: [Coordinate]) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}
