import XCTest
@testable import GeoKit

final class NearestAccuracyTests: XCTestCase {
    /// Brute force, independent of any projection: each segment densified along its geodesic (the
    /// ellipsoid's straight line) every `stepM` metres, geodesic distance to every dense point, minimum.
    func bruteForce(_ p: Coordinate, _ line: [Coordinate], stepM: Double) -> Double {
        var best = (d: Double.infinity, seg: 0, at: 0.0)
        let g = Geodesic.wgs84
        for i in 0..<(line.count - 1) {
            let inv = g.inverse(line[i], line[i + 1])
            let n = max(1, Int((inv.distance / stepM).rounded(.up)))
            for k in 0...n {
                let s = inv.distance * Double(k) / Double(n)
                let d = g.distance(p, g.direct(from: line[i], azimuth: inv.azimuth1, distance: s).point)
                if d < best.d { best = (d, i, s) }
            }
        }
        // Refine around the best dense point at 1/200 of the step.
        let inv = g.inverse(line[best.seg], line[best.seg + 1])
        for k in -200...200 {
            let s = min(max(best.at + stepM * Double(k) / 200, 0), inv.distance)
            best.d = min(best.d, g.distance(p, g.direct(from: line[best.seg], azimuth: inv.azimuth1, distance: s).point))
        }
        return best.d
    }

    func testPointToPolylineGeodesicAgreesWithBruteForce() throws {
        var rng = SeededRandom(seed: 2026)
        let ctx = GEOSContext()
        let proj = try Projection(from: "EPSG:4326", to: basinLCC)
        var worst = 0.0
        for _ in 0..<300 {
            // A river-like polyline: 12 vertices, 0.3-3 km apart, wandering; a point 0.5-80 km away.
            var line = [Coordinate(lon: Double.random(in: 59.5...78.5, using: &rng), lat: Double.random(in: 37.5...46.5, using: &rng))]
            var az = Double.random(in: 0..<360, using: &rng)
            for _ in 0..<11 {
                az += Double.random(in: -40...40, using: &rng)
                line.append(Geodesic.wgs84.direct(from: line.last!, azimuth: az, distance: Double.random(in: 300...3000, using: &rng)).point)
            }
            let mid = line[Int.random(in: 0..<line.count, using: &rng)]
            let p = Geodesic.wgs84.direct(from: mid, azimuth: Double.random(in: 0..<360, using: &rng),
                                          distance: Double.random(in: 500...80_000, using: &rng)).point
            let idx = try GeodesicLineIndex(lines: [line], projection: proj, context: ctx)
            let got = try XCTUnwrap(idx.nearest(to: p))
            let ref = bruteForce(p, line, stepM: 10)
            let rel = abs(got.distance - ref) / ref
            worst = max(worst, rel)
            XCTAssertLessThan(rel, 0.0005, "point \(p): index \(got.distance) m, brute force \(ref) m")
            XCTAssertEqual(Geodesic.wgs84.distance(p, got.point), got.distance, accuracy: 1e-6)
        }
        print("point-to-polyline geodesic: worst relative difference from brute force \(worst * 100) % over 300 cases")
    }
}
