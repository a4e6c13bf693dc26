import XCTest
@testable import GeoKit

final class ProjectionTests: XCTestCase {
    func testUTMCentralMeridianAndRoundTrip() throws {
        // EPSG:32642 (UTM 42N): central meridian 69 E, false easting 500,000 m. Axis order normalised: x = lon.
        let utm = try Projection(from: "EPSG:4326", to: "EPSG:32642")
        let p = try utm.forward(Coordinate(lon: 69, lat: 41))
        XCTAssertEqual(p.x, 500_000, accuracy: 1e-6)
        // Reference values from PROJ's cs2cs (`echo "41 69" | cs2cs EPSG:4326 EPSG:32642`).
        XCTAssertEqual(p.y, 4_538_757.0619, accuracy: 1e-3)
        let q = try utm.forward(Coordinate(lon: 71.2, lat: 41.5))
        XCTAssertEqual(q.x, 683_623.6798, accuracy: 1e-3)
        XCTAssertEqual(q.y, 4_596_600.7845, accuracy: 1e-3)
        let back = try utm.inverse(p)
        XCTAssertEqual(back.lon, 69, accuracy: 1e-9)
        XCTAssertEqual(back.lat, 41, accuracy: 1e-9)
    }

    func testArraysMatchSinglePoints() throws {
        let lcc = try Projection(from: "EPSG:4326", to: basinLCC)
        let pts = (0..<50).map { Coordinate(lon: 60 + Double($0) * 0.4, lat: 37 + Double($0) * 0.2) }
        let many = try lcc.forward(pts)
        for (c, m) in zip(pts, many) { XCTAssertEqual(try lcc.forward(c), m) }
        let back = try lcc.inverse(many)
        for (c, b) in zip(pts, back) {
            XCTAssertEqual(c.lon, b.lon, accuracy: 1e-9); XCTAssertEqual(c.lat, b.lat, accuracy: 1e-9)
        }
        XCTAssertEqual(try lcc.forward(Coordinate(lon: 70, lat: 41.5)).x, 0, accuracy: 1e-6, "origin of the basin LCC")
    }

    func testUnknownCRSCarriesPROJMessage() {
        XCTAssertThrowsError(try Projection(from: "EPSG:4326", to: "EPSG:999999")) { error in
            guard case ProjectionError.library(let op, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(op.contains("EPSG:999999"), op)
            XCTAssertTrue(message.lowercased().contains("crs not found") || message.lowercased().contains("unknown"), message)
        }
        XCTAssertThrowsError(try Projection(from: "EPSG:4326", to: "+proj=nosuchprojection"))
    }

    func testNonFiniteInputRejected() throws {
        let lcc = try Projection(from: "EPSG:4326", to: basinLCC)
        XCTAssertThrowsError(try lcc.forward(Coordinate(lon: .nan, lat: 40)))
    }

    func testVersionsAreReported() {
        XCTAssertTrue(GEOSContext.version.hasPrefix("3."), GEOSContext.version)
        XCTAssertFalse(Projection.version.isEmpty)
    }
}
