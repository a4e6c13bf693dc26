/// A flat uniform grid over line segments for nearest-segment queries, in plain Swift.
///
/// Why not the GEOS STRtree: a nearest query through `GEOSSTRtree_nearest_generic_r` pays a geometry
/// allocation, a C callback per candidate and a second envelope query for the tie-break; the analysis
/// makes four or five such queries per site. Here the segments sit in flat arrays bucketed by cell
/// (compressed rows), and a query scans rings of cells outward from the point until the best distance
/// found is below the distance to any unscanned cell.
///
/// The answer is the same as a brute-force scan: the smallest distance, ties to the lowest line and then
/// the lowest segment, with the distance computed by the same `pointSegmentDistance`.
struct SegmentGrid: Sendable {
    private let ax: [Double], ay: [Double], bx: [Double], by: [Double]
    private let lineOf: [Int32], segmentOf: [Int32]
    private let originX: Double, originY: Double, cell: Double
    private let columns: Int, rows: Int
    /// cellStart[c] ..< cellStart[c + 1] indexes `items` for cell c (row-major).
    private let cellStart: [Int32]
    private let items: [Int32]

    var isEmpty: Bool { ax.isEmpty }

    /// `lines` must hold finite coordinates; a one-point line is a zero-length segment.
    init(lines: [[Coordinate]]) {
        var ax: [Double] = [], ay: [Double] = [], bx: [Double] = [], by: [Double] = []
        var lineOf: [Int32] = [], segmentOf: [Int32] = []
        var env = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for (li, cs) in lines.enumerated() where !cs.isEmpty {
            let segs = max(cs.count - 1, 1)
            for s in 0..<segs {
                let a = cs[s], b = cs.count == 1 ? cs[0] : cs[s + 1]
                ax.append(a.x); ay.append(a.y); bx.append(b.x); by.append(b.y)
                lineOf.append(Int32(li)); segmentOf.append(Int32(s))
                env.expand(a); env.expand(b)
            }
        }
        let n = ax.count
        self.ax = ax; self.ay = ay; self.bx = bx; self.by = by
        self.lineOf = lineOf; self.segmentOf = segmentOf
        guard n > 0 else {
            originX = 0; originY = 0; cell = 1; columns = 1; rows = 1; cellStart = [0, 0]; items = []
            return
        }
        // About one segment per cell, at most 2,048 cells a side; a degenerate extent gets one cell.
        let w = env.width, h = env.height
        var size = ((w * h) / Double(n)).squareRoot()
        if !(size > 0) { size = Swift.max(w, h, 1) }
        size = Swift.max(size, Swift.max(w, h) / 2048)
        let columns = Swift.min(Int(w / size) + 1, 2049), rows = Swift.min(Int(h / size) + 1, 2049)
        let ox = env.minX, oy = env.minY
        cell = size; originX = ox; originY = oy
        self.columns = columns; self.rows = rows

        // Two passes (count, then fill) so the cell lists are one flat array.
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        func cellRange(_ i: Int) -> (Int, Int, Int, Int) {
            let c0 = Self.clamp(Swift.min(ax[i], bx[i]), ox, size, columns), c1 = Self.clamp(Swift.max(ax[i], bx[i]), ox, size, columns)
            let r0 = Self.clamp(Swift.min(ay[i], by[i]), oy, size, rows), r1 = Self.clamp(Swift.max(ay[i], by[i]), oy, size, rows)
            return (c0, c1, r0, r1)
        }
        for i in 0..<n {
            let (c0, c1, r0, r1) = cellRange(i)
            for r in r0...r1 { for c in c0...c1 { counts[r * columns + c + 1] += 1 } }
        }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        var fill = counts
        var items = [Int32](repeating: 0, count: Int(counts[counts.count - 1]))
        for i in 0..<n {
            let (c0, c1, r0, r1) = cellRange(i)
            for r in r0...r1 {
                for c in c0...c1 {
                    let k = r * columns + c
                    items[Int(fill[k])] = Int32(i)
                    fill[k] += 1
                }
            }
        }
        cellStart = counts
        self.items = items
    }

    /// The cell number of `v` along one axis, clamped to the grid (far points count as edge cells).
    private static func clamp(_ v: Double, _ origin: Double, _ cell: Double, _ count: Int) -> Int {
        let f = ((v - origin) / cell).rounded(.down)
        return f < 0 ? 0 : (f >= Double(count - 1) ? count - 1 : Int(f))
    }
    private func clampColumn(_ x: Double) -> Int { Self.clamp(x, originX, cell, columns) }
    private func clampRow(_ y: Double) -> Int { Self.clamp(y, originY, cell, rows) }

    /// The nearest segment to `p` (finite), or nil when there are no segments.
    func nearest(to p: Coordinate) -> NearestOnLine? {
        guard !ax.isEmpty else { return nil }
        let cx = clampColumn(p.x), cy = clampRow(p.y)
        var best: NearestOnLine? = nil
        var k = 0
        while true {
            let c0 = cx - k, c1 = cx + k, r0 = cy - k, r1 = cy + k
            if k == 0 {
                visit(column: cx, row: cy, p, &best)
            } else {
                for c in Swift.max(c0, 0)...Swift.min(c1, columns - 1) {
                    if r0 >= 0 { visit(column: c, row: r0, p, &best) }
                    if r1 < rows { visit(column: c, row: r1, p, &best) }
                }
                if r0 + 1 <= r1 - 1 {
                    for r in Swift.max(r0 + 1, 0)...Swift.min(r1 - 1, rows - 1) {
                        if c0 >= 0 { visit(column: c0, row: r, p, &best) }
                        if c1 < columns { visit(column: c1, row: r, p, &best) }
                    }
                }
            }
            // The nearest unscanned cell lies beyond one of the scanned square's sides that is not
            // already the grid's edge; stop once the best answer is strictly closer than all of them.
            var bound = Double.infinity
            if c0 > 0 { bound = Swift.min(bound, Swift.max(0, p.x - (originX + Double(c0) * cell))) }
            if c1 < columns - 1 { bound = Swift.min(bound, Swift.max(0, originX + Double(c1 + 1) * cell - p.x)) }
            if r0 > 0 { bound = Swift.min(bound, Swift.max(0, p.y - (originY + Double(r0) * cell))) }
            if r1 < rows - 1 { bound = Swift.min(bound, Swift.max(0, originY + Double(r1 + 1) * cell - p.y)) }
            if bound == .infinity { return best }
            // The margin covers rounding between a coordinate's cell number and the cell's edge.
            if let b = best, b.distance + cell * 1e-9 < bound { return best }
            k += 1
        }
    }

    @inline(__always)
    private func visit(column: Int, row: Int, _ p: Coordinate, _ best: inout NearestOnLine?) {
        let k = row * columns + column
        let lo = Int(cellStart[k]), hi = Int(cellStart[k + 1])
        guard lo < hi else { return }
        for j in lo..<hi {
            let i = Int(items[j])
            let r = pointSegmentDistance(p, Coordinate(x: ax[i], y: ay[i]), Coordinate(x: bx[i], y: by[i]))
            let line = Int(lineOf[i]), seg = Int(segmentOf[i])
            if let b = best {
                guard r.distance < b.distance || (r.distance == b.distance && (line, seg) < (b.line, b.segment)) else { continue }
            }
            best = NearestOnLine(line: line, distance: r.distance, point: r.point, segment: seg, fraction: r.fraction)
        }
    }
}
