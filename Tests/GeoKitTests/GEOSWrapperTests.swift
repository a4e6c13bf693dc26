import XCTest
@testable import GeoKit

final class GEOSWrapperTests: XCTestCase {
    let ctx = GEOSContext()
    let square = Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 0, y: 10), Coordinate(x: 0, y: 0)],
                         holes: [[Coordinate(x: 4, y: 4), Coordinate(x: 4, y: 6), Coordinate(x: 6, y: 6), Coordinate(x: 6, y: 4), Coordinate(x: 4, y: 4)]])

    func testRoundTripThroughGEOS() throws {
        let geoms: [Geometry] = [
            .point(Coordinate(x: 1, y: 2)),
            .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 3, y: 4)]),
            .polygon(square),
            .multiPolygon([square]),
            .multiLineString([[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)], [Coordinate(x: 2, y: 2), Coordinate(x: 3, y: 3)]]),
            .collection([.point(Coordinate(x: 1, y: 1)), .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0)])]),
        ]
        for g in geoms { XCTAssertEqual(try ctx.make(g).value(), g) }
    }

    func testMeasuresAndPredicates() throws {
        let poly = try ctx.make(.polygon(square))
        XCTAssertEqual(try poly.area(), 96, accuracy: 1e-12)
        XCTAssertTrue(try poly.contains(ctx.make(.point(Coordinate(x: 1, y: 1)))))
        XCTAssertFalse(try poly.contains(ctx.make(.point(Coordinate(x: 5, y: 5)))), "inside the hole")
        let prepared = try poly.prepared()
        XCTAssertTrue(try prepared.contains(Coordinate(x: 9, y: 9)))
        XCTAssertFalse(try prepared.contains(Coordinate(x: 5, y: 5)))
        let far = try ctx.make(.point(Coordinate(x: 13, y: 14)))
        XCTAssertEqual(try prepared.distance(to: far), 5, accuracy: 1e-12)
        let (a, b) = try poly.nearestPoints(with: far)
        XCTAssertEqual(a, Coordinate(x: 10, y: 10))
        XCTAssertEqual(b, Coordinate(x: 13, y: 14))
        XCTAssertEqual(try prepared.nearestPoints(with: far).0, Coordinate(x: 10, y: 10))
    }

    func testLinearReferencing() throws {
        let line = try ctx.make(.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10)]))
        XCTAssertEqual(try line.project(Coordinate(x: 12, y: 5)), 15, accuracy: 1e-12)
        XCTAssertEqual(try line.interpolate(15), Coordinate(x: 10, y: 5))
        XCTAssertEqual(try line.length(), 20, accuracy: 1e-12)
    }

    func testBufferAndSimplify() throws {
        let pt = try ctx.make(.point(Coordinate(x: 0, y: 0)))
        XCTAssertEqual(try pt.buffer(10, quadrantSegments: 64).area(), Double.pi * 100, accuracy: 0.2)
        let wiggly = Geometry.lineString((0...100).map { Coordinate(x: Double($0), y: $0 % 2 == 0 ? 0 : 0.01) })
        let simple = try ctx.make(wiggly).simplifyPreservingTopology(0.1).value()
        XCTAssertEqual(simple.coordinates.count, 2)
    }

    func testValidityCheckAndRepair() throws {
        let bowtie = try ctx.make(.polygon(Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 10, y: 0), Coordinate(x: 0, y: 10), Coordinate(x: 0, y: 0)])))
        XCTAssertFalse(try bowtie.isValid())
        let reason = try bowtie.validityReason()
        XCTAssertTrue(reason.contains("Self-intersection"), reason)
        let fixed = try bowtie.makeValid()
        XCTAssertTrue(try fixed.isValid())
        XCTAssertEqual(try fixed.area(), 50, accuracy: 1e-9)
    }

    func testUnclosedRingCarriesGEOSMessage() {
        let open = Geometry.polygon(Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1)]))
        XCTAssertThrowsError(try ctx.make(open)) { error in
            guard case GeometryError.library(_, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("closed linestring"), message)
        }
    }

    func testNonFiniteCoordinatesAreRejected() {
        XCTAssertThrowsError(try ctx.make(.point(Coordinate(x: .nan, y: 1)))) { error in
            guard case GeometryError.invalidInput(let m) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(m.contains("finite"))
        }
        XCTAssertThrowsError(try ctx.make(.lineString([Coordinate(x: 0, y: 0), Coordinate(x: .infinity, y: 1)])))
        XCTAssertThrowsError(try LineIndex(lines: [[Coordinate(x: 0, y: 0), Coordinate(x: .nan, y: 0)]], context: ctx))
    }

    func testSharedPathsFindsCommonBorder() throws {
        let a = try ctx.make(.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10)]))
        let b = try ctx.make(.lineString([Coordinate(x: 10, y: 10), Coordinate(x: 10, y: 0), Coordinate(x: 20, y: 0)]))
        XCTAssertEqual(try a.sharedPaths(with: b).length(), 10, accuracy: 1e-12, "the shared 10-unit edge, found once (in the backward group)")
    }
}
