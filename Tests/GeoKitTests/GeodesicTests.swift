import XCTest
@testable import GeoKit

final class GeodesicTests: XCTestCase {
    func testJFKToChangiMatchesPublishedGeodesic() {
        // The figure 15,347,512.941 m belongs to the airports' coordinates rounded to 0.01 degree
        // (40.64 N 73.78 W -> 1.36 N 103.99 E); at 4 decimals (40.6398 N 73.7789 W -> 1.3592 N 103.9894 E)
        // PROJ 9.1.1's `geod +ellps=WGS84 -I` prints 15,347,615.192 m. Both are checked to 1 mm.
        let rounded = Geodesic.wgs84.distance(Coordinate(lon: -73.78, lat: 40.64), Coordinate(lon: 103.99, lat: 1.36))
        XCTAssertEqual(rounded, 15_347_512.941, accuracy: 0.001)
        let precise = Geodesic.wgs84.inverse(Coordinate(lon: -73.7789, lat: 40.6398), Coordinate(lon: 103.9894, lat: 1.3592))
        XCTAssertEqual(precise.distance, 15_347_615.192, accuracy: 0.001)
        XCTAssertEqual(precise.azimuth1, 3.3084, accuracy: 0.0001)
        XCTAssertEqual(precise.azimuth2 - 180, -2.5141, accuracy: 0.0001, "geod prints the back azimuth")
    }

    func testFerganaPairMatchesReference() {
        let d = Geodesic.wgs84.distance(Coordinate(lon: 71.0, lat: 40.5), Coordinate(lon: 72.8, lat: 40.9))
        XCTAssertEqual(d, 158_476.683, accuracy: 0.001)
    }

    func testDirectInvertsInverse() {
        let a = Coordinate(lon: 69.28, lat: 41.31)
        let b = Coordinate(lon: 61.1, lat: 46.1)
        let inv = Geodesic.wgs84.inverse(a, b)
        let back = Geodesic.wgs84.direct(from: a, azimuth: inv.azimuth1, distance: inv.distance)
        XCTAssertEqual(back.point.lon, b.lon, accuracy: 1e-9)
        XCTAssertEqual(back.point.lat, b.lat, accuracy: 1e-9)
        XCTAssertEqual(back.azimuth, inv.azimuth2, accuracy: 1e-9)
    }

    func testPolylineLengthIsSumOfSegments() {
        let line = [Coordinate(lon: 71, lat: 40.5), Coordinate(lon: 72.8, lat: 40.9), Coordinate(lon: 72.8, lat: 41.9)]
        let expected = Geodesic.wgs84.distance(line[0], line[1]) + Geodesic.wgs84.distance(line[1], line[2])
        XCTAssertEqual(Geodesic.wgs84.length(of: line), expected, accuracy: 1e-9)
        // One degree of latitude near 41 N is about 111.05 km.
        XCTAssertEqual(Geodesic.wgs84.distance(line[1], line[2]), 111_050, accuracy: 100)
    }
}
