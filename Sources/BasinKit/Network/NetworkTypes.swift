import Foundation
import GeoKit

/// One piece of a source river layer (e.g. a WDBII segment from `gmt coast -I`), lon/lat WGS84.
public struct RiverLine: Sendable, Equatable {
    public var coordinates: [Coordinate]
    /// Source level (WDBII: 1 permanent major ... 10 canals).
    public var level: Int
    /// Index of the piece in its source file, carried into the report so a finding can be traced back.
    public var sourceIndex: Int
    public init(coordinates: [Coordinate], level: Int, sourceIndex: Int) {
        self.coordinates = coordinates; self.level = level; self.sourceIndex = sourceIndex
    }
}

/// A point known to lie on a named river (lon/lat).
public struct NamedPoint: Sendable, Equatable {
    public var name: String
    public var coordinate: Coordinate
    public init(_ name: String, _ coordinate: Coordinate) { self.name = name; self.coordinate = coordinate }
    public init(_ name: String, lon: Double, lat: Double) { self.init(name, Coordinate(lon: lon, lat: lat)) }
}

/// Tolerances and names for `RiverNetworkBuilder`. Distances are metres.
public struct NetworkOptions: Sendable {
    /// A line end this close to another line is a confluence (the source data does not join tributaries).
    /// 1,000 m: WDBII tributaries end 0-0.3 km from the main stem, and the next distances in the first
    /// basin's data are unrelated headwaters several km apart; see the build report's join distances.
    public var joinToleranceM: Double = 1_000
    /// A join whose foot on the target lies this close (along the target) to the target's end goes to that
    /// end instead of splitting the target, so near end-to-end meetings do not make stub edges.
    public var confluenceToleranceM: Double = 100
    /// A free line end this close to a lake polygon is where the river enters or leaves it. 1,000 m: the
    /// WDBII river stops 0-0.9 km from the GSHHG reservoir shores.
    public var lakeBridgeToleranceM: Double = 1_000
    /// How far the outlet coordinate may lie from the nearest river line.
    public var outletToleranceM: Double = 5_000
    /// How far a named point may lie from the line it names.
    public var namedPointToleranceM: Double = 2_000
    /// Points known to lie on named rivers.
    public var namedPoints: [NamedPoint] = []
    /// Points where a line changes name without a junction in the data (e.g. where a reservoir absent from
    /// the 1970s data renames the river below its dam): the line is split there.
    public var splitPoints: [NamedPoint] = []
    /// Levels never part of the drainage network (WDBII 8-10 canals: artificial, they would join basins).
    public var excludedLevels: Set<Int> = [8, 9, 10]
    /// Notes for named rivers that end up outside the network, e.g. a neighbouring closed basin.
    public var contextNotes: [String: String] = [:]
    public init() {}
}

public struct NetworkJoin: Sendable, Equatable {
    /// Source pieces of the line whose end was joined.
    public var sourceIndices: [Int]
    public var level: Int
    public var end: Coordinate
    /// Where the end was attached (lon/lat) and how far it was, geodesic metres.
    public var at: Coordinate
    public var distanceM: Double
    public var targetLevel: Int
    /// True when the end went to the target's end rather than splitting the target.
    public var toTargetEnd: Bool
}

public struct NetworkBridge: Sendable, Equatable {
    public var lakeId: Int
    public var lakeName: String?
    public var from: Coordinate
    public var to: Coordinate
    public var lengthM: Double
}

public struct NetworkOutside: Sendable, Equatable {
    public var edgeIds: [Int]
    public var name: String?
    public var levels: [Int]
    public var lengthM: Double
    public var reason: String
}

public struct NamedPointSnap: Sendable, Equatable {
    public var name: String
    public var point: Coordinate
    /// Edge id the point snapped to, nil when no line was within the tolerance.
    public var edge: Int?
    public var distanceM: Double
}

/// What the builder did, with figures, so a reviewer can check every repair it made to the source data.
public struct NetworkReport: Sendable {
    public var piecesIn = 0
    /// Pieces with fewer than two distinct vertices (dropped).
    public var degeneratePieces: [Int] = []
    public var mergedLines = 0
    public var joins: [NetworkJoin] = []
    public var bridges: [NetworkBridge] = []
    /// Bridges made and then dropped because their lake is not on the way to the outlet (other basins).
    public var bridgesDropped = 0
    /// Lakes touched by river ends but not bridged, with the reason (e.g. the terminal lake).
    public var lakesNotBridged: [String] = []
    /// Line ends that touch nothing: sources, and ends whose nearest line is beyond the tolerance.
    public var unjoinedEnds = 0
    /// The smallest distance (planar, projected metres) from a free end to another line beyond the join
    /// tolerance (searched up to 10x the tolerance): how close the nearest rejected join was.
    public var nearestMissM: Double?
    public var outlet = Coordinate(x: 0, y: 0)
    public var outletDistanceM = 0.0
    /// Edges that close a loop (braids, islands): oriented by distance to the outlet, never upstream of others.
    public var loopEdges: [Int] = []
    public var outside: [NetworkOutside] = []
    public var namedPoints: [NamedPointSnap] = []
    /// Total geodesic length per name of in-network river edges (reservoir bridges excluded), metres.
    public var namedLengthsM: [String: Double] = [:]
    public var networkEdges = 0
    public var networkLengthM = 0.0

    /// A plain-text summary for logs and reviews.
    public var summary: String {
        var s = "pieces in: \(piecesIn) (degenerate \(degeneratePieces.count)); merged lines: \(mergedLines)\n"
        let ds = joins.map(\.distanceM).sorted()
        s += "joins: \(joins.count)"
        if let mx = ds.last { s += String(format: ", distance median %.0f m, max %.0f m", ds[ds.count / 2], mx) }
        s += "\nbridges through lakes: \(bridges.count) (\(bridgesDropped) more in other basins dropped)\n"
        for b in bridges { s += String(format: "  lake %d %@: %.1f km\n", b.lakeId, b.lakeName ?? "(unnamed)", b.lengthM / 1000) }
        for l in lakesNotBridged { s += "  not bridged: \(l)\n" }
        s += "unjoined ends: \(unjoinedEnds)" + (nearestMissM.map { String(format: " (closest to another line: %.0f m)", $0) } ?? "") + "; loop edges: \(loopEdges.count)\n"
        s += String(format: "outlet %.4f %.4f, %.0f m from the network\n", outlet.lon, outlet.lat, outletDistanceM)
        s += String(format: "network: %d edges, %.1f km\n", networkEdges, networkLengthM / 1000)
        for n in namedLengthsM.keys.sorted() { s += String(format: "  %@: %.1f km\n", n, namedLengthsM[n]! / 1000) }
        s += "outside the network: \(outside.count) groups, \(outside.reduce(0) { $0 + $1.edgeIds.count }) edges\n"
        for o in outside where o.name != nil || o.lengthM > 100_000 {
            s += String(format: "  %@ (levels %@): %.1f km, %@\n", o.name ?? "(unnamed)", o.levels.map(String.init).joined(separator: ","), o.lengthM / 1000, o.reason)
        }
        for p in namedPoints where p.edge == nil { s += "  named point not on any line: \(p.name) \(p.point)\n" }
        return s
    }
}

public struct NetworkBuildResult: Sendable {
    public var edges: [RiverEdge]
    public var report: NetworkReport
}

public enum NetworkError: Error, CustomStringConvertible, Equatable {
    case invalidInput(String)
    case outletNotReached(String)
    case namedPointConflict(String)

    public var description: String {
        switch self {
        case .invalidInput(let m): "river network: invalid input: \(m)"
        case .outletNotReached(let m): "river network: the outlet is not reached: \(m)"
        case .namedPointConflict(let m): "river network: named points conflict: \(m)"
        }
    }
}
