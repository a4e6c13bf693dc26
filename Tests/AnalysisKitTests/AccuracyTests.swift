import XCTest
import GeoKit
import BasinKit
import SiteKit
import AnalysisKit

/// Independent brute force: no projection and no GEOS. Candidate segments are picked with a generous
/// equirectangular bound; each candidate is densified along its geodesic every 25 m and searched with
/// geodesic distances, then refined to 0.1 m around the best point.
struct BruteForce {
    let lines: [[Coordinate]]

    static func approxKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        let k = cos((a.lat + b.lat) / 2 * .pi / 180)
        let dx = (a.lon - b.lon) * k * 111.32, dy = (a.lat - b.lat) * 110.57
        return (dx * dx + dy * dy).squareRoot()
    }

    func nearest(_ p: Coordinate) -> (line: Int, distance: Double) {
        // Lower bound of the distance to a segment: distance to its nearer end minus half its length.
        var bounds: [(lo: Double, hi: Double, line: Int, seg: Int)] = []
        var bestHi = Double.infinity
        for (li, l) in lines.enumerated() where l.count > 1 {
            for s in 0..<(l.count - 1) {
                let da = Self.approxKm(p, l[s]), db = Self.approxKm(p, l[s + 1]), len = Self.approxKm(l[s], l[s + 1])
                let hi = min(da, db), lo = max(0, hi - len)
                bestHi = min(bestHi, hi)
                bounds.append((lo, hi, li, s))
            }
        }
        let g = Geodesic.wgs84
        // Coarse pass: every candidate densified every 25 m.
        var coarse: [(d: Double, s: Double, line: Int, seg: Int, az: Double, len: Double)] = []
        for c in bounds where c.lo <= bestHi * 1.02 + 0.5 {
            let a = lines[c.line][c.seg], b = lines[c.line][c.seg + 1]
            let inv = g.inverse(a, b)
            let n = max(1, Int((inv.distance / 25).rounded(.up)))
            var local = (d: Double.infinity, s: 0.0)
            for k in 0...n {
                let s = inv.distance * Double(k) / Double(n)
                let d = g.distance(p, g.direct(from: a, azimuth: inv.azimuth1, distance: s).point)
                if d < local.d { local = (d, s) }
            }
            coarse.append((local.d, local.s, c.line, c.seg, inv.azimuth1, inv.distance))
        }
        // Fine pass: candidates within 2 m of the coarse best, refined to 0.1 m around their best point.
        let coarseBest = coarse.map(\.d).min() ?? .infinity
        var best = (line: -1, distance: Double.infinity)
        for c in coarse where c.d <= coarseBest + 2 {
            let a = lines[c.line][c.seg]
            var d = c.d
            for k in -130...130 {
                let s = min(max(c.s + Double(k) * 0.1, 0), c.len)
                d = min(d, g.distance(p, g.direct(from: a, azimuth: c.az, distance: s).point))
            }
            if d < best.distance || (d == best.distance && c.line < best.line) { best = (c.line, d) }
        }
        return best
    }
}

/// Ray casting on lon/lat rings, even-odd over every ring of a country (holes included).
func bruteCountry(_ p: Coordinate, _ countries: [Country]) -> String? {
    for c in countries {
        var inside = false
        for poly in c.polygons {
            for ring in poly.rings {
                var j = ring.count - 1
                for i in 0..<ring.count {
                    let a = ring[i], b = ring[j]
                    if (a.lat > p.lat) != (b.lat > p.lat), p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon { inside.toggle() }
                    j = i
                }
            }
        }
        if inside { return c.iso }
    }
    return nil
}

final class AccuracyTests: XCTestCase {
    func testDistancesAndCountryAgreeWithBruteForceOn1000RandomSites() throws {
        var rng = SeededRandom(seed: 20261121)
        let analyzer = try Analyzer(basin: syrDarya, rules: nil, parameters: AnalysisParameters())
        let riverBF = BruteForce(lines: syrDarya.rivers.map(\.coordinates))
        let borderBF = BruteForce(lines: syrDarya.borders.map(\.coordinates))
        var worstRiver = 0.0, worstBorder = 0.0, sameRiver = 0, sameCountry = 0, inCountry = 0
        let n = 1000
        for k in 0..<n {
            let p = Coordinate(lon: Double.random(in: 59.5...79.5, using: &rng), lat: Double.random(in: 37...46.5, using: &rng))
            let a = try analyzer.analyze(site("r\(k)", lon: p.lon, lat: p.lat), at: k)
            let r = riverBF.nearest(p), b = borderBF.nearest(p)
            let river = try XCTUnwrap(a.river), border = try XCTUnwrap(a.border)
            let tolR = max(0.001 * r.distance, 5), tolB = max(0.001 * b.distance, 5)
            XCTAssertEqual(river.distanceM, r.distance, accuracy: tolR, "river distance at \(p)")
            XCTAssertEqual(border.distanceM, b.distance, accuracy: tolB, "border distance at \(p)")
            worstRiver = max(worstRiver, abs(river.distanceM - r.distance) / max(r.distance, 1))
            worstBorder = max(worstBorder, abs(border.distanceM - b.distance) / max(b.distance, 1))
            let bfEdge = syrDarya.rivers[r.line].id
            // Two lines nearly equidistant may swap; then the distances still agree (asserted above).
            if bfEdge == river.edge { sameRiver += 1 } else {
                XCTAssertEqual(river.distanceM, r.distance, accuracy: max(0.001 * r.distance, 5), "different nearest river at \(p)")
            }
            if let iso = bruteCountry(p, syrDarya.countries) {
                inCountry += 1
                if iso == a.country.iso && a.country.inside { sameCountry += 1 } else { XCTFail("country at \(p): brute force \(iso), analysis \(a.country.iso ?? "nil")") }
            } else {
                XCTAssertFalse(a.country.inside, "outside every country by ray casting at \(p)")
            }
        }
        print("accuracy over \(n) random sites: worst river distance difference \(worstRiver * 100) %, worst border \(worstBorder * 100) %; same nearest river edge \(sameRiver)/\(n); same country \(sameCountry)/\(inCountry) inside a country")
        XCTAssertGreaterThanOrEqual(sameRiver, n - 5)
    }
}
