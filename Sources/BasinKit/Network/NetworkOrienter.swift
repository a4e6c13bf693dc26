import Foundation
import GeoKit

/// Orients, numbers and names the raw edges (steps 5 and 6 of `RiverNetworkBuilder`).
struct Orienter {
    var raw: [RawEdge]
    let outletNode: Int
    let builder: Builder
    var report: NetworkReport { builder.report }

    init(raw: [RawEdge], outletNode: Int, builder: Builder) {
        self.raw = raw; self.outletNode = outletNode; self.builder = builder
    }

    mutating func run() throws -> NetworkBuildResult {
        var report = builder.report
        let geod = Geodesic.wgs84
        var lengths = raw.map { geod.length(of: $0.coords) }

        // Shortest along-river distance from every node to the outlet (Dijkstra; ties by node id).
        var adj: [Int: [(edge: Int, other: Int)]] = [:]
        for (i, e) in raw.enumerated() where !e.context {
            adj[e.a, default: []].append((i, e.b))
            if e.b != e.a { adj[e.b, default: []].append((i, e.a)) }
        }
        guard adj[outletNode] != nil else {
            throw NetworkError.outletNotReached("the outlet point snapped to a node with no network edge")
        }
        var dist: [Int: Double] = [outletNode: 0]
        var parent: [Int: Int] = [:]
        var done = Set<Int>()
        var frontier: Set<Int> = [outletNode]
        while let u = frontier.min(by: { (dist[$0]!, $0) < (dist[$1]!, $1) }) {
            frontier.remove(u); done.insert(u)
            for (e, v) in adj[u] ?? [] where !done.contains(v) {
                let d = dist[u]! + lengths[e]
                if dist[v] == nil || d < dist[v]! { dist[v] = d; parent[v] = e; frontier.insert(v) }
            }
        }

        // Orientation: the upstream node is the one whose shortest path leaves through this edge, else the
        // farther one (an edge closing a loop).
        // A bridge is made-up geometry: keep it only where it carries the basin's water to the outlet.
        let dropped = raw.indices.filter { raw[$0].lakeId != nil && (dist[raw[$0].a] == nil || dist[raw[$0].b] == nil) }
        report.bridges.removeAll { b in dropped.contains { raw[$0].coords == [b.from, b.to] } }
        report.bridgesDropped = dropped.count
        let keep = raw.indices.filter { !dropped.contains($0) }
        lengths = keep.map { lengths[$0] }
        raw = keep.map { raw[$0] }
        let renumber = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($0.element, $0.offset) })
        parent = parent.mapValues { renumber[$0]! }   // dropped bridges are never on a shortest path
        var from = [Int](repeating: 0, count: raw.count), to = from
        var inNet = [Bool](repeating: false, count: raw.count)
        var loops = Set<Int>()
        var coords = raw.map(\.coords)
        for (i, e) in raw.enumerated() {
            from[i] = e.a; to[i] = e.b
            guard !e.context, let da = dist[e.a], let db = dist[e.b] else { continue }
            inNet[i] = true
            let downIsA: Bool
            if parent[e.a] == i { downIsA = false } else if parent[e.b] == i { downIsA = true } else {
                loops.insert(i)
                downIsA = (da, e.a) < (db, e.b)
            }
            if downIsA { from[i] = e.b; to[i] = e.a; coords[i].reverse() }
        }

        // Deterministic numbering: network edges from the outlet upward, then context edges.
        func key(_ i: Int) -> (Double, Double, Double, Double) {
            (dist[to[i]] ?? 0, dist[from[i]] ?? 0, coords[i][0].x, coords[i][0].y)
        }
        let net = raw.indices.filter { inNet[$0] }.sorted { key($0) < key($1) }
        let ctx = raw.indices.filter { !inNet[$0] }.sorted {
            (raw[$0].level, coords[$0][0].x, coords[$0][0].y, coords[$0].count) < (raw[$1].level, coords[$1][0].x, coords[$1][0].y, coords[$1].count)
        }
        let order = net + ctx
        var newId = [Int](repeating: 0, count: raw.count)
        for (k, i) in order.enumerated() { newId[i] = k }
        var nodeId: [Int: Int] = [:]
        for i in order { for n in [to[i], from[i]] where nodeId[n] == nil { nodeId[n] = nodeId.count } }

        var edges: [RiverEdge] = order.enumerated().map { k, i in
            let down: Int? = inNet[i] && to[i] != outletNode ? parent[to[i]].map { newId[$0] } : nil
            return RiverEdge(id: k, name: nil, level: raw[i].level, fromNode: nodeId[from[i]]!, toNode: nodeId[to[i]]!,
                             inNetwork: inNet[i], reach: raw[i].lakeId.map { .reservoir(lakeId: $0) } ?? .river,
                             coordinates: coords[i], lengthM: lengths[i], downstreamEdge: down, note: nil)
        }
        report.loopEdges = loops.map { newId[$0] }.sorted()
        let lineOf = order.map { raw[$0].line }

        try NameFill.apply(&edges, lineOf: lineOf, options: builder.o, projection: builder.projection,
                           context: builder.context, report: &report)
        Orienter.annotateOutside(&edges, options: builder.o, report: &report)

        let netEdges = edges.filter(\.inNetwork)
        report.networkEdges = netEdges.count
        report.networkLengthM = netEdges.reduce(0) { $0 + $1.lengthM }
        report.namedLengthsM = [:]
        for e in edges where e.reach == .river { if let n = e.name { report.namedLengthsM[n, default: 0] += e.lengthM } }
        return NetworkBuildResult(edges: edges, report: report)
    }

    /// Groups the edges outside the network by connectivity and says why each group is outside.
    static func annotateOutside(_ edges: inout [RiverEdge], options o: NetworkOptions, report: inout NetworkReport) {
        var uf = UnionFind()
        var slot: [Int: Int] = [:]
        func s(_ n: Int) -> Int { if let x = slot[n] { return x }; let x = uf.add(); slot[n] = x; return x }
        for e in edges where !e.inNetwork { uf.union(s(e.fromNode), s(e.toNode)) }
        var groups: [Int: [Int]] = [:]
        for e in edges where !e.inNetwork { groups[uf.find(s(e.fromNode)), default: []].append(e.id) }
        for ids in groups.values.sorted(by: { $0[0] < $1[0] }) {
            let names = Set(ids.compactMap { edges[$0].name }).sorted()
            let levels = Set(ids.map { edges[$0].level }).sorted()
            var reason: String
            if levels.allSatisfy({ o.excludedLevels.contains($0) }) {
                reason = "level \(levels.map(String.init).joined(separator: ",")) excluded from the drainage network (canals are artificial and would join basins)"
            } else {
                reason = "not connected to the outlet"
                let notes = names.compactMap { o.contextNotes[$0] }
                if !notes.isEmpty { reason += ": " + notes.joined(separator: "; ") }
            }
            for i in ids { edges[i].note = reason }
            report.outside.append(NetworkOutside(edgeIds: ids, name: names.isEmpty ? nil : names.joined(separator: " / "), levels: levels,
                                                 lengthM: ids.reduce(0) { $0 + edges[$1].lengthM }, reason: reason))
        }
        report.outside.sort { ($0.lengthM, $1.edgeIds[0]) > ($1.lengthM, $0.edgeIds[0]) }
    }
}

/// Names edges from points known to lie on named rivers.
///
/// Rule (network edges, which are oriented):
/// 1. The edge nearest each named point takes its name; two names on one edge are an error (add a split point).
/// 2. Downstream, children before parents: an unnamed edge takes the name of its named upstream edges when
///    they carry one name. Where two differently named rivers meet, the edge below takes the name of the
///    first point-named edge further downstream (two headwaters forming a differently named river), else the name
///    of the upstream river with the larger upstream network length.
/// 3. Upstream, parents before children: a named edge passes its name to its unnamed upstream edge with the
///    largest upstream network length (the main stem), up to the source.
/// Edges outside the network carry a name only on the merged source line the point lies on (no direction).
enum NameFill {
    static func apply(_ edges: inout [RiverEdge], lineOf: [Int?], options o: NetworkOptions, projection: Projection,
                      context: GEOSContext, report: inout NetworkReport) throws {
        let geod = Geodesic.wgs84
        // Bridges are not candidates: a point in a lake names the river, not the straight bridge.
        let candidates = edges.indices.filter { edges[$0].reach == .river }
        let index = try LineIndex(lines: try candidates.map { try projection.forward(edges[$0].coordinates) }, context: context)
        var pointName: [Int: String] = [:]
        report.namedPoints = []
        for np in o.namedPoints {
            guard let n = try index.nearest(to: try projection.forward(np.coordinate)) else { continue }
            let e = candidates[n.line]
            let d = geod.distance(np.coordinate, try projection.inverse(n.point))
            guard d <= o.namedPointToleranceM else {
                report.namedPoints.append(NamedPointSnap(name: np.name, point: np.coordinate, edge: nil, distanceM: d)); continue
            }
            report.namedPoints.append(NamedPointSnap(name: np.name, point: np.coordinate, edge: e, distanceM: d))
            if let other = pointName[e], other != np.name {
                throw NetworkError.namedPointConflict("\(other) and \(np.name) points both lie on edge \(e); add a split point between them")
            }
            pointName[e] = np.name
        }
        for (e, n) in pointName { edges[e].name = n }

        // Tree structure and upstream network length.
        var children = [[Int]](repeating: [], count: edges.count)
        for e in edges where e.inNetwork { if let d = e.downstreamEdge { children[d].append(e.id) } }
        // Network edges are numbered by distance to the outlet, so higher ids are never downstream of lower ones.
        let net = edges.indices.filter { edges[$0].inNetwork }
        var upLen = edges.map(\.lengthM)
        for e in net.reversed() { for c in children[e] { upLen[e] += upLen[c] } }
        func mainChild(_ e: Int, _ among: [Int]) -> Int? { among.max { (upLen[$0], -$0) < (upLen[$1], -$1) } }

        for e in net.reversed() where edges[e].name == nil {
            let named = children[e].filter { edges[$0].name != nil }
            let names = Set(named.map { edges[$0].name! })
            if names.count == 1 { edges[e].name = names.first }
            else if names.count > 1 {
                var d = edges[e].downstreamEdge
                while let x = d, pointName[x] == nil { d = edges[x].downstreamEdge }
                edges[e].name = d.flatMap { pointName[$0] } ?? edges[mainChild(e, named)!].name
            }
        }
        for e in net where edges[e].name != nil {
            if let c = mainChild(e, children[e]), edges[c].name == nil { edges[c].name = edges[e].name }
        }
        // Context rivers: the whole merged line under the point.
        for (e, n) in pointName.sorted(by: { $0.key < $1.key }) where !edges[e].inNetwork {
            guard let line = lineOf[e] else { continue }
            for i in edges.indices where !edges[i].inNetwork && lineOf[i] == line && edges[i].name == nil { edges[i].name = n }
        }
    }
}
