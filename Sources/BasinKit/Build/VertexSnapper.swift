import Foundation
import GeoKit

/// A grid of lon/lat vertices for nearest-vertex queries within a small distance (metres, geodesic).
struct VertexGrid {
    /// 0.01 degree cells (~1.1 km north-south): queries up to ~1 km look at the 3x3 block around a point.
    static let cell = 0.01
    private var cells: [Int64: [Coordinate]] = [:]

    private static func key(_ ix: Int, _ iy: Int) -> Int64 { Int64(ix) &* 1_000_003 &+ Int64(iy) }
    private static func index(_ c: Coordinate) -> (Int, Int) { (Int((c.x / cell).rounded(.down)), Int((c.y / cell).rounded(.down))) }

    mutating func insert(_ c: Coordinate) {
        let (ix, iy) = VertexGrid.index(c)
        cells[VertexGrid.key(ix, iy), default: []].append(c)
    }

    var isEmpty: Bool { cells.isEmpty }

    /// Stored vertices in the cells an envelope touches (walks the stored cells instead when that is cheaper,
    /// e.g. for the 394 km straight desert edges).
    func candidates(in e: Envelope) -> [Coordinate] {
        let (x0, y0) = VertexGrid.index(Coordinate(x: e.minX, y: e.minY)), (x1, y1) = VertexGrid.index(Coordinate(x: e.maxX, y: e.maxY))
        let n = (x1 - x0 + 1) * (y1 - y0 + 1)
        if n > cells.count {
            return cells.values.flatMap { $0.filter { e.contains($0) } }
        }
        var out: [Coordinate] = []
        for ix in x0...x1 { for iy in y0...y1 { out.append(contentsOf: (cells[VertexGrid.key(ix, iy)] ?? []).filter { e.contains($0) }) } }
        return out
    }

    /// The nearest stored vertex within `maxMetres` (ties: smaller x, then y, so the answer never
    /// depends on insertion order).
    func nearest(to p: Coordinate, maxMetres: Double) -> (vertex: Coordinate, metres: Double)? {
        let (ix, iy) = VertexGrid.index(p)
        var best: (Coordinate, Double)? = nil
        for dx in -1...1 {
            for dy in -1...1 {
                for c in cells[VertexGrid.key(ix + dx, iy + dy)] ?? [] {
                    let d = c == p ? 0 : Geodesic.wgs84.distance(p, c)
                    guard d <= maxMetres else { continue }
                    if let b = best, d > b.1 || (d == b.1 && (c.x, c.y) >= (b.0.x, b.0.y)) { continue }
                    best = (c, d)
                }
            }
        }
        return best.map { (vertex: $0.0, metres: $0.1) }
    }
}

/// How far each vertex of one country lies from the nearest vertex of its neighbour.
struct VertexMismatch: Sendable {
    var pair: String
    /// Vertices of the first country with a vertex of the second within 1 km.
    var near: Int
    var exact: Int
    var median: Double
    var p95: Double
    var max: Double
    var histogram: [(String, Int)]
    var outliers: [Double]

    var reportLine: String {
        let h = histogram.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        return "DCW vertex mismatch \(pair): \(near) vertices within 1 km of a neighbour vertex, \(exact) identical; " +
            "median \(NumberFormat.fixed(median, decimals: 1)) m, 95th pct \(NumberFormat.fixed(p95, decimals: 1)) m, " +
            "max \(NumberFormat.fixed(max, decimals: 1)) m [\(h)]; over 60 m: " +
            (outliers.isEmpty ? "none" : outliers.map { NumberFormat.fixed($0, decimals: 1) }.joined(separator: ", ") + " m")
    }
}

enum VertexSnapper {
    static func vertices(_ polygons: [Polygon]) -> [Coordinate] { polygons.flatMap { $0.rings.flatMap { $0 } } }

    static func measure(_ a: String, _ aPolys: [Polygon], _ b: String, _ bPolys: [Polygon]) -> VertexMismatch {
        var grid = VertexGrid()
        for c in vertices(bPolys) { grid.insert(c) }
        var ds: [Double] = []
        for c in Set(vertices(aPolys)).sorted(by: { ($0.x, $0.y) < ($1.x, $1.y) }) {
            if let n = grid.nearest(to: c, maxMetres: 1000) { ds.append(n.metres) }
        }
        ds.sort()
        let bins: [(String, Double)] = [("0 m", 0), ("<=1 m", 1), ("<=10 m", 10), ("<=30 m", 30), ("<=60 m", 60), ("<=100 m", 100), ("<=300 m", 300), ("<=1000 m", 1000)]
        var hist: [(String, Int)] = []
        var lo = -1.0
        for (label, hi) in bins {
            hist.append((label, ds.filter { $0 > lo && $0 <= hi }.count))
            lo = hi
        }
        func pct(_ q: Double) -> Double { ds.isEmpty ? 0 : ds[min(ds.count - 1, Int((Double(ds.count - 1) * q).rounded()))] }
        return VertexMismatch(pair: "\(a)-\(b)", near: ds.count, exact: ds.filter { $0 == 0 }.count,
                              median: pct(0.5), p95: pct(0.95), max: ds.last ?? 0, histogram: hist, outliers: ds.filter { $0 > 60 })
    }

    /// Metres per degree near `lat` (local plane; fine for distances of a few hundred metres).
    static func localScale(_ lat: Double) -> (x: Double, y: Double) { (111_320 * cos(lat * .pi / 180), 110_574) }

    /// Vertices of `grid` lying within `tol` metres of segment p-q (strictly between its ends), ordered along it.
    static func onSegment(_ p: Coordinate, _ q: Coordinate, grid: VertexGrid, tol: Double) -> [Coordinate] {
        let (sx, sy) = localScale((p.y + q.y) / 2)
        let pad = tol / sy * 2
        let env = Envelope(minX: min(p.x, q.x) - pad, minY: min(p.y, q.y) - pad, maxX: max(p.x, q.x) + pad, maxY: max(p.y, q.y) + pad)
        var hits: [(Double, Coordinate)] = []
        for c in grid.candidates(in: env) where c != p && c != q {
            let ax = (q.x - p.x) * sx, ay = (q.y - p.y) * sy, bx = (c.x - p.x) * sx, by = (c.y - p.y) * sy
            let len2 = ax * ax + ay * ay
            guard len2 > 0 else { continue }
            let t = (ax * bx + ay * by) / len2
            guard t > 0, t < 1 else { continue }
            let dx = bx - t * ax, dy = by - t * ay
            if (dx * dx + dy * dy).squareRoot() <= tol { hits.append((t, c)) }
        }
        return hits.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : ($0.1.x, $0.1.y) < ($1.1.x, $1.1.y) }.map(\.1)
    }

    /// Like GEOS's snap: each country's vertices move onto the nearest vertex of a country before it
    /// (order given) within `toleranceMetres`; then every country's segments take in the other
    /// countries' vertices lying within the tolerance of them, so a vertex one side has and the other
    /// lacks no longer breaks the shared edge. Returns the moved and inserted counts per country.
    static func snap(_ countries: [(iso: String, polygons: [Polygon])], toleranceMetres tol: Double)
        -> (countries: [(iso: String, polygons: [Polygon])], moved: [String: Int], inserted: [String: Int]) {
        var grid = VertexGrid()
        var out: [(iso: String, polygons: [Polygon])] = []
        var moved: [String: Int] = [:], inserted: [String: Int] = [:]
        for (iso, polys) in countries {
            var n = 0
            func snapRing(_ r: [Coordinate]) -> [Coordinate] {
                GeometryParts.dedupConsecutive(r.map { c in
                    guard let hit = grid.nearest(to: c, maxMetres: tol), hit.vertex != c else { return c }
                    n += 1
                    return hit.vertex
                })
            }
            let snapped = polys.map { Polygon(exterior: snapRing($0.exterior), holes: $0.holes.map(snapRing)) }
            out.append((iso, snapped))
            moved[iso] = n
            for c in vertices(snapped) { grid.insert(c) }
        }
        for k in out.indices {
            var others = VertexGrid()
            for j in out.indices where j != k { for c in vertices(out[j].polygons) { others.insert(c) } }
            var n = 0
            func densify(_ r: [Coordinate]) -> [Coordinate] {
                guard r.count > 1 else { return r }
                var o: [Coordinate] = [r[0]]
                for i in 1..<r.count {
                    let add = onSegment(r[i - 1], r[i], grid: others, tol: tol)
                    n += add.count
                    o.append(contentsOf: add)
                    o.append(r[i])
                }
                return GeometryParts.dedupConsecutive(o)
            }
            out[k].polygons = out[k].polygons.map { Polygon(exterior: densify($0.exterior), holes: $0.holes.map(densify)) }
            inserted[out[k].iso] = n
        }
        return (out, moved, inserted)
    }
}
