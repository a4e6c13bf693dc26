import Foundation
import GeoKit

/// One problem of a river network, named by edge id (= feature index of rivers.geojson) and position.
public struct NetworkIssue: Sendable, Equatable {
    public enum Kind: String, Sendable {
        // Errors: a trace would loop, index nothing, or have nowhere to go.
        case badId = "bad_id"
        case danglingReference = "dangling_reference"
        case cycle
        case outletNotOnNetwork = "outlet_not_on_network"
        // Warnings: traces run, but their figures may be wrong.
        case disconnected
        case reversed
        case gap
        case zeroLength = "zero_length"
    }
    public var kind: Kind
    public var edge: Int
    public var field: String
    public var position: Coordinate
    public var message: String

    public var isError: Bool {
        switch kind {
        case .badId, .danglingReference, .cycle, .outletNotOnNetwork: true
        case .disconnected, .reversed, .gap, .zeroLength: false
        }
    }

    /// "rivers.geojson: feature 7: 'downstream_edge': edge 7 at 68.1,40.2 (lon,lat): ..."
    public var text: String { loadError.description }

    public var loadError: BasinLoadError {
        BasinLoadError(file: NetworkValidator.file, feature: edge, field: field, "edge \(edge) at \(NetworkValidator.at(position)): \(message)")
    }
}

/// Checks the river network as read from rivers.geojson, for every command that loads a basin. The
/// tracer follows `downstream_edge` and measures along the coordinates, so the checks are the ones whose
/// failure would make it loop or index nothing (errors) or give figures that look plausible but are not
/// (warnings). Linear in the number of edges.
public enum NetworkValidator {
    static let file = "rivers.geojson"
    /// Two edges meet when the upstream one's last vertex lies this close to the downstream one's first.
    /// The network build writes shared vertices exactly; 10 m leaves room for hand edits rounded to
    /// 4 decimals (about 5 m) while an edge moved by a fraction of a kilometre is still caught.
    public static let junctionToleranceM = 10.0
    /// The outlet in basin.json may lie this far from the network's downstream end: the network build's
    /// default `outlet_tolerance_m` (network.json), so any basin the build accepts passes here.
    public static let outletToleranceM = 5_000.0

    static func at(_ c: Coordinate) -> String { "\(NumberFormat.json(GeoJSON.round(c.lon, 6))),\(NumberFormat.json(GeoJSON.round(c.lat, 6))) (lon,lat)" }
    static func km(_ m: Double) -> String { NumberFormat.fixed(m / 1000, decimals: m < 10_000 ? 3 : 1) + " km" }

    public static func issues(_ edges: [RiverEdge], outlet: Coordinate, lakeIds: Set<Int>) -> [NetworkIssue] {
        let geod = Geodesic.wgs84
        var out: [NetworkIssue] = []
        func issue(_ k: NetworkIssue.Kind, _ e: Int, _ field: String, _ p: Coordinate, _ m: String) {
            out.append(NetworkIssue(kind: k, edge: e, field: field, position: p, message: m))
        }
        guard !edges.isEmpty else { return [] }   // the loader reports an empty layer itself
        let n = edges.count

        // References. Ids are positions: downstream_edge names an id and the tracer indexes by position.
        for (i, e) in edges.enumerated() where e.id != i {
            issue(.badId, i, "id", e.coordinates[0], "id \(e.id) at position \(i): expected \(i) (ids run 0, 1, 2, ... in file order, as the network build writes them)")
        }
        if !out.isEmpty { return out }
        for e in edges {
            if case .reservoir(let lake) = e.reach, !lakeIds.contains(lake) {
                issue(.danglingReference, e.id, "lake_id", e.coordinates.last!, "lake \(lake) is not in lakes.geojson")
            }
            if let d = e.downstreamEdge, !(d >= 0 && d < n) {
                issue(.danglingReference, e.id, "downstream_edge", e.coordinates.last!, "edge \(d) does not exist in rivers.geojson (ids 0-\(n - 1))")
            }
        }
        if out.contains(where: { $0.field == "downstream_edge" }) { return out }

        // Cycles: each edge has at most one successor, so one walk per edge with three colours is linear.
        var state = [UInt8](repeating: 0, count: n)   // 0 new, 1 on the current walk, 2 done
        for s in 0..<n where state[s] == 0 {
            var walk: [Int] = []
            var cur: Int? = s
            while let c = cur, state[c] == 0 { state[c] = 1; walk.append(c); cur = edges[c].downstreamEdge }
            if let c = cur, state[c] == 1 {
                let loop = Array(walk[walk.firstIndex(of: c)!...])
                let first = loop.min()!
                let shown = loop.count > 12 ? loop.prefix(12).map(String.init).joined(separator: " -> ") + " -> ..." : loop.map(String.init).joined(separator: " -> ")
                issue(.cycle, first, "downstream_edge", edges[first].coordinates.last!,
                      loop.count == 1 ? "downstream_edge \(first) is the edge itself: water would flow round forever"
                                      : "downstream_edge forms a cycle of \(loop.count) edges (\(shown) -> \(c)): water would flow round forever")
            }
            for w in walk { state[w] = 2 }
        }

        // The node ids must tell the same story as downstream_edge.
        for e in edges {
            guard let d = e.downstreamEdge, d != e.id else { continue }
            let end = e.coordinates.last!, f = edges[d]
            if f.fromNode != e.toNode {
                issue(.danglingReference, e.id, "to_node", end, "to_node \(e.toNode) is not the from_node \(f.fromNode) of its downstream_edge \(d): the node ids and downstream_edge disagree")
            }
            if f.inNetwork != e.inNetwork {
                issue(.danglingReference, e.id, "downstream_edge", end, "in_network is \(e.inNetwork) but its downstream_edge \(d) has in_network \(f.inNetwork): an edge and the edge it flows into are both in the network or both outside it")
            }
        }
        if !out.isEmpty { return out }

        // The end of each network edge's path (memoised: linear).
        var terminal = [Int](repeating: -1, count: n)
        for s in 0..<n where edges[s].inNetwork && terminal[s] < 0 {
            var walk: [Int] = [], cur = s
            while terminal[cur] < 0, let d = edges[cur].downstreamEdge { walk.append(cur); cur = d }
            let t = terminal[cur] >= 0 ? terminal[cur] : cur
            terminal[cur] = t
            for w in walk { terminal[w] = t }
        }
        let ends = (0..<n).filter { edges[$0].inNetwork && edges[$0].downstreamEdge == nil }
        guard !ends.isEmpty else {
            issue(.outletNotOnNetwork, 0, "in_network", edges[0].coordinates[0], "no edge has in_network true: the basin has no network to trace")
            return out
        }
        // The outlet edge: the terminal edge whose last vertex is nearest the outlet (or, reversed, its first).
        let byLast = ends.map { (e: $0, d: geod.distance(edges[$0].coordinates.last!, outlet)) }.min { ($0.d, $0.e) < ($1.d, $1.e) }!
        let byFirst = ends.map { (e: $0, d: geod.distance(edges[$0].coordinates[0], outlet)) }.min { ($0.d, $0.e) < ($1.d, $1.e) }!
        let outletEdge: Int
        var outletReversed = false
        if byLast.d <= outletToleranceM { outletEdge = byLast.e }
        else if byFirst.d <= outletToleranceM { outletEdge = byFirst.e; outletReversed = true }
        else {
            issue(.outletNotOnNetwork, byLast.e, "downstream_edge", edges[byLast.e].coordinates.last!,
                  "the outlet in basin.json (\(at(outlet))) is not at a downstream end of the network: the nearest end, this edge's, is \(km(byLast.d)) away (tolerance \(km(outletToleranceM))); move the outlet or fix the network")
            return out
        }

        // Junctions: the upstream edge's last vertex should be the downstream edge's first.
        var bad: [(up: Int, down: Int)] = []
        for e in edges {
            guard let d = e.downstreamEdge else { continue }
            if geod.distance(e.coordinates.last!, edges[d].coordinates[0]) > junctionToleranceM { bad.append((e.id, d)) }
        }
        // An edge whose every junction fits when its coordinates are turned round is reversed.
        var upstream: [Int: [Int]] = [:]
        for e in edges { if let d = e.downstreamEdge { upstream[d, default: []].append(e.id) } }
        func fitsReversed(_ x: Int) -> Bool {
            let cs = edges[x].coordinates
            if let d = edges[x].downstreamEdge, geod.distance(cs[0], edges[d].coordinates[0]) > junctionToleranceM { return false }
            if x == outletEdge, geod.distance(cs[0], outlet) > outletToleranceM { return false }
            for u in upstream[x] ?? [] where geod.distance(edges[u].coordinates.last!, cs.last!) > junctionToleranceM { return false }
            return true
        }
        var reversed = Set<Int>()
        // The outlet edge that starts at the outlet is reversed whatever its other end does.
        for x in Set(bad.flatMap { [$0.up, $0.down] } + (outletReversed ? [outletEdge] : [])).sorted()
        where fitsReversed(x) || (outletReversed && x == outletEdge) {
            reversed.insert(x)
            issue(.reversed, x, "geometry", edges[x].coordinates[0],
                  "coordinates run upstream: the first vertex is where the edge should end (from_node \(edges[x].fromNode) -> to_node \(edges[x].toNode) against the geometry); distances along it are measured from the wrong end")
        }
        for b in bad where !reversed.contains(b.up) && !reversed.contains(b.down) {
            let p = edges[b.up].coordinates.last!, q = edges[b.down].coordinates[0]
            issue(.gap, b.up, "geometry", p, "the last vertex does not meet its downstream_edge \(b.down), which starts at \(at(q)), \(km(geod.distance(p, q))) away (a moved or reversed edge); the trace jumps the gap")
        }

        // Network ends other than the outlet: everything upstream of them never reaches the outlet.
        var drained: [Int: Int] = [:]
        for i in 0..<n where edges[i].inNetwork { drained[terminal[i], default: 0] += 1 }
        for t in ends where t != outletEdge {
            let p = edges[t].coordinates.last!
            var hint = ""
            if let next = edges.first(where: { $0.inNetwork && $0.fromNode == edges[t].toNode && $0.id != t }) { hint = "; edge \(next.id) starts at its to_node \(edges[t].toNode), so downstream_edge is probably missing" }
            issue(.disconnected, t, "downstream_edge", p,
                  "downstream_edge is null but this is not the outlet edge (\(km(geod.distance(p, outlet))) from the outlet): the paths of \(drained[t] ?? 1) network edge(s) end here, so their traces stop short of the outlet\(hint)")
        }

        for e in edges where e.lengthM < 0.05 || geod.length(of: e.coordinates) < 0.05 {
            issue(.zeroLength, e.id, "geometry", e.coordinates[0], "zero length (length_m \(NumberFormat.json(e.lengthM)), \(e.coordinates.count) positions): a degenerate line")
        }
        return out
    }
}
