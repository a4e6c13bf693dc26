import XCTest
@testable import GeoKit

final class LineIndexTests: XCTestCase {
    func randomLines(_ rng: inout SeededRandom, count: Int, vertices: Int) -> [[Coordinate]] {
        (0..<count).map { _ in
            var c = Coordinate(x: Double.random(in: 0...100_000, using: &rng), y: Double.random(in: 0...100_000, using: &rng))
            var line = [c]
            for _ in 1..<vertices {
                c = Coordinate(x: c.x + Double.random(in: -2000...2000, using: &rng), y: c.y + Double.random(in: -2000...2000, using: &rng))
                line.append(c)
            }
            return line
        }
    }

    func bruteNearest(_ p: Coordinate, _ lines: [[Coordinate]]) -> (line: Int, distance: Double) {
        var best = (line: -1, distance: Double.infinity)
        for (i, l) in lines.enumerated() {
            for s in 0..<(l.count - 1) {
                let d = pointSegmentDistance(p, l[s], l[s + 1]).distance
                if d < best.distance { best = (i, d) }
            }
        }
        return best
    }

    func testNearestAgreesWithBruteForceOnRandomQueries() throws {
        var rng = SeededRandom(seed: 7)
        let lines = randomLines(&rng, count: 300, vertices: 30)
        let index = try LineIndex(lines: lines, context: GEOSContext())
        for _ in 0..<2000 {
            let p = Coordinate(x: Double.random(in: -10_000...110_000, using: &rng), y: Double.random(in: -10_000...110_000, using: &rng))
            let got = try XCTUnwrap(index.nearest(to: p))
            let ref = bruteNearest(p, lines)
            XCTAssertEqual(got.distance, ref.distance, accuracy: 1e-9)
            XCTAssertEqual(got.line, ref.line)
            XCTAssertEqual(got.point.planarDistance(to: p), got.distance, accuracy: 1e-6)
        }
    }

    func testTiesResolveToLowestLineIdentically() throws {
        // Two identical copies of each line and lines meeting at shared vertices: many exact ties.
        var rng = SeededRandom(seed: 11)
        let base = randomLines(&rng, count: 50, vertices: 10)
        let lines = base + base.reversed() + base
        let queries = (0..<1000).map { _ in Coordinate(x: Double.random(in: 0...100_000, using: &rng), y: Double.random(in: 0...100_000, using: &rng)) }
        func run() throws -> [NearestOnLine] {
            let index = try LineIndex(lines: lines, context: GEOSContext())
            return try queries.map { try XCTUnwrap(index.nearest(to: $0)) }
        }
        let first = try run(), second = try run()
        XCTAssertEqual(first, second)
        for r in first { XCTAssertLessThan(r.line, 50, "a tie must resolve to the lowest index") }
        // Equidistant from two lines' shared end point: the lower index wins.
        let v = [[Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 10)], [Coordinate(x: 20, y: 0), Coordinate(x: 10, y: 10)]]
        let idx = try LineIndex(lines: v.reversed(), context: GEOSContext())
        XCTAssertEqual(try idx.nearest(to: Coordinate(x: 10, y: 20))?.line, 0)
    }

    func testGridAnswersExactlyAsTheTreeIncludingTiesAndFarPoints() throws {
        // The grid replaced the STRtree on the nearest path: every field must match, not just the line.
        var rng = SeededRandom(seed: 23)
        var lines = randomLines(&rng, count: 200, vertices: 25)
        lines += lines.prefix(20)                                             // exact duplicates: ties
        lines.append([Coordinate(x: 50_000, y: 50_000)])                      // a one-point line
        lines.append([Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 1)])         // a zero-length line
        lines.append([Coordinate(x: -5e6, y: 3e6), Coordinate(x: 5e6, y: 3e6)]) // one very long segment
        let index = try LineIndex(lines: lines, context: GEOSContext())
        var queries = (0..<1500).map { _ in
            Coordinate(x: Double.random(in: -20_000...120_000, using: &rng), y: Double.random(in: -20_000...120_000, using: &rng))
        }
        queries += lines.prefix(40).flatMap { $0 }                             // on vertices
        queries += [Coordinate(x: -3e7, y: -3e7), Coordinate(x: 4e7, y: 1e3), Coordinate(x: 50_000, y: 50_000)]
        var checked = 0
        for q in queries {
            XCTAssertEqual(try index.nearest(to: q), try index.nearestThroughTree(to: q), "at \(q)")
            checked += 1
        }
        print("segment grid vs STRtree: \(checked) queries, identical answers")
    }

    func testEmptyIndexAndEnvelopeQuery() throws {
        let ctx = GEOSContext()
        XCTAssertNil(try LineIndex(lines: [], context: ctx).nearest(to: Coordinate(x: 0, y: 0)))
        let idx = try LineIndex(lines: [[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0)], [Coordinate(x: 5, y: 5), Coordinate(x: 6, y: 6)]], context: ctx)
        XCTAssertEqual(try idx.lines(in: Envelope(minX: 4, minY: 4, maxX: 7, maxY: 7)), [1])
    }

    func testContextsPerTaskInParallel() async throws {
        var rng = SeededRandom(seed: 3)
        let lines = randomLines(&rng, count: 100, vertices: 20)
        let expected = try (0..<4).map { k in try LineIndex(lines: lines, context: GEOSContext()).nearest(to: Coordinate(x: Double(k) * 20_000, y: 50_000))!.line }
        let got = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for k in 0..<4 {
                group.addTask {
                    // Each task owns its context and index: nothing GEOS crosses a task boundary.
                    let idx = try LineIndex(lines: lines, context: GEOSContext())
                    return (k, try idx.nearest(to: Coordinate(x: Double(k) * 20_000, y: 50_000))!.line)
                }
            }
            var out = [Int](repeating: -1, count: 4)
            for try await (k, l) in group { out[k] = l }
            return out
        }
        XCTAssertEqual(got, expected)
    }
}
