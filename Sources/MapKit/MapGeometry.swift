import Foundation
import GeoKit

typealias PagePoint = (x: Double, y: Double)

/// One map frame on the page: projected metres -> page millimetres (y down), a uniform scale.
struct MapView {
    let frame: Rect
    /// Projected metres at the frame's centre.
    let centre: Coordinate
    /// Page millimetres per projected metre.
    let k: Double

    /// The largest scale at which `env` (projected metres) fits `frame`, centred.
    static func fit(_ env: Envelope, into frame: Rect) -> MapView {
        let k = min(frame.w / env.width, frame.h / env.height)
        return MapView(frame: frame, centre: Coordinate(x: (env.minX + env.maxX) / 2, y: (env.minY + env.maxY) / 2), k: k)
    }

    @inline(__always) func page(_ c: Coordinate) -> PagePoint {
        (frame.midX + (c.x - centre.x) * k, frame.midY - (c.y - centre.y) * k)
    }

    func projected(_ x: Double, _ y: Double) -> Coordinate {
        Coordinate(x: centre.x + (x - frame.midX) / k, y: centre.y - (y - frame.midY) / k)
    }

    /// The frame in projected metres, grown by `pad` page millimetres on every side.
    func envelope(padMM pad: Double) -> Envelope {
        let a = projected(frame.x - pad, frame.maxY + pad), b = projected(frame.maxX + pad, frame.y - pad)
        return Envelope(minX: a.x, minY: a.y, maxX: b.x, maxY: b.y)
    }

    /// Page -> projected as an affine map: X = x0 + px * m, Y = y0 - py * m (m metres per mm),
    /// written into the SVG so a reader (and the tests) can measure the map independently.
    var pageToCRS: (x0: Double, y0: Double, m: Double) {
        let o = projected(0, 0)
        return (o.x, o.y, 1 / k)
    }
}

/// Clipping and display-scale simplification with GEOS, in projected metres.
final class Clipper {
    let ctx = GEOSContext()

    private func rect(_ e: Envelope) -> Geometry {
        .polygon(Polygon(exterior: [Coordinate(x: e.minX, y: e.minY), Coordinate(x: e.maxX, y: e.minY),
                                    Coordinate(x: e.maxX, y: e.maxY), Coordinate(x: e.minX, y: e.maxY),
                                    Coordinate(x: e.minX, y: e.minY)]))
    }

    /// Polygons cut to `clip` and simplified with `tolerance` metres (topology kept: no ring collapses
    /// into a self-intersection, holes stay inside).
    func polygons(_ polys: [Polygon], clip: Envelope, tolerance: Double) throws -> [Polygon] {
        guard !polys.isEmpty else { return [] }
        if let e = Geometry.multiPolygon(polys).envelope, !e.intersects(clip) { return [] }
        var g = try ctx.make(.multiPolygon(polys))
        if !(try g.isValid()) { g = try g.makeValid() }
        let cut = try g.intersection(try ctx.make(rect(clip)))
        if cut.isEmpty { return [] }
        return Self.polygonParts(try cut.simplifyPreservingTopology(tolerance).value())
    }

    /// Lines cut to `clip` and simplified.
    func lines(_ ls: [[Coordinate]], clip: Envelope, tolerance: Double) throws -> [[Coordinate]] {
        let usable = ls.filter { $0.count >= 2 }
        guard !usable.isEmpty else { return [] }
        if let e = Envelope(of: usable.joined()), !e.intersects(clip) { return [] }
        let g = try ctx.make(.multiLineString(usable))
        let cut = try g.intersection(try ctx.make(rect(clip)))
        if cut.isEmpty { return [] }
        return Self.lineParts(try cut.simplifyPreservingTopology(tolerance).value()).filter { $0.count >= 2 }
    }

    /// Spill paths cut to `clip` and simplified one by one: hundreds of paths share the same river
    /// stretches, and cutting them as one geometry would node every overlap against every other.
    func paths(_ ls: [[Coordinate]], clip: Envelope, tolerance: Double) throws -> [[Coordinate]] {
        let box = try ctx.make(rect(clip))
        var out: [[Coordinate]] = []
        for l in ls where l.count >= 2 {
            guard let e = Envelope(of: l), e.intersects(clip) else { continue }
            var g = try ctx.make(.lineString(l))
            if !(clip.contains(Coordinate(x: e.minX, y: e.minY)) && clip.contains(Coordinate(x: e.maxX, y: e.maxY))) {
                g = try g.intersection(box)
                if g.isEmpty { continue }
            }
            out += Self.lineParts(try g.simplifyPreservingTopology(tolerance).value()).filter { $0.count >= 2 }
        }
        return out
    }

    static func polygonParts(_ g: Geometry) -> [Polygon] {
        switch g {
        case .polygon(let p): return p.exterior.count >= 4 ? [p] : []
        case .multiPolygon(let ps): return ps.filter { $0.exterior.count >= 4 }
        case .collection(let gs): return gs.flatMap(polygonParts)
        default: return []
        }
    }

    static func lineParts(_ g: Geometry) -> [[Coordinate]] {
        switch g {
        case .lineString(let cs): return [cs]
        case .multiLineString(let ls): return ls
        case .collection(let gs): return gs.flatMap(lineParts)
        default: return []
        }
    }
}

enum PageGeometry {
    /// Even-odd point in polygon over all rings.
    static func inside(_ x: Double, _ y: Double, _ rings: [[PagePoint]]) -> Bool {
        var c = false
        for r in rings where r.count > 2 {
            var j = r.count - 1
            for i in 0..<r.count {
                let a = r[i], b = r[j]
                if (a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x { c.toggle() }
                j = i
            }
        }
        return c
    }

    static func segmentDistance(_ px: Double, _ py: Double, _ a: PagePoint, _ b: PagePoint) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let l2 = dx * dx + dy * dy
        var t = l2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / l2 : 0
        t = max(0, min(1, t))
        let qx = a.x + t * dx - px, qy = a.y + t * dy - py
        return (qx * qx + qy * qy).squareRoot()
    }

    static func boundaryDistance(_ x: Double, _ y: Double, _ rings: [[PagePoint]]) -> Double {
        var d = Double.infinity
        for r in rings where r.count > 1 {
            for i in 1..<r.count { d = min(d, segmentDistance(x, y, r[i - 1], r[i])) }
        }
        return d
    }

    /// The "visual centre" (pole of inaccessibility, after Mapbox polylabel): the inside point farthest
    /// from the outline, where a name reads as belonging to the area. A grid search then a finer one
    /// around the best cell; deterministic. `bounds` also counts as outline (names stay inside the frame).
    static func visualCentre(_ rings: [[PagePoint]], bounds: Rect) -> (x: Double, y: Double, clearance: Double)? {
        let pts = rings.joined()
        guard let minX = pts.map(\.x).min(), let maxX = pts.map(\.x).max(),
              let minY = pts.map(\.y).min(), let maxY = pts.map(\.y).max() else { return nil }
        let x0 = max(minX, bounds.x), x1 = min(maxX, bounds.maxX), y0 = max(minY, bounds.y), y1 = min(maxY, bounds.maxY)
        guard x1 > x0, y1 > y0 else { return nil }
        func score(_ x: Double, _ y: Double) -> Double {
            guard inside(x, y, rings) else { return -1 }
            let edge = min(x - bounds.x, bounds.maxX - x, y - bounds.y, bounds.maxY - y)
            return min(edge, boundaryDistance(x, y, rings))
        }
        var best: (x: Double, y: Double, clearance: Double)? = nil
        let step = max((x1 - x0), (y1 - y0)) / 40
        var y = y0 + step / 2
        while y < y1 {
            var x = x0 + step / 2
            while x < x1 {
                let s = score(x, y)
                if s > (best?.clearance ?? 0) { best = (x, y, s) }
                x += step
            }
            y += step
        }
        guard var b = best else { return nil }
        let fine = step / 5
        for j in -5...5 {
            for i in -5...5 {
                let x = b.x + Double(i) * fine, yy = b.y + Double(j) * fine
                let s = score(x, yy)
                if s > b.clearance { b = (x, yy, s) }
            }
        }
        return b
    }

    /// Douglas-Peucker on page points (for smooth label paths along rivers).
    static func simplify(_ pts: [PagePoint], tolerance: Double) -> [PagePoint] {
        guard pts.count > 2 else { return pts }
        var keep = [Bool](repeating: false, count: pts.count)
        keep[0] = true; keep[pts.count - 1] = true
        var stack = [(0, pts.count - 1)]
        while let (a, b) = stack.popLast() {
            var far = 0.0, idx = -1
            if b - a < 2 { continue }
            for i in (a + 1)..<b {
                let d = segmentDistance(pts[i].x, pts[i].y, pts[a], pts[b])
                if d > far { far = d; idx = i }
            }
            if far > tolerance && idx >= 0 { keep[idx] = true; stack.append((a, idx)); stack.append((idx, b)) }
        }
        return pts.indices.filter { keep[$0] }.map { pts[$0] }
    }

    static func length(_ pts: [PagePoint]) -> Double {
        guard pts.count > 1 else { return 0 }
        var s = 0.0
        for i in 1..<pts.count { s += hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y) }
        return s
    }

    /// The part of a polyline between arc lengths `from` and `to`.
    static func sub(_ pts: [PagePoint], from: Double, to: Double) -> [PagePoint] {
        var out: [PagePoint] = []
        var acc = 0.0
        for i in 1..<pts.count {
            let a = pts[i - 1], b = pts[i]
            let l = hypot(b.x - a.x, b.y - a.y)
            let s0 = acc, s1 = acc + l
            if s1 >= from && s0 <= to && l > 0 {
                let t0 = max(0, (from - s0) / l), t1 = min(1, (to - s0) / l)
                if out.isEmpty { out.append((a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0)) }
                out.append((a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1))
            }
            acc = s1
        }
        return out
    }
}
