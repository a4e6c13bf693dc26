import Foundation
import XCTest
@testable import BasinKit
import GeoKit

/// Basin for the trace tests: rivers read back through RiversFile (the committed rivers.geojson when
/// present, else the freshly built network), DCW countries and borders derived from them.
enum TraceFixture {
    struct Data { var basin: Basin; var lakes: [Lake] }
    nonisolated(unsafe) static var cached: Data?

    static func basin(velocities: FlowVelocities = FlowVelocities(riverMS: 1, reservoirMS: 0.01, riverSource: "test", reservoirSource: "test")) throws -> Basin {
        if cached == nil {
            let built = try SyrDaryaFixture.build()
            let rivers: [RiverEdge]
            if FileManager.default.fileExists(atPath: SyrDaryaFixture.riversFile.path) {
                rivers = try RiversFile.read(SyrDaryaFixture.riversFile)
            } else {
                rivers = try RiversFile.parse(Foundation.Data(RiversFile.text(built.result.edges).utf8), name: "rivers (built)")
            }
            let countries = try SyrDaryaFixture.countries()
            let borders = try SyrDaryaFixture.borders(countries, context: GEOSContext())
            let meta = BasinMetadata(id: "syr-darya", name: "Syr Darya", outlet: SyrDaryaFixture.outlet, outletName: "Aral Sea",
                                     projection: SyrDaryaFixture.lcc, extent: Envelope(minX: 58, minY: 36.5, maxX: 80, maxY: 47),
                                     countries: [], velocities: velocities, provenance: [], vintage: "WDBII/DCW")
            cached = Data(basin: Basin(metadata: meta, countries: countries, borders: borders, lakes: built.lakes, rivers: rivers), lakes: built.lakes)
        }
        var b = cached!.basin
        b.metadata.velocities = velocities
        return b
    }
}

final class TraceDownstreamTests: XCTestCase {
    func describe(_ t: DownstreamTrace) -> String {
        var s = "countries: \(t.countries.joined(separator: " -> ")); outlet \(String(format: "%.1f km, %.1f h (%.1f d)", t.outletKm, t.outletHours, t.outletHours / 24))\n"
        for x in t.stretches { s += String(format: "  %@: %.1f-%.1f km, %.1f-%.1f h\n", x.countries.joined(separator: "/"), x.fromKm, x.toKm, x.fromHours, x.toHours) }
        for c in t.crossings { s += String(format: "  crossing %@ -> %@ at %.1f km, %.1f h (%.1f d), %.4f %.4f\n", c.from, c.to, c.km, c.hours, c.hours / 24, c.point.lon, c.point.lat) }
        return s
    }

    /// The Naryn rises in Kyrgyzstan; the river then crosses the Fergana Valley (UZ), Khujand and Kairakkum
    /// (TJ), Bekabad (UZ) and Chardara (KZ) to the Aral (basin-data.md).
    func testNarynToOutletPassesKgUzTjUzKz() throws {
        let basin = try TraceFixture.basin()
        let tracer = try DownstreamTracer(basin: basin)
        let at = try XCTUnwrap(tracer.locate(Coordinate(lon: 76.00, lat: 41.43), maxDistanceM: 2_000))
        XCTAssertEqual(basin.rivers[at.edge].name, "Naryn")
        let t = try tracer.trace(edge: at.edge, offsetM: at.offsetM, includePath: true)
        print(describe(t))
        XCTAssertEqual(t.countries, ["KG", "UZ", "TJ", "UZ", "KZ"])
        XCTAssertEqual(t.crossings.map { "\($0.from)>\($0.to)" }, ["KG>UZ", "UZ>TJ", "TJ>UZ", "UZ>KZ"])
        XCTAssertLessThanOrEqual(t.borderReaches.count, 4, "border reaches are a few, not one per data wiggle")
        // Along-river length against the notes' own pieces: Naryn source to Kairakkum 841 km, Kairakkum to
        // Chardara 240 km, Chardara to 46 N 1,285 km; plus the two reservoir bridges, the 82.8 km of river
        // north of 46 N, minus the Naryn above this point. 1 % (about 25 km) covers how the notes rounded
        // and where they cut the pieces.
        let edges = basin.rivers
        var above = at.offsetM
        var e = at.edge
        while let up = edges.filter({ $0.downstreamEdge == e && $0.name == "Naryn" }).first { above += up.lengthM; e = up.id }
        let bridges = edges.filter { $0.inNetwork && $0.reach != .river }.reduce(0) { $0 + $1.lengthM }
        let syr = edges.filter { $0.inNetwork && $0.name == "Syr Darya" }
        let north = syr.reduce(0) { $0 + $1.lengthM - NetworkBuildTests.length($1.coordinates, southOf: 46) }
        let expected = 841 + 240 + 1_285 + (bridges + north - above) / 1000
        XCTAssertEqual(t.outletKm, expected, accuracy: expected * 0.01)
        XCTAssertEqual(t.path.count, t.pathKm.count)
        XCTAssertEqual(t.pathKm.last!, t.outletKm, accuracy: 0.001)
        XCTAssertLessThan(Geodesic.wgs84.distance(t.path.last!, SyrDaryaFixture.outlet), 100)
        XCTAssertEqual(t.stretches.last!.toKm, t.outletKm, accuracy: 0.001)
        // Travel time: river km at 1 m/s plus reservoir km at 0.01 m/s.
        XCTAssertEqual(t.outletHours, ((t.outletKm * 1000 - bridges) / 1 + bridges / 0.01) / 3600, accuracy: 0.01)
    }

    /// A made-up river that runs along a straight border with small wiggles (within the tolerance) and
    /// short excursions beyond it, then enters the other country: one border reach, one crossing; without
    /// absorbing short runs the same data gives many.
    func testShortWigglesAreAbsorbed() throws {
        func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(lon: x, lat: y) }
        let a = Country(iso: "AA", name: "A", polygons: [Polygon(exterior: [c(69, 40), c(70, 40), c(70, 42), c(69, 42), c(69, 40)])])
        let b = Country(iso: "BB", name: "B", polygons: [Polygon(exterior: [c(70, 40), c(71, 40), c(71, 42), c(70, 42), c(70, 40)])])
        let border = BorderLine(id: 0, countries: ["AA", "BB"], coordinates: [c(70, 40), c(70, 42)])
        // South to north: 0.3 deg in A, then 0.6 deg along the border (every 0.01 deg a vertex 400 m off it,
        // every 5th one 2.1 km into A or B), then east into B.
        var cs = [c(69.9, 40.1), c(69.9, 40.4)]
        for k in 0...60 {
            let off = k % 5 == 2 ? (k % 2 == 0 ? 0.025 : -0.025) : (k % 2 == 0 ? 0.005 : -0.005)
            cs.append(c(70 + off, 40.4 + 0.01 * Double(k)))
        }
        cs.append(c(70.5, 41.1))
        let edge = RiverEdge(id: 0, name: "Test", level: 2, fromNode: 1, toNode: 0, inNetwork: true, reach: .river, coordinates: cs,
                             lengthM: Geodesic.wgs84.length(of: cs), downstreamEdge: nil, note: nil)
        let meta = BasinMetadata(id: "t", name: "t", outlet: cs.last!, outletName: "t", projection: SyrDaryaFixture.lcc,
                                 extent: Envelope(minX: 69, minY: 40, maxX: 71, maxY: 42), countries: [],
                                 velocities: FlowVelocities(riverMS: 1, reservoirMS: 0.01, riverSource: "t", reservoirSource: "t"),
                                 provenance: [], vintage: "t")
        let basin = Basin(metadata: meta, countries: [a, b], borders: [border], lakes: [], rivers: [edge])
        let clean = try DownstreamTracer(basin: basin).trace(edge: 0, offsetM: 0, includePath: false)
        let noisy = try DownstreamTracer(basin: basin, minStretchM: 0).trace(edge: 0, offsetM: 0, includePath: false)
        print("synthetic: stretches \(noisy.stretches.count) raw -> \(clean.stretches.count); crossings \(noisy.crossings.count) -> \(clean.crossings.count)")
        XCTAssertEqual(clean.stretches.map(\.countries), [["AA"], ["AA", "BB"], ["BB"]])
        XCTAssertEqual(clean.countries, ["AA", "BB"])
        XCTAssertEqual(clean.crossings.count, 1)
        XCTAssertEqual(clean.borderReaches.count, 1)
        // The reach is the zigzag part (vertices 2...62) give or take the tolerance at either end.
        XCTAssertEqual(clean.borderReaches[0].toKm - clean.borderReaches[0].fromKm, Geodesic.wgs84.length(of: Array(cs[2...62])) / 1000, accuracy: 3)
        XCTAssertGreaterThan(noisy.crossings.count, 5)
        XCTAssertEqual(noisy.outletKm, clean.outletKm, accuracy: 1e-9)
    }

    func testKhujandIsInTajikistanAndFirstCrossesIntoUzbekistan() throws {
        let tracer = try DownstreamTracer(basin: try TraceFixture.basin())
        let at = try XCTUnwrap(tracer.locate(Coordinate(lon: 69.62, lat: 40.28), maxDistanceM: 5_000))
        let t = try tracer.trace(edge: at.edge, offsetM: at.offsetM, includePath: false)
        print(String(format: "Khujand: %.0f m from the river\n", at.distanceM) + describe(t))
        XCTAssertEqual(t.countries.first, "TJ")
        XCTAssertEqual(t.crossings.first?.from, "TJ")
        XCTAssertEqual(t.crossings.first?.to, "UZ")
        XCTAssertEqual(t.countries, ["TJ", "UZ", "KZ"])
        XCTAssertEqual(t.crossings.count, 2)
    }

    func testMaxKmStopsThePath() throws {
        let tracer = try DownstreamTracer(basin: try TraceFixture.basin())
        let at = try XCTUnwrap(tracer.locate(Coordinate(lon: 69.62, lat: 40.28), maxDistanceM: 5_000))
        let t = try tracer.trace(edge: at.edge, offsetM: at.offsetM, maxKm: 100, includePath: true)
        XCTAssertEqual(t.pathKm.last!, 100, accuracy: 1e-6)
        XCTAssertEqual(t.stretches.last!.toKm, 100, accuracy: 1e-6)
        XCTAssertGreaterThan(t.outletKm, 1_500)
        XCTAssertNil(try tracer.locate(Coordinate(lon: 64.0, lat: 38.0), maxDistanceM: 5_000), "far from the network")
        XCTAssertThrowsError(try tracer.trace(edge: tracer.edges.count, offsetM: 0, includePath: false))
    }

    /// Screening velocities for basin.json, derived from this network and the figures in domain.md.
    func testDerivedVelocities() throws {
        let basin = try TraceFixture.basin()
        let tracer = try DownstreamTracer(basin: basin)
        let edges = basin.rivers
        func bridge(_ name: String) throws -> RiverEdge {
            let lake = try XCTUnwrap(TraceFixture.cached!.lakes.first { $0.name == name })
            return try XCTUnwrap(edges.first { $0.inNetwork && $0.reach == .reservoir(lakeId: lake.id) })
        }
        let chardara = try bridge("Chardara (Shardara) reservoir"), kairakkum = try bridge("Kairakkum reservoir")
        // Shardara dam = the downstream end of the Chardara crossing; Kazaly ~62.1 E 45.76 N on the river.
        let dam = (edge: chardara.downstreamEdge!, offsetM: 0.0)
        let kz = try XCTUnwrap(tracer.locate(Coordinate(lon: 62.1, lat: 45.76), maxDistanceM: 10_000))
        XCTAssertEqual(edges[kz.edge].name, "Syr Darya")
        let L = try XCTUnwrap(tracer.distanceDownstream(from: dam, to: (kz.edge, kz.offsetM)))
        let days = 19.5
        let river = L / (days * 86_400)
        // Plug flow: residence time = effective volume / mean inflow.
        let kVol = 4.16e9 * (2.0 / 3.0), kQ = 429.0 + 136.0     // a third silted by 2009; Naryn + Kara Darya
        let cVol = 5.7e9, cQ = (700.0 + 724.0) / 2                 // Syr Darya below the Chirchiq
        let kT = kVol / kQ, cT = cVol / cQ
        let kV = kairakkum.lengthM / kT, cV = chardara.lengthM / cT
        let combined = (kairakkum.lengthM + chardara.lengthM) / (kT + cT)
        print(String(format: """
            river: Shardara dam -> Kazaly (%.3f E %.3f N, %.0f m off the river) = %.1f km along the network / (%.1f d x 86400 s) = %.3f m/s
            Kairakkum: %.3f km3 (4.16 x 2/3) / %.0f m3/s = %.3g s (%.1f d); crossing %.1f km -> %.4f m/s
            Chardara: %.2f km3 / %.0f m3/s = %.3g s (%.1f d); crossing %.1f km -> %.4f m/s
            reservoirs combined: (%.1f + %.1f) km / (%.1f + %.1f) d = %.4f m/s
            """, kz.point.lon, kz.point.lat, kz.distanceM, L / 1000, days, river,
                     kVol / 1e9, kQ, kT, kT / 86_400, kairakkum.lengthM / 1000, kV,
                     cVol / 1e9, cQ, cT, cT / 86_400, chardara.lengthM / 1000, cV,
                     kairakkum.lengthM / 1000, chardara.lengthM / 1000, kT / 86_400, cT / 86_400, combined))
        // The notes: below 1 m/s on the lower river; residence 2-3 months in each reservoir.
        XCTAssertTrue(river > 0.3 && river < 1.0, "\(river)")
        XCTAssertTrue(kT / 86_400 > 40 && kT / 86_400 < 100 && cT / 86_400 > 60 && cT / 86_400 < 100)
        XCTAssertTrue(combined > 0.001 && combined < 0.05)
    }
}
