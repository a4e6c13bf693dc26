import Foundation
import XCTest
import GeoKit
@testable import BasinKit

/// The builder's pieces on small synthetic input, and its errors.
final class GeometryBuilderTests: XCTestCase {
    static func ring(_ x: Double, _ y: Double, _ s: Double) -> [Coordinate] {
        [Coordinate(x: x, y: y), Coordinate(x: x + s, y: y), Coordinate(x: x + s, y: y + s), Coordinate(x: x, y: y + s), Coordinate(x: x, y: y)]
    }

    func testDuplicateRingsDropAndHolesComeBackByContainment() throws {
        let outer = Self.ring(0, 0, 10), hole = Self.ring(2, 2, 2), island = Self.ring(2.5, 2.5, 1), other = Self.ring(20, 0, 1)
        // As GMT prints them: the hole twice (once reversed and from another start vertex), an island inside the hole.
        let reversedHole = Array(hole.reversed().dropFirst()) + [hole.reversed()[1]]
        let (unique, dropped) = RingAssembly.dropDuplicates([outer, hole, other, reversedHole, island])
        XCTAssertEqual(dropped, 1)
        let polys = try RingAssembly.polygons(from: unique, context: GEOSContext())
        XCTAssertEqual(polys.count, 3, "outer with hole, the island in the hole, the separate square")
        XCTAssertEqual(polys[0].exterior, outer)
        XCTAssertEqual(polys[0].holes, [hole])
        XCTAssertEqual(Set(polys.dropFirst().map(\.exterior)), [island, other])
        XCTAssertTrue(polys.dropFirst().allSatisfy { $0.holes.isEmpty })
    }

    func testSnappingMakesNeighboursShareTheirEdge() {
        // Two unit squares side by side; B's shared edge is 20 m off A's and B lacks A's midpoint vertex.
        let a = [Coordinate(x: 70, y: 40), Coordinate(x: 70.01, y: 40), Coordinate(x: 70.01, y: 40.005), Coordinate(x: 70.01, y: 40.01),
                 Coordinate(x: 70, y: 40.01), Coordinate(x: 70, y: 40)]
        let off = 0.00023   // ~20 m of longitude at 40 N
        let b = [Coordinate(x: 70.01 + off, y: 40), Coordinate(x: 70.02, y: 40), Coordinate(x: 70.02, y: 40.01),
                 Coordinate(x: 70.01 + off, y: 40.01), Coordinate(x: 70.01 + off, y: 40)]
        let (out, moved, inserted) = VertexSnapper.snap([("AA", [Polygon(exterior: a)]), ("BB", [Polygon(exterior: b)])], toleranceMetres: 150)
        XCTAssertEqual(moved["AA"], 0)
        XCTAssertEqual(moved["BB"], 3, "both ends of B's edge (one twice, as ring start and end) move onto A's vertices")
        XCTAssertEqual(inserted["BB"], 1, "A's midpoint vertex is inserted into B's edge")
        let bOut = out[1].polygons[0].exterior
        XCTAssertTrue(bOut.contains(Coordinate(x: 70.01, y: 40.005)))
        XCTAssertFalse(bOut.contains { abs($0.x - (70.01 + off)) < 1e-12 })
        // Not snapped when farther than the tolerance.
        let (far, farMoved, _) = VertexSnapper.snap([("AA", [Polygon(exterior: a)]), ("BB", [Polygon(exterior: b)])], toleranceMetres: 10)
        XCTAssertEqual(farMoved["BB"], 0)
        XCTAssertEqual(far[1].polygons[0].exterior, b)
    }

    func testMissingAndOpenInputNameTheFile() throws {
        let dir = try Repo.tempDir("gmt-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try BasinGeometryBuilder.build(gmtDirectory: dir, basinDirectory: Repo.basin)) { e in
            XCTAssertTrue("\(e)".contains("countries.txt: file missing"), "\(e)")
        }
        try "> -ZKG Kyrgyzstan Segment 0\n70 40\n71 40\n71 41\n".write(to: dir.appendingPathComponent("countries.txt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BasinGeometryBuilder.build(gmtDirectory: dir, basinDirectory: Repo.basin)) { e in
            XCTAssertEqual("\(e)", "countries.txt: segment 0 ('-ZKG Kyrgyzstan Segment 0') of KG: expected a closed ring (first vertex == last, at least 4 vertices), found 3 vertices, open")
        }
    }
}
