import Foundation
import GeoKit
import BasinKit

/// Whether an accident at a site could have effects in another country: `yes` when a rule fired, `no`
/// only when the spill path was followed to the basin outlet inside one country and no rule fired,
/// `unknown` whenever the analysis could not settle it (the reason says why).
public enum TransboundaryState: String, Sendable, Equatable, CaseIterable {
    case yes, no, unknown
}

extension Analyzer {
    /// The state and, for `no` and `unknown`, the reason with its figures (nil for `yes`: the flags say why).
    func transboundaryState(country: CountryFinding, river: RiverFinding?, border: BorderFinding?, entry: EntryFinding?,
                            trace: DownstreamTrace?, first: TransboundaryPoint?, flags: [FlagFinding]) -> (TransboundaryState, String?) {
        if !flags.isEmpty { return (.yes, nil) }
        guard let origin = country.iso else { return (.unknown, "no country polygon in the basin data: the origin country is unknown") }
        if !country.inside {
            return (.unknown, "outside every country polygon (nearest country \(origin) at \(km(country.distanceM)) km): the origin country is unknown")
        }
        guard let e = entry else { return (.unknown, "the basin has no mapped river network to trace a spill along") }
        if !e.withinEntryDistance {
            var why = "nearest mapped basin river \(e.riverName.map { "(\($0)) " } ?? "")\(km(e.distanceM)) km away, over the \(km(parameters.entryMaxDistanceM)) km entry limit: not traced"
            if let r = river, !r.inNetwork, r.distanceM < e.distanceM {
                why += "; the nearest river of any kind\(r.name.map { ", \($0)," } ?? "") is \(km(r.distanceM)) km away and not part of the basin network (the site may drain to another basin)"
            }
            return (.unknown, why)
        }
        guard let t = trace else { return (.unknown, "the downstream trace could not be made") }
        if first != nil {
            // A border lies downstream, but the water-path rule did not fire: the site is too far from the river for it.
            return (.unknown, "the path downstream leaves \(origin), but the site is \(km(e.distanceM)) km from the river, over the \(km(parameters.waterPathMaxDistanceM)) km water-path limit")
        }
        if let limit = parameters.traceMaxKm, t.outletKm >= limit - 1e-6 {
            return (.unknown, "the trace stopped at the \(NumberFormat.fixed(limit, decimals: 1)) km trace limit before the outlet, still in \(origin)")
        }
        guard let end = index.terminalEdge(of: e.edge) else {
            return (.unknown, "the trace stopped: the network downstream of edge \(e.edge) loops back on itself")
        }
        if !index.outletEdges.contains(end) {
            let last = basin.rivers[index.edgePosition[end]!].coordinates.last!
            let gap = Geodesic.wgs84.distance(last, basin.metadata.outlet)
            return (.unknown, "the trace stopped after \(NumberFormat.fixed(t.outletKm, decimals: 1)) km at the end of river edge \(end) (\(NumberFormat.fixed(last.lat, decimals: 3)) N \(NumberFormat.fixed(last.lon, decimals: 3)) E), \(km(gap)) km from the outlet: the mapped network does not reach the outlet from there")
        }
        let b = border.map { "; nearest border \(km($0.distanceM)) km away (over the \(km(parameters.borderProximityM)) km proximity limit)" } ?? ""
        return (.no, "traced \(NumberFormat.fixed(t.outletKm, decimals: 1)) km to the outlet (\(basin.metadata.outletName)) without leaving \(origin)\(b)")
    }
}

extension BasinIndex {
    /// For each network edge (by position), the edge where following `downstreamEdge` ends; nil when the
    /// walk meets an edge twice (a cycle in broken data). Linear: each edge is resolved once.
    static func terminalEdges(_ rivers: [RiverEdge], position: [Int: Int]) -> [Int?] {
        var end = [Int?](repeating: nil, count: rivers.count)
        var state = [UInt8](repeating: 0, count: rivers.count)   // 0 new, 1 on the current walk, 2 resolved
        for start in rivers.indices where rivers[start].inNetwork && state[start] == 0 {
            var walk: [Int] = []
            var p: Int? = start
            var result: Int? = nil
            while let q = p {
                if state[q] == 2 { result = end[q]; break }
                if state[q] == 1 { result = nil; break }
                state[q] = 1
                walk.append(q)
                guard let next = rivers[q].downstreamEdge, let np = position[next] else { result = rivers[q].id; break }
                p = np
            }
            for q in walk { end[q] = result; state[q] = 2 }
        }
        return end
    }

    /// Network edges that end at the basin outlet: the terminal edge nearest the outlet point, and any other
    /// terminal edge ending as close (within 1 m of that distance).
    static func outletEdges(_ rivers: [RiverEdge], terminal: [Int?], outlet: Coordinate) -> Set<Int> {
        var best = Double.infinity
        var ends: [(Int, Double)] = []
        for (i, e) in rivers.enumerated() where e.inNetwork && e.downstreamEdge == nil && terminal[i] == e.id {
            guard let last = e.coordinates.last else { continue }
            let d = Geodesic.wgs84.distance(last, outlet)
            ends.append((e.id, d))
            best = min(best, d)
        }
        return Set(ends.filter { $0.1 <= best + 1 }.map(\.0))
    }

    func terminalEdge(of edgeId: Int) -> Int? {
        guard let p = edgePosition[edgeId] else { return nil }
        return terminal[p]
    }
}
