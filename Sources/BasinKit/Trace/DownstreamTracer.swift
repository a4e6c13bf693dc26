import Foundation
import GeoKit

/// A stretch of the downstream path inside one country (1 code) or along a border (2 codes, ascending).
public struct TraceStretch: Sendable, Equatable {
    public var countries: [String]
    public var fromKm: Double
    public var toKm: Double
    public var fromHours: Double
    public var toHours: Double
}

/// Where the water first reaches another country: the start of a border reach, or the border itself.
public struct BorderCrossing: Sendable, Equatable {
    public var from: String
    public var to: String
    public var km: Double
    public var hours: Double
    public var point: Coordinate
}

/// A stretch where the river itself forms the border between two countries.
public struct BorderReach: Sendable, Equatable {
    public var countries: [String]
    public var fromKm: Double
    public var toKm: Double
    public var fromHours: Double
    public var toHours: Double
}

public struct DownstreamTrace: Sendable {
    public var entry: Coordinate
    /// Countries in the order the water reaches them (consecutive repeats removed).
    public var countries: [String]
    public var stretches: [TraceStretch]
    public var crossings: [BorderCrossing]
    public var borderReaches: [BorderReach]
    /// Along-river distance and plug-flow travel time from the entry to the basin outlet.
    public var outletKm: Double
    public var outletHours: Double
    public var riverVelocityMS: Double
    public var reservoirVelocityMS: Double
    /// The path, lon/lat, downstream from the entry (empty unless asked for), and km at each vertex.
    public var path: [Coordinate]
    public var pathKm: [Double]
}

public enum TraceError: Error, CustomStringConvertible, Equatable {
    case invalidInput(String)
    public var description: String { switch self { case .invalidInput(let m): "downstream trace: \(m)" } }
}

/// Follows the river network downstream from a point, telling which countries the water passes, where it
/// crosses or runs along a border, and when it gets there at screening velocities (plug flow: river reaches
/// at `riverMS`, reservoir crossings at `reservoirMS`).
///
/// Each network edge is classified once, at construction: sample points every `sampleSpacingM` are
/// labelled "border reach X/Y" when a border line between X and Y is within `borderToleranceM`, else by
/// the country polygon containing them. A trace then only concatenates labelled runs and cleans them up:
/// runs shorter than `minStretchM` are absorbed by their neighbours (the river and border layers come
/// from different sources, so they touch and part in small wiggles that are not real crossings).
/// Points outside every country polygon take the previous run's label (assumption: a gap in the country
/// layer, e.g. a dried lake bed, is not a country change).
///
/// Holds a GEOS context and a PROJ transformer: not Sendable, make one per task.
public final class DownstreamTracer {
    public let edges: [RiverEdge]
    public let riverMS: Double
    public let reservoirMS: Double
    public let borderToleranceM: Double
    public let minStretchM: Double
    let cum: [[Double]]                                   // geodesic metres at each vertex, per edge
    let runs: [[(label: [String], from: Double, to: Double)]]
    let netIds: [Int]
    let index: GeodesicLineIndex
    let context: GEOSContext
    let projection: Projection

    /// - Parameters:
    ///   - borderToleranceM: 1,500 m by default. The river (WDBII) and the country polygons (DCW) are
    ///     different digitisations: WDBII and DCW borders lie a median 0.9 km apart (basin-data.md), so a
    ///     river forming the border sits about that far from the DCW line; 1.5 km takes the median with
    ///     margin while a river 2 km inside a country is not called a border river.
    ///   - minStretchM: 5,000 m by default: ten times the median vertex spacing of the rivers (0.58 km) and
    ///     several times the mismatch above, so only data wiggles, not real reaches, are absorbed.
    public init(basin: Basin, projectionDefinition: String? = nil, borderToleranceM: Double = 1_500, minStretchM: Double = 5_000,
                sampleSpacingM: Double = 250) throws {
        let v = basin.metadata.velocities
        guard v.riverMS > 0, v.reservoirMS > 0 else {
            throw TraceError.invalidInput("flow velocities must be positive (river \(v.riverMS) m/s, reservoir \(v.reservoirMS) m/s)")
        }
        guard sampleSpacingM > 0, borderToleranceM >= 0, minStretchM >= 0 else {
            throw TraceError.invalidInput("tolerances must be non-negative and the sample spacing positive")
        }
        edges = basin.rivers
        for (i, e) in edges.enumerated() where e.id != i {
            throw TraceError.invalidInput("river edge at position \(i) has id \(e.id): ids must equal positions")
        }
        riverMS = v.riverMS; reservoirMS = v.reservoirMS
        self.borderToleranceM = borderToleranceM; self.minStretchM = minStretchM
        let ctx = GEOSContext()
        let proj = try Projection(from: "EPSG:4326", to: projectionDefinition ?? basin.metadata.projection)
        context = ctx; projection = proj
        let geod = Geodesic.wgs84

        let borderIndex = try LineIndex(lines: try basin.borders.map { try proj.forward($0.coordinates) }, context: ctx)
        var polys: [(iso: String, env: Envelope, geom: PreparedGeometry)] = []
        for c in basin.countries.sorted(by: { $0.iso < $1.iso }) {
            for p in c.polygons {
                guard let env = Envelope(of: p.exterior) else { continue }
                polys.append((c.iso, env, try ctx.make(.polygon(p)).prepared()))
            }
        }
        let tol = borderToleranceM
        func label(_ p: Coordinate) throws -> [String] {
            if let n = try borderIndex.nearest(to: try proj.forward(p)), n.distance <= tol {
                return basin.borders[n.line].countries.sorted()
            }
            // PreparedGeometry.covers(Coordinate) passes a temporary point's handle that ARC may free
            // before GEOS reads it; hold the point here and use contains.
            let pg = try ctx.make(.point(p))
            for c in polys where c.env.contains(p) { if try c.geom.contains(pg) { return [c.iso] } }
            return []
        }

        var cums: [[Double]] = [], allRuns: [[(label: [String], from: Double, to: Double)]] = []
        for e in edges {
            var c = [0.0]
            for k in 1..<max(e.coordinates.count, 1) { c.append(c[k - 1] + geod.distance(e.coordinates[k - 1], e.coordinates[k])) }
            cums.append(c)
            var r: [(label: [String], from: Double, to: Double)] = []
            if e.inNetwork {
                for k in 0..<(e.coordinates.count - 1) {
                    let a = e.coordinates[k], b = e.coordinates[k + 1], len = c[k + 1] - c[k]
                    let n = max(1, Int((len / sampleSpacingM).rounded(.up)))
                    for s in 0..<n {
                        let t = (Double(s) + 0.5) / Double(n)   // classify the middle of each piece
                        let l = try label(Coordinate(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
                        let from = c[k] + len * Double(s) / Double(n), to = c[k] + len * Double(s + 1) / Double(n)
                        if let last = r.last, last.label == l { r[r.count - 1].to = to } else { r.append((l, from, to)) }
                    }
                }
            }
            allRuns.append(r)
        }
        cum = cums; runs = allRuns
        let net = basin.rivers.filter(\.inNetwork)
        netIds = net.map(\.id)
        index = try GeodesicLineIndex(lines: net.map(\.coordinates), projection: proj, context: ctx)
    }

    /// The edge below `e`, or nil at the end of the network. The loader rejects cycles and dangling
    /// references (NetworkValidator); this is the second guard, for a tracer made from unchecked edges:
    /// a walk longer than the number of edges must have come round again, so it stops with the reason.
    func next(after e: Int, from start: Int, steps: inout Int) throws -> Int? {
        guard let d = edges[e].downstreamEdge else { return nil }
        steps += 1
        guard edges.indices.contains(d) else {
            throw TraceError.invalidInput("rivers.geojson: edge \(e): downstream_edge \(d) does not exist")
        }
        guard steps <= edges.count else {
            throw TraceError.invalidInput("rivers.geojson: the network loops: going downstream from edge \(start), edge \(d) comes round again after \(edges.count) edges (downstream_edge forms a cycle)")
        }
        return d
    }

    func velocity(_ e: RiverEdge) -> Double { e.reach == .river ? riverMS : reservoirMS }

    func point(edge e: Int, at offset: Double) -> Coordinate {
        let cs = edges[e].coordinates, c = cum[e]
        guard offset > 0 else { return cs[0] }
        guard offset < c.last! else { return cs.last! }
        var k = 0
        while c[k + 1] < offset { k += 1 }
        let t = c[k + 1] > c[k] ? (offset - c[k]) / (c[k + 1] - c[k]) : 0
        return Coordinate(x: cs[k].x + (cs[k + 1].x - cs[k].x) * t, y: cs[k].y + (cs[k + 1].y - cs[k].y) * t)
    }

    /// The nearest network edge to a lon/lat point: edge id, distance along it from its upstream end,
    /// distance from the point (geodesic metres) and the point on the edge. Nil beyond `maxDistanceM`.
    public func locate(_ lonlat: Coordinate, maxDistanceM: Double) throws -> (edge: Int, offsetM: Double, distanceM: Double, point: Coordinate)? {
        guard let n = try index.nearest(to: lonlat), n.distance <= maxDistanceM else { return nil }
        let e = netIds[n.line]
        let cs = edges[e].coordinates
        return (e, cum[e][n.segment] + Geodesic.wgs84.distance(cs[n.segment], n.point), n.distance, n.point)
    }

    /// Follows the network from `offsetM` metres below the upstream end of `edge` to the outlet, or for
    /// `maxKm` when given.
    public func trace(edge: Int, offsetM: Double, maxKm: Double? = nil, includePath: Bool) throws -> DownstreamTrace {
        guard edges.indices.contains(edge), edges[edge].inNetwork else {
            throw TraceError.invalidInput("edge \(edge) is not an edge of the river network")
        }
        let start = min(max(offsetM, 0), cum[edge].last!)
        let limitM = maxKm.map { $0 * 1000 } ?? .infinity
        var raw: [(label: [String], from: Double, to: Double, fromH: Double, toH: Double)] = []
        var path: [Coordinate] = [], pathKm: [Double] = []
        var km0 = 0.0, h0 = 0.0   // metres and hours at the current edge's `lo`
        var cur: Int? = edge, lo = start
        var outletM = 0.0, outletH = 0.0
        var steps = 0
        while let e = cur {
            let v = velocity(edges[e]), len = cum[e].last!
            // Runs of this edge from `lo`.
            for r in runs[e] where r.to > lo {
                let f = max(r.from, lo)
                let a = km0 + (f - lo), b = km0 + (r.to - lo)
                if a >= limitM { break }
                let bb = min(b, limitM)
                raw.append((r.label, a, bb, h0 + (a - km0) / v / 3600, h0 + (bb - km0) / v / 3600))
            }
            if includePath && km0 < limitM {
                let cs = edges[e].coordinates, c = cum[e]
                if path.isEmpty { path.append(point(edge: e, at: lo)); pathKm.append(0) }
                for k in c.indices where c[k] > lo {
                    let m = km0 + c[k] - lo
                    if m > limitM {
                        // The cut point can fall on the last vertex kept: never repeat a vertex.
                        let end = point(edge: e, at: lo + limitM - km0)
                        if end != path.last { path.append(end); pathKm.append(limitM / 1000) }
                        break
                    }
                    if cs[k] != path.last { path.append(cs[k]); pathKm.append(m / 1000) }
                }
            }
            h0 += (len - lo) / v / 3600
            km0 += len - lo
            outletM = km0; outletH = h0
            cur = try next(after: e, from: edge, steps: &steps); lo = 0
        }
        // Outside every polygon: take the previous label (or the next, at the start).
        for i in raw.indices where raw[i].label.isEmpty {
            if i > 0 { raw[i].label = raw[i - 1].label }
        }
        if let firstKnown = raw.first(where: { !$0.label.isEmpty })?.label {
            for i in raw.indices where raw[i].label.isEmpty { raw[i].label = firstKnown }
        }
        var runs = Self.mergeEqual(raw)
        // Absorb short runs (never the first: it is where the spill enters), shortest first.
        while runs.count > 1 {
            var pick: Int? = nil
            for i in 1..<runs.count where runs[i].to - runs[i].from < minStretchM {
                if pick == nil || runs[i].to - runs[i].from < runs[pick!].to - runs[pick!].from { pick = i }
            }
            guard let i = pick else { break }
            let prev = runs[i - 1].label, next: [String]? = i + 1 < runs.count ? runs[i + 1].label : nil
            let me = runs[i].label
            // Prefer the neighbour that contains this run's country (a border reach around its wiggles),
            // then the one this run is part of, then the previous one.
            let target: [String]
            if let n = next, n == prev { target = prev }
            else if Set(prev).isSuperset(of: me) { target = prev }
            else if let n = next, Set(n).isSuperset(of: me) { target = n }
            else if Set(me).isSuperset(of: prev) { target = prev }
            else if let n = next, Set(me).isSuperset(of: n) { target = n }
            else { target = prev }
            runs[i].label = target
            runs = Self.mergeEqual(runs)
        }

        var stretches: [TraceStretch] = [], reaches: [BorderReach] = [], crossings: [BorderCrossing] = []
        var countries: [String] = []
        var current: String? = nil
        var prev: [String] = []
        for r in runs {
            stretches.append(TraceStretch(countries: r.label, fromKm: r.from / 1000, toKm: r.to / 1000, fromHours: r.fromH, toHours: r.toH))
            if r.label.count == 2 {
                reaches.append(BorderReach(countries: r.label, fromKm: r.from / 1000, toKm: r.to / 1000, fromHours: r.fromH, toHours: r.toH))
            }
            if current == nil { current = r.label.first; countries.append(contentsOf: r.label) }
            // The water reaches a country when it first enters its territory or a border reach it shares;
            // leaving a border reach into one of its two countries is no new crossing.
            for c in r.label where c != current && !prev.contains(c) {
                crossings.append(BorderCrossing(from: current!, to: c, km: r.from / 1000, hours: r.fromH,
                                                point: pointAlong(path: (edge, start), metres: r.from)))
                countries.append(c)
                if r.label.count == 1 { current = c }
            }
            if r.label.count == 1, r.label[0] != current { current = r.label[0]; countries.append(r.label[0]) }
            if r.label.count == 2, let c = current, r.label.contains(c) {
                // Inside a border reach the water has reached the other country: it is now the current one.
                current = r.label.first { $0 != c }
            }
            prev = r.label
        }
        var dedup: [String] = []
        for c in countries where dedup.last != c { dedup.append(c) }
        return DownstreamTrace(entry: point(edge: edge, at: start), countries: dedup, stretches: stretches, crossings: crossings,
                               borderReaches: reaches, outletKm: outletM / 1000, outletHours: outletH,
                               riverVelocityMS: riverMS, reservoirVelocityMS: reservoirMS, path: path, pathKm: pathKm)
    }

    /// The point `metres` downstream of (edge, offset).
    func pointAlong(path start: (Int, Double), metres: Double) -> Coordinate {
        var e: Int? = start.0, lo = start.1, left = metres, steps = 0
        while let x = e {
            let len = cum[x].last! - lo
            // trace(), the only caller, has walked this path without a loop; stop at the same place anyway.
            guard let d = try? next(after: x, from: start.0, steps: &steps), left > len else { return point(edge: x, at: lo + min(left, len)) }
            left -= len; e = d; lo = 0
        }
        return edges[start.0].coordinates.last!
    }

    /// Along-river metres from one network position down to another, nil when the second is not downstream.
    public func distanceDownstream(from a: (edge: Int, offsetM: Double), to b: (edge: Int, offsetM: Double)) -> Double? {
        var e: Int? = a.edge, lo = a.offsetM, s = 0.0, steps = 0
        while let x = e {
            if x == b.edge { return b.offsetM >= lo ? s + b.offsetM - lo : nil }
            s += cum[x].last! - lo
            // A loop (possible only in unchecked edges) never reaches b: not downstream.
            guard let d = try? next(after: x, from: a.edge, steps: &steps) else { return nil }
            e = d; lo = 0
        }
        return nil
    }

    static func mergeEqual(_ rs: [(label: [String], from: Double, to: Double, fromH: Double, toH: Double)])
        -> [(label: [String], from: Double, to: Double, fromH: Double, toH: Double)] {
        var out: [(label: [String], from: Double, to: Double, fromH: Double, toH: Double)] = []
        for r in rs {
            if let l = out.last, l.label == r.label { out[out.count - 1].to = r.to; out[out.count - 1].toH = r.toH } else { out.append(r) }
        }
        return out
    }
}
