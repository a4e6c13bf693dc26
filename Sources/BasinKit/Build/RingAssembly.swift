import Foundation
import GeoKit

/// Rebuilds polygons from bare closed rings (GMT's `-M` dump loses the hole flag).
enum RingAssembly {
    /// The ring without its closing vertex, rotated to start at its smallest vertex and counter-clockwise,
    /// so the same ring printed twice (or reversed, or from another start) gives the same key.
    static func canonicalKey(_ ring: [Coordinate]) -> [Coordinate] {
        var r = Ring.oriented(ring, counterClockwise: true)
        if r.count > 1, r.first == r.last { r.removeLast() }
        guard let start = r.indices.min(by: { (r[$0].x, r[$0].y) < (r[$1].x, r[$1].y) }) else { return r }
        return Array(r[start...] + r[..<start])
    }

    /// Drops rings whose canonical form was already seen; keeps the first occurrence (input order).
    static func dropDuplicates(_ rings: [[Coordinate]]) -> (rings: [[Coordinate]], dropped: Int) {
        var seen = Set<[Coordinate]>()
        var out: [[Coordinate]] = []
        for r in rings where seen.insert(canonicalKey(r)).inserted { out.append(r) }
        return (out, rings.count - out.count)
    }

    /// Nests rings by containment: a ring inside an odd number of others is a hole of the smallest ring
    /// that contains it; at even depth it is an exterior (an island inside a hole).
    static func polygons(from rings: [[Coordinate]], context: GEOSContext) throws -> [Polygon] {
        let closed = rings.map { Ring.closed($0) }.filter { $0.count >= 4 }
        // Largest first, so a ring's containers come before it; ties broken by input order.
        let order = closed.indices.sorted {
            let a = abs(Ring.signedArea(closed[$0])), b = abs(Ring.signedArea(closed[$1]))
            return a != b ? a > b : $0 < $1
        }
        let geoms = try order.map { try context.make(.polygon(Polygon(exterior: closed[$0]))) }
        var parent = [Int?](repeating: nil, count: order.count)
        var depth = [Int](repeating: 0, count: order.count)
        for k in order.indices {
            var d = 0
            for j in 0..<k where try geoms[j].contains(geoms[k]) {
                d += 1
                // Later containers are smaller, so the last one found is the immediate parent.
                parent[k] = j
            }
            depth[k] = d
        }
        var exteriors: [Int: Polygon] = [:]
        var exteriorOrder: [Int] = []
        for k in order.indices where depth[k] % 2 == 0 {
            exteriors[k] = Polygon(exterior: closed[order[k]])
            exteriorOrder.append(k)
        }
        for k in order.indices where depth[k] % 2 == 1 {
            guard let p = parent[k], exteriors[p] != nil else { continue }
            exteriors[p]!.holes.append(closed[order[k]])
        }
        return exteriorOrder.map { exteriors[$0]! }
    }
}
