import Foundation

/// A network edge as the hydrology needs it: plain values, so this module stays free of geometry.
public struct HydroEdge: Sendable, Equatable {
    public var id: Int
    public var lengthM: Double
    public var downstream: Int?
    public init(id: Int, lengthM: Double, downstream: Int?) { self.id = id; self.lengthM = lengthM; self.downstream = downstream }
}

/// A gauge placed on the network: edge and metres below the edge's upstream end.
public struct PlacedGauge: Sendable, Equatable {
    public var name: String
    public var edge: Int
    public var offsetM: Double
    public var qaM3s: Double
    public init(name: String, edge: Int, offsetM: Double, qaM3s: Double) {
        self.name = name; self.edge = edge; self.offsetM = offsetM; self.qaM3s = qaM3s
    }
}

public enum HydrologyError: Error, CustomStringConvertible, Equatable {
    case invalid(String)
    public var description: String { switch self { case .invalid(let m): "hydrology: \(m)" } }
}

/// Mean annual discharge and drainage area at any network position, spread from gauges by the rule in
/// the basin's hydrology.json (`qa_rule`, `drainage_area.rule`): both grow with the network length
/// upstream of the point. That rule is an assumption, and every output that uses it says so.
public struct NetworkHydrology: Sendable {
    public let edges: [HydroEdge]
    public let gauges: [PlacedGauge]
    public let outletDaM2: Double
    /// Network length upstream of each edge's upstream end, metres.
    public let upstreamAtStart: [Double]
    public let totalLengthM: Double
    /// Per gauge: its nearest upstream gauges, the Qa they leave unexplained and the ungauged length above it.
    let nearestUp: [[Int]]
    let deltaQa: [Double]
    let ungaugedM: [Double]

    public init(edges: [HydroEdge], gauges: [PlacedGauge], outletDaM2: Double) throws {
        for (i, e) in edges.enumerated() where e.id != i { throw HydrologyError.invalid("edge at position \(i) has id \(e.id): ids must equal positions") }
        guard outletDaM2 > 0 else { throw HydrologyError.invalid("drainage area at the outlet must be positive, got \(outletDaM2) m²") }
        self.edges = edges; self.gauges = gauges; self.outletDaM2 = outletDaM2
        // Upstream length by repeated relaxation in downstream order; a tree of n edges settles in n passes.
        var order: [Int] = []
        var inDeg = [Int](repeating: 0, count: edges.count)
        for e in edges { if let d = e.downstream { guard edges.indices.contains(d) else { throw HydrologyError.invalid("edge \(e.id) flows into missing edge \(d)") }; inDeg[d] += 1 } }
        var queue = edges.indices.filter { inDeg[$0] == 0 }
        while let x = queue.popLast() {
            order.append(x)
            if let d = edges[x].downstream { inDeg[d] -= 1; if inDeg[d] == 0 { queue.append(d) } }
        }
        guard order.count == edges.count else { throw HydrologyError.invalid("the network has a loop: hydrology needs a tree") }
        var up = [Double](repeating: 0, count: edges.count)
        for x in order { if let d = edges[x].downstream { up[d] += up[x] + edges[x].lengthM } }
        upstreamAtStart = up
        totalLengthM = edges.indices.filter { edges[$0].downstream == nil }.reduce(0) { $0 + up[$1] + edges[$1].lengthM }
        for g in gauges {
            guard edges.indices.contains(g.edge), g.qaM3s > 0 else { throw HydrologyError.invalid("gauge '\(g.name)': edge \(g.edge) or Qa \(g.qaM3s) m³/s is not valid") }
        }
        var nu: [[Int]] = [], dq: [Double] = [], ul: [Double] = []
        for (i, g) in gauges.enumerated() {
            let n = Self.nearest(gauges, edges: edges, above: (g.edge, g.offsetM), excluding: i)
            nu.append(n)
            dq.append(g.qaM3s - n.reduce(0) { $0 + gauges[$1].qaM3s })
            let len = up[g.edge] + g.offsetM - n.reduce(0) { $0 + up[gauges[$1].edge] + gauges[$1].offsetM }
            if len <= 0 && abs(dq[i]) > 0 { throw HydrologyError.invalid("gauge '\(g.name)' has no ungauged network above it but differs from the gauges above it by \(dq[i]) m³/s") }
            ul.append(len)
        }
        nearestUp = nu; deltaQa = dq; ungaugedM = ul
    }

    /// Network length upstream of a position, metres.
    public func upstreamLength(edge: Int, offsetM: Double) -> Double { upstreamAtStart[edge] + offsetM }

    /// Drainage area (m²) at a position: the outlet's area in proportion to the network length upstream.
    public func drainageArea(edge: Int, offsetM: Double) -> Double {
        outletDaM2 * upstreamLength(edge: edge, offsetM: offsetM) / totalLengthM
    }

    /// Mean annual discharge (m³/s) at a position; nil when no gauge lies above or below it, or the rule
    /// gives no positive discharge there.
    public func meanDischarge(edge: Int, offsetM: Double) -> Double? {
        let n = Self.nearest(gauges, edges: edges, above: (edge, offsetM), excluding: nil)
        var q = n.reduce(0) { $0 + gauges[$1].qaM3s }
        if let d = nextGauge(below: (edge, offsetM)), ungaugedM[d] > 0 {
            let len = upstreamLength(edge: edge, offsetM: offsetM) - n.reduce(0) { $0 + upstreamLength(edge: gauges[$1].edge, offsetM: gauges[$1].offsetM) }
            q += deltaQa[d] * max(0, len) / ungaugedM[d]
        } else if n.isEmpty { return nil }
        return q > 0 ? q : nil
    }

    /// True when position `a` lies at or upstream of `b` on the way down.
    func isAtOrAbove(_ a: (Int, Double), _ b: (Int, Double)) -> Bool { Self.isAtOrAbove(a, b, edges) }

    static func isAtOrAbove(_ a: (Int, Double), _ b: (Int, Double), _ edges: [HydroEdge]) -> Bool {
        if a.0 == b.0 { return a.1 <= b.1 }
        var cur = edges[a.0].downstream, steps = 0
        while let c = cur, steps <= edges.count {
            if c == b.0 { return true }
            cur = edges[c].downstream; steps += 1
        }
        return false
    }

    /// Gauges at or above a position that have no other such gauge between them and it.
    static func nearest(_ gauges: [PlacedGauge], edges: [HydroEdge], above p: (Int, Double), excluding: Int?) -> [Int] {
        let cand = gauges.indices.filter { $0 != excluding && isAtOrAbove((gauges[$0].edge, gauges[$0].offsetM), p, edges) }
        return cand.filter { i in
            !cand.contains { j in j != i && isAtOrAbove((gauges[i].edge, gauges[i].offsetM), (gauges[j].edge, gauges[j].offsetM), edges)
                && !(gauges[i].edge == gauges[j].edge && gauges[i].offsetM == gauges[j].offsetM) }
        }
    }

    /// The first gauge strictly below a position.
    func nextGauge(below p: (Int, Double)) -> Int? {
        var best: Int? = nil, bestU = Double.infinity
        for (i, g) in gauges.enumerated() {
            let gp = (g.edge, g.offsetM)
            guard isAtOrAbove(p, gp), !(g.edge == p.0 && g.offsetM == p.1) else { continue }
            let u = upstreamLength(edge: g.edge, offsetM: g.offsetM)
            if u < bestU { bestU = u; best = i }
        }
        return best
    }
}
