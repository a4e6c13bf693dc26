import Foundation
import GeoKit
import BasinKit

/// The basin's search structures, built once per task (GEOS and PROJ state is not shared across tasks).
final class BasinIndex {
    let basin: Basin
    let context = GEOSContext()
    let projection: Projection
    /// Country polygons, prepared, with their envelopes for a quick reject.
    let countryPolygons: [(iso: String, envelope: Envelope, prepared: PreparedGeometry)]
    /// Country rings as lines, for the nearest country when a site is outside all polygons.
    let countryRings: GeodesicLineIndex
    let countryRingOwner: [String]
    let rivers: GeodesicLineIndex
    /// In-network edges only: where a spill enters the network.
    let network: GeodesicLineIndex
    let networkEdgeIds: [Int]
    let borders: GeodesicLineIndex
    /// Cumulative geodesic metres at each vertex of each river edge (by edge position in basin.rivers).
    let cumulative: [[Double]]
    let edgePosition: [Int: Int]
    /// Where following the network downstream from each edge (by position) ends; nil for a cycle.
    let terminal: [Int?]
    /// Terminal edges that end at the basin outlet (Transboundary.swift).
    let outletEdges: Set<Int>

    init(basin: Basin) throws {
        self.basin = basin
        projection = try Projection(from: "EPSG:4326", to: basin.metadata.projection)
        var polys: [(String, Envelope, PreparedGeometry)] = []
        var rings: [[Coordinate]] = [], owners: [String] = []
        for c in basin.countries {
            for p in c.polygons {
                let g = try context.make(.polygon(p))
                polys.append((c.iso, Envelope(of: p.exterior)!, try g.prepared()))
                for r in p.rings { rings.append(r); owners.append(c.iso) }
            }
        }
        countryPolygons = polys
        countryRings = try GeodesicLineIndex(lines: rings, projection: projection, context: context)
        countryRingOwner = owners
        rivers = try GeodesicLineIndex(lines: basin.rivers.map(\.coordinates), projection: projection, context: context)
        let net = basin.rivers.filter(\.inNetwork)
        network = try GeodesicLineIndex(lines: net.map(\.coordinates), projection: projection, context: context)
        networkEdgeIds = net.map(\.id)
        borders = try GeodesicLineIndex(lines: basin.borders.map(\.coordinates), projection: projection, context: context)
        cumulative = basin.rivers.map { e in
            var acc = [0.0]
            for i in 1..<max(e.coordinates.count, 1) { acc.append(acc[i - 1] + Geodesic.wgs84.distance(e.coordinates[i - 1], e.coordinates[i])) }
            return acc
        }
        var pos: [Int: Int] = [:]
        for (i, e) in basin.rivers.enumerated() { pos[e.id] = i }
        edgePosition = pos
        terminal = Self.terminalEdges(basin.rivers, position: pos)
        outletEdges = Self.outletEdges(basin.rivers, terminal: terminal, outlet: basin.metadata.outlet)
    }

    func country(at p: Coordinate) throws -> CountryFinding {
        // Enclaves are holes in the surrounding country's polygon and polygons of their own, so the first
        // containing polygon is the answer.
        for (iso, env, prepared) in countryPolygons where env.contains(p) {
            if try prepared.covers(p) { return CountryFinding(iso: iso, inside: true, distanceM: 0) }
        }
        guard let n = try countryRings.nearest(to: p) else { return CountryFinding(iso: nil, inside: false, distanceM: .infinity) }
        return CountryFinding(iso: countryRingOwner[n.line], inside: false, distanceM: n.distance)
    }

    /// Distance along edge `id` from its upstream end to a point on segment `segment` at `fraction`.
    func offsetAlong(edge id: Int, segment: Int, fraction: Double) -> Double {
        guard let pos = edgePosition[id] else { return 0 }
        let acc = cumulative[pos]
        guard segment + 1 < acc.count else { return acc.last ?? 0 }
        return acc[segment] + fraction * (acc[segment + 1] - acc[segment])
    }
}
