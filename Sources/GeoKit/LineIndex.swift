import CGEOS

/// The nearest point on an indexed polyline.
public struct NearestOnLine: Sendable, Equatable {
    /// Index of the polyline in the array the index was built from.
    public var line: Int
    /// Planar distance in the lines' units.
    public var distance: Double
    /// The nearest point on the line.
    public var point: Coordinate
    /// Segment index (between vertex `segment` and `segment + 1`) and position along it, 0...1.
    public var segment: Int
    public var fraction: Double
}

/// Distance from `p` to segment a-b, with the nearest point's fraction along the segment.
@inlinable
public func pointSegmentDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> (distance: Double, fraction: Double, point: Coordinate) {
    let dx = b.x - a.x, dy = b.y - a.y
    let len2 = dx * dx + dy * dy
    var t = 0.0
    if len2 > 0 {
        t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2
        t = min(1, max(0, t))
    }
    let q = Coordinate(x: a.x + t * dx, y: a.y + t * dy)
    return (p.planarDistance(to: q), t, q)
}

/// Holds the line coordinates and the current query for the C callbacks.
final class LineIndexStore {
    let lines: [[Coordinate]]
    /// Each tree item is a run of at most `chunk` segments of one line: (line, first segment, end segment).
    var chunks: [(line: Int, start: Int, end: Int)] = []
    var query = Coordinate(x: 0, y: 0)
    var hits: [Int] = []
    init(lines: [[Coordinate]]) { self.lines = lines }

    func distance(chunk i: Int, to p: Coordinate) -> (Double, Int, Double, Coordinate) {
        let c = chunks[i]
        let cs = lines[c.line]
        var best = (Double.infinity, c.start, 0.0, cs[c.start])
        if cs.count == 1 { return (p.planarDistance(to: cs[0]), 0, 0, cs[0]) }
        for s in c.start..<c.end {
            let r = pointSegmentDistance(p, cs[s], cs[s + 1])
            if r.distance < best.0 { best = (r.distance, s, r.fraction, r.point) }
        }
        return best
    }
}

/// Nearest-line search and envelope queries over polylines in a planar (projected) CRS.
///
/// Nearest queries run in Swift over a flat segment grid (`SegmentGrid`); envelope queries go through a
/// GEOS STRtree over short runs of segments. Equidistant answers are resolved to the lowest line index,
/// then the lowest segment, so results never depend on traversal order.
public final class LineIndex {
    public let context: GEOSContext
    private let store: LineIndexStore
    private let storeRef: Unmanaged<LineIndexStore>
    private let tree: OpaquePointer
    private var envelopes: [GEOSGeometry] = []
    private let grid: SegmentGrid

    public var lines: [[Coordinate]] { store.lines }

    /// Builds the tree; every line is inserted before the first query (GEOS requires it).
    public init(lines: [[Coordinate]], context: GEOSContext, segmentsPerItem: Int = 8, nodeCapacity: Int = 4) throws {
        self.context = context
        store = LineIndexStore(lines: lines)
        storeRef = Unmanaged.passRetained(store)
        guard let t = GEOSSTRtree_create_r(context.handle, nodeCapacity) else {
            storeRef.release()
            throw context.failure("STRtree create")
        }
        tree = t
        for (li, cs) in lines.enumerated() {
            if cs.isEmpty { continue }
            for c in cs where !c.isFinite {
                throw GeometryError.invalidInput("line \(li) has a coordinate that is not a finite number: \(c)")
            }
            let segs = max(cs.count - 1, 0)
            var start = 0
            repeat {
                let end = min(start + segmentsPerItem, segs)
                let env = Envelope(of: cs[start...max(end, start)])!
                let box: Geometry = .lineString([Coordinate(x: env.minX, y: env.minY), Coordinate(x: env.maxX, y: env.maxY)])
                let g = try context.make(box)
                envelopes.append(g)
                store.chunks.append((li, start, end))
                GEOSSTRtree_insert_r(context.handle, tree, g.handle, UnsafeMutableRawPointer(bitPattern: store.chunks.count))
                start = end
            } while start < segs
        }
        grid = SegmentGrid(lines: lines)
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
        storeRef.release()
    }

    public var isEmpty: Bool { store.chunks.isEmpty }

    /// The nearest point on any line to `p`, or nil when the index is empty.
    public func nearest(to p: Coordinate) throws -> NearestOnLine? {
        guard !store.chunks.isEmpty else { return nil }
        guard p.isFinite else { throw GeometryError.invalidInput("query point \(p) is not a finite number") }
        return grid.nearest(to: p)
    }

    /// The STRtree's nearest answer with the brute-force tie-break: the reference the grid is tested
    /// against, kept for that test only.
    func nearestThroughTree(to p: Coordinate) throws -> NearestOnLine? {
        guard !store.chunks.isEmpty else { return nil }
        guard p.isFinite else { throw GeometryError.invalidInput("query point \(p) is not a finite number") }
        store.query = p
        let q = try context.make(.point(p))
        let distanceFn: GEOSDistanceCallback = { item1, item2, distance, userdata in
            guard let userdata, let distance else { return 0 }
            let s = Unmanaged<LineIndexStore>.fromOpaque(userdata).takeUnretainedValue()
            // One item is the query (sentinel Int.max, never a chunk id); the other a chunk.
            let a = Int(bitPattern: item1), b = Int(bitPattern: item2)
            let chunkId = a == Int.max ? b : a
            distance.pointee = s.distance(chunk: chunkId - 1, to: s.query).0
            // GEOS 3.11 treats 1 as success here (its header comment says zero).
            return 1
        }
        let sentinel = UnsafeRawPointer(bitPattern: Int.max)
        let found = withExtendedLifetime(q) {
            GEOSSTRtree_nearest_generic_r(context.handle, tree, sentinel, q.handle, distanceFn, storeRef.toOpaque())
        }
        guard let hit = found else {
            throw context.failure("STRtree nearest")
        }
        let first = store.distance(chunk: Int(bitPattern: hit) - 1, to: p).0
        // Deterministic tie-break: look at every chunk within the best distance and take the lowest ids.
        let r = first * (1 + 1e-12) + 1e-12
        var best: NearestOnLine? = nil
        for id in try query(Envelope(minX: p.x - r, minY: p.y - r, maxX: p.x + r, maxY: p.y + r)) {
            let (d, seg, f, pt) = store.distance(chunk: id, to: p)
            let cand = NearestOnLine(line: store.chunks[id].line, distance: d, point: pt, segment: seg, fraction: f)
            if let b = best {
                if d < b.distance || (d == b.distance && (cand.line, cand.segment) < (b.line, b.segment)) { best = cand }
            } else { best = cand }
        }
        return best
    }

    /// Ids of the chunks whose envelope meets `env` (internal: callers want lines, see `lines(in:)`).
    func query(_ env: Envelope) throws -> [Int] {
        let box = try context.make(.lineString([Coordinate(x: env.minX, y: env.minY), Coordinate(x: env.maxX, y: env.maxY)]))
        store.hits.removeAll(keepingCapacity: true)
        let cb: GEOSQueryCallback = { item, userdata in
            guard let userdata else { return }
            Unmanaged<LineIndexStore>.fromOpaque(userdata).takeUnretainedValue().hits.append(Int(bitPattern: item) - 1)
        }
        withExtendedLifetime(box) { GEOSSTRtree_query_r(context.handle, tree, box.handle, cb, storeRef.toOpaque()) }
        return store.hits.sorted()
    }

    /// Indices of the lines with a part whose envelope meets `env`, ascending.
    public func lines(in env: Envelope) throws -> [Int] {
        Array(Set(try query(env).map { store.chunks[$0].line })).sorted()
    }
}
