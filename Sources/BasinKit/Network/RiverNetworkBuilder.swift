import Foundation
import GeoKit

/// Builds a drainage network (one tree of edges draining to an outlet) from an unjoined, undirected river
/// line layer such as WDBII:
/// 1. merge pieces of one level whose ends meet exactly (tile cuts);
/// 2. join each free line end to the line it almost touches (confluence: the target is split there);
/// 3. bridge gaps through lakes: river ends at one lake's shore are joined by a `.reservoir` edge;
/// 4. split lines at the outlet and at name-change points; cut lines into edges between nodes;
/// 5. orient every edge toward the outlet (shortest along-river path, so loops never point upstream);
/// 6. name edges from points known to lie on named rivers (rule in `NameFill`).
/// Works in a basin-fitted conformal projection for geometry decisions; reports metres on WGS84.
public enum RiverNetworkBuilder {
    public static func build(lines: [RiverLine], lakes: [Lake], outlet: Coordinate, options: NetworkOptions,
                             context: GEOSContext, projection: Projection) throws -> NetworkBuildResult {
        var b = try Builder(lines: lines, lakes: lakes, outlet: outlet, options: options, context: context, projection: projection)
        return try b.run()
    }
}

/// A position on a merged line: after vertex `seg`, `frac` of the way to the next vertex.
struct Cut {
    var line: Int
    var seg: Int
    var frac: Double
    /// Planar distance along the line, metres (sort key).
    var pos: Double
    /// The end of a line that was moved onto another line (its node takes the other cut's coordinate).
    var moved = false
}

struct UnionFind {
    var parent: [Int] = []
    mutating func add() -> Int { parent.append(parent.count); return parent.count - 1 }
    mutating func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let n = parent[y]; parent[y] = r; y = n }
        return r
    }
    /// The smaller root wins, so results do not depend on the order of unions.
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra == rb { return }
        if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
    }
}

struct MergedLine {
    var coords: [Coordinate]      // lon/lat
    var planar: [Coordinate]      // projected
    var cum: [Double]             // planar distance at each vertex
    var level: Int
    var sources: [Int]
    var inNetworkLevel: Bool
    var total: Double { cum.last ?? 0 }
}

/// A graph edge before orientation and numbering.
struct RawEdge {
    var coords: [Coordinate]
    var a: Int   // node (union-find root of a cut) at coords.first
    var b: Int   // node at coords.last
    var level: Int
    var line: Int?      // merged line it came from; nil for a bridge
    var lakeId: Int?
    var context: Bool   // excluded level
}

struct Builder {
    let lines: [RiverLine]
    let lakes: [Lake]
    let outlet: Coordinate
    let o: NetworkOptions
    let context: GEOSContext
    let projection: Projection
    let geod = Geodesic.wgs84
    var report = NetworkReport()
    var m: [MergedLine] = []
    var cuts: [Cut] = []
    var uf = UnionFind()
    var lineCuts: [[Int]] = []
    var bridges: [(Int, Int, Int)] = []   // cut a, cut b, lake id

    init(lines: [RiverLine], lakes: [Lake], outlet: Coordinate, options: NetworkOptions, context: GEOSContext, projection: Projection) throws {
        self.lines = lines; self.lakes = lakes; self.outlet = outlet; self.o = options
        self.context = context; self.projection = projection
        guard outlet.isFinite else { throw NetworkError.invalidInput("outlet \(outlet) is not a finite coordinate") }
        for l in lines {
            if let bad = l.coordinates.first(where: { !$0.isFinite || abs($0.lat) > 90 || abs($0.lon) > 180 }) {
                throw NetworkError.invalidInput("piece \(l.sourceIndex) (level \(l.level)) has a coordinate that is not lon/lat: \(bad)")
            }
        }
        for tol in [("joinToleranceM", o.joinToleranceM), ("confluenceToleranceM", o.confluenceToleranceM),
                    ("lakeBridgeToleranceM", o.lakeBridgeToleranceM), ("outletToleranceM", o.outletToleranceM),
                    ("namedPointToleranceM", o.namedPointToleranceM)] where !(tol.1 >= 0) {
            throw NetworkError.invalidInput("\(tol.0) must be a non-negative number of metres, got \(tol.1)")
        }
    }

    func point(_ c: Cut) -> Coordinate {
        let cs = m[c.line].coords
        if c.frac <= 0 { return cs[c.seg] }
        if c.frac >= 1 { return cs[c.seg + 1] }
        let a = cs[c.seg], b = cs[c.seg + 1]
        return Coordinate(x: a.x + (b.x - a.x) * c.frac, y: a.y + (b.y - a.y) * c.frac)
    }

    mutating func addCut(_ c: Cut) -> Int {
        cuts.append(c)
        let id = uf.add()
        lineCuts[c.line].append(id)
        return id
    }

    /// A cut at (seg, frac) on `line`, snapped to the line's end within the confluence tolerance.
    mutating func cut(on line: Int, seg: Int, frac: Double) -> Int {
        let l = m[line]
        let pos = l.cum[seg] + frac * (l.cum[seg + 1] - l.cum[seg])
        if pos <= o.confluenceToleranceM { return lineCuts[line][0] }
        if l.total - pos <= o.confluenceToleranceM { return lineCuts[line][1] }
        return addCut(Cut(line: line, seg: seg, frac: frac, pos: pos))
    }

    /// Nearest point on a network-level line other than `excluding`, within `tol` planar metres.
    func nearest(_ p: Coordinate, excluding: Int?, within tol: Double, index: LineIndex) throws
        -> (line: Int, seg: Int, frac: Double, dist: Double)? {
        var best: (line: Int, seg: Int, frac: Double, dist: Double)? = nil
        for li in try index.lines(in: Envelope(minX: p.x - tol, minY: p.y - tol, maxX: p.x + tol, maxY: p.y + tol)) {
            if li == excluding || !m[li].inNetworkLevel { continue }
            let cs = m[li].planar
            for s in 0..<(cs.count - 1) {
                let r = pointSegmentDistance(p, cs[s], cs[s + 1])
                if r.distance <= tol, best == nil || r.distance < best!.dist { best = (li, s, r.fraction, r.distance) }
            }
        }
        return best
    }

    mutating func run() throws -> NetworkBuildResult {
        report.piecesIn = lines.count
        report.outlet = outlet
        try merge()
        let index = try LineIndex(lines: m.map(\.planar), context: context)

        // Lakes in the plane, with the terminal lake(s) at the outlet excluded from bridging: water that
        // reaches the terminal lake has reached the outlet, and bridging it would join other basins.
        let outletP = try projection.forward(outlet)
        let outletG = try context.make(.point(outletP))
        var lakeGeoms: [(lake: Lake, geom: PreparedGeometry, env: Envelope)] = []
        for lake in lakes.sorted(by: { $0.id < $1.id }) {
            let pp = try lake.polygon.mapCoordinates { try projection.forward($0) }
            let g = try context.make(.polygon(pp)).prepared()
            let env = Envelope(of: pp.exterior)!
            if try g.distance(to: outletG) <= o.outletToleranceM {
                report.lakesNotBridged.append("lake \(lake.id) \(lake.name ?? "(unnamed)"): terminal lake at the outlet")
                continue
            }
            lakeGeoms.append((lake, g, env))
        }
        func nearLake(_ p: Coordinate) throws -> Int? {
            let pg = try context.make(.point(p))
            for (i, l) in lakeGeoms.enumerated() {
                let t = o.lakeBridgeToleranceM
                guard l.env.intersects(Envelope(minX: p.x - t, minY: p.y - t, maxX: p.x + t, maxY: p.y + t)) else { continue }
                if try l.geom.distance(to: pg) <= t { return i }
            }
            return nil
        }

        // Joins. Each end looks for the nearest other line; an exact touch always joins (data topology),
        // an end at a lake shore waits for the lake bridge, anything else within tolerance is a confluence.
        var lakeEnds: [Int: [Int]] = [:]   // lake slot -> end cuts
        var joinedEnd = Set<Int>()
        for li in m.indices where m[li].inNetworkLevel {
            for atEnd in [false, true] {
                let endCut = lineCuts[li][atEnd ? 1 : 0]
                let p = atEnd ? m[li].planar.last! : m[li].planar[0]
                let hit = try nearest(p, excluding: li, within: o.joinToleranceM, index: index)
                let lake = try nearLake(p)
                if let h = hit, h.dist == 0 || lake == nil {
                    let target = cut(on: h.line, seg: h.seg, frac: h.frac)
                    uf.union(endCut, target)
                    cuts[endCut].moved = true
                    joinedEnd.insert(endCut)
                    let at = point(cuts[target])
                    let endLL = atEnd ? m[li].coords.last! : m[li].coords[0]
                    report.joins.append(NetworkJoin(sourceIndices: m[li].sources, level: m[li].level, end: endLL, at: at,
                                                    distanceM: geod.distance(endLL, at), targetLevel: m[h.line].level,
                                                    toTargetEnd: target == lineCuts[h.line][0] || target == lineCuts[h.line][1]))
                } else if let lk = lake {
                    lakeEnds[lk, default: []].append(endCut)
                } else if let miss = try nearest(p, excluding: li, within: 10 * o.joinToleranceM, index: index) {
                    // The closest end left free shows how much room the tolerance has.
                    report.nearestMissM = min(report.nearestMissM ?? .infinity, miss.dist)
                }
            }
        }
        // An end counts as joined also when another line's end was joined onto it.
        var endRoots = [Int: Int]()
        for li in m.indices where m[li].inNetworkLevel { for c in lineCuts[li] { endRoots[uf.find(c), default: 0] += 1 } }

        // Components so far (lines connect their own cuts).
        var comp = uf
        for li in m.indices where m[li].inNetworkLevel { comp.union(lineCuts[li][0], lineCuts[li][1]) }

        // Lake bridges: join river ends of distinct components at one lake, shortest pairs first (Kruskal).
        for (slot, ends) in lakeEnds.sorted(by: { $0.key < $1.key }) {
            let lake = lakeGeoms[slot].lake
            var pairs: [(Double, Int, Int)] = []
            for i in ends.indices { for j in ends.indices where j > i {
                pairs.append((geod.distance(point(cuts[ends[i]]), point(cuts[ends[j]])), ends[i], ends[j]))
            } }
            pairs.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            var made = 0
            for (d, a, c) in pairs where comp.find(a) != comp.find(c) {
                comp.union(a, c)
                bridges.append((a, c, lake.id))
                report.bridges.append(NetworkBridge(lakeId: lake.id, lakeName: lake.name, from: point(cuts[a]), to: point(cuts[c]), lengthM: d))
                made += 1
            }
            if made == 0 {
                report.lakesNotBridged.append("lake \(lake.id) \(lake.name ?? "(unnamed)"): \(ends.count) river end(s), all on one connected piece")
            }
        }
        let bridged = Set(bridges.flatMap { [$0.0, $0.1] })
        report.unjoinedEnds = m.indices.filter { m[$0].inNetworkLevel }.flatMap { lineCuts[$0] }.filter {
            !joinedEnd.contains($0) && !bridged.contains($0) && (endRoots[uf.find($0)] ?? 0) < 2
        }.count

        // Outlet: the nearest network line point.
        guard let oh = try nearest(outletP, excluding: nil, within: o.outletToleranceM, index: index) else {
            let any = try index.nearest(to: outletP)
            throw NetworkError.outletNotReached(String(format: "no river line within %.0f m of the outlet (%.4f, %.4f)%@",
                o.outletToleranceM, outlet.lon, outlet.lat, any.map { String(format: "; the nearest line is %.1f km away", $0.distance / 1000) } ?? ""))
        }
        let outletCut = cut(on: oh.line, seg: oh.seg, frac: oh.frac)
        report.outletDistanceM = geod.distance(outlet, point(cuts[outletCut]))

        // Name-change points without a junction.
        for sp in o.splitPoints {
            guard let h = try nearest(try projection.forward(sp.coordinate), excluding: nil, within: o.namedPointToleranceM, index: index) else {
                throw NetworkError.invalidInput("split point \(sp.name) \(sp.coordinate) is more than \(o.namedPointToleranceM) m from every river line")
            }
            _ = cut(on: h.line, seg: h.seg, frac: h.frac)
        }

        var raw = try cutEdges()
        for (a, c, lakeId) in bridges {
            raw.append(RawEdge(coords: [point(cuts[a]), point(cuts[c])], a: uf.find(a), b: uf.find(c), level: 0, line: nil, lakeId: lakeId, context: false))
        }
        var orienter = Orienter(raw: raw, outletNode: uf.find(outletCut), builder: self)
        return try orienter.run()
    }

    /// Step 1: merge pieces per level where their ends meet exactly.
    mutating func merge() throws {
        var byLevel: [Int: [Int]] = [:]
        for (i, l) in lines.enumerated() {
            var cs: [Coordinate] = []
            for c in l.coordinates where cs.last != c { cs.append(c) }
            if cs.count < 2 { report.degeneratePieces.append(l.sourceIndex); continue }
            byLevel[l.level, default: []].append(i)
        }
        for level in byLevel.keys.sorted() {
            let ids = byLevel[level]!
            for ch in PolylineChain.chain(ids.map { lines[$0].coordinates }) {
                var cs: [Coordinate] = []
                for c in ch.coordinates where cs.last != c { cs.append(c) }
                let planar = try projection.forward(cs)
                var cum = [0.0]
                for k in 1..<planar.count { cum.append(cum[k - 1] + planar[k - 1].planarDistance(to: planar[k])) }
                m.append(MergedLine(coords: cs, planar: planar, cum: cum, level: level,
                                    sources: ch.pieces.map { lines[ids[$0]].sourceIndex },
                                    inNetworkLevel: !o.excludedLevels.contains(level)))
            }
        }
        report.mergedLines = m.count
        lineCuts = Array(repeating: [], count: m.count)
        for li in m.indices {
            let n = m[li].coords.count
            _ = addCut(Cut(line: li, seg: 0, frac: 0, pos: 0))
            _ = addCut(Cut(line: li, seg: n - 2, frac: 1, pos: m[li].total))
        }
    }

    /// Cuts every line into edges between consecutive cuts along it.
    mutating func cutEdges() throws -> [RawEdge] {
        // Cuts at the same place on a line are one node.
        var keptPerLine: [[Int]] = []
        for li in m.indices {
            let ids = lineCuts[li].sorted { (cuts[$0].pos, $0) < (cuts[$1].pos, $1) }
            var kept: [Int] = []
            for id in ids {
                if let last = kept.last, abs(cuts[last].pos - cuts[id].pos) < 1e-6 { uf.union(last, id); continue }
                kept.append(id)
            }
            keptPerLine.append(kept)
        }
        // Node coordinate: a cut that was not moved (the target of a join) wins, then the lowest cut id.
        var nodeCoord: [Int: (moved: Bool, id: Int, c: Coordinate)] = [:]
        for (id, c) in cuts.enumerated() {
            let r = uf.find(id)
            if let cur = nodeCoord[r], (cur.moved ? 1 : 0, cur.id) <= (c.moved ? 1 : 0, id) { continue }
            nodeCoord[r] = (c.moved, id, point(c))
        }
        var out: [RawEdge] = []
        for li in m.indices {
            let kept = keptPerLine[li], cs = m[li].coords
            for k in 0..<(kept.count - 1) {
                let ca = cuts[kept[k]], cb = cuts[kept[k + 1]]
                var g: [Coordinate] = [point(ca)]
                if ca.seg + 1 <= cb.seg { for j in (ca.seg + 1)...cb.seg where g.last != cs[j] { g.append(cs[j]) } }
                let pb = point(cb)
                if g.last != pb { g.append(pb) }
                if g.count < 2 { continue }
                let a = uf.find(kept[k]), b = uf.find(kept[k + 1])
                // Ends snap to their node's coordinate so joined lines touch the line they join.
                if let nc = nodeCoord[a]?.c, g[0] != nc { g.insert(nc, at: 0) }
                if let nc = nodeCoord[b]?.c, g.last! != nc { g.append(nc) }
                out.append(RawEdge(coords: g, a: a, b: b, level: m[li].level, line: li, lakeId: nil, context: !m[li].inNetworkLevel))
            }
        }
        return out
    }
}
