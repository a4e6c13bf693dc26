import XCTest
@testable import GeoKit

final class GeoJSONTests: XCTestCase {
    func testWriterOrientsRingsAndLimitsDecimals() throws {
        let cw = [Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 1), Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 0), Coordinate(x: 0, y: 0)]
        let hole = [Coordinate(x: 0.2, y: 0.2), Coordinate(x: 0.8, y: 0.2), Coordinate(x: 0.8, y: 0.8), Coordinate(x: 0.2, y: 0.2)]
        let f = Feature(geometry: .polygon(Polygon(exterior: cw, holes: [hole])), properties: [("name", .string("Сох \"<&>\"\n"))])
        let text = GeoJSON.text([f])
        let back = try GeoJSON.features(from: Data(text.utf8), name: "t")
        guard case .polygon(let p) = back[0].geometry else { return XCTFail() }
        XCTAssertTrue(Ring.isCounterClockwise(p.exterior))
        XCTAssertFalse(Ring.isCounterClockwise(p.holes[0]))
        XCTAssertEqual(back[0]["name"], .string("Сох \"<&>\"\n"))
        let pt = GeoJSON.text([Feature(geometry: .point(Coordinate(x: 71.123456789123, y: 40.1)))])
        XCTAssertTrue(pt.contains("[71.1234568,40.1]"), pt)
        XCTAssertFalse(pt.contains("\"crs\""))
    }

    func testParseErrorsNameLineAndColumn() {
        XCTAssertThrowsError(try JSON.parse("{\n  \"a\": [1, 2,\n}")) { e in
            let pe = e as! JSONParseError
            XCTAssertEqual(pe.line, 3)
        }
        XCTAssertThrowsError(try GeoJSON.features(from: Data("{\"type\":\"Topology\"}".utf8), name: "x.geojson")) { e in
            XCTAssertTrue("\(e)".contains("x.geojson"))
        }
    }

    func testNumbersAreDeterministic() {
        XCTAssertEqual(NumberFormat.json(3), "3")
        XCTAssertEqual(NumberFormat.json(0.1 + 0.2), "0.3")
        XCTAssertEqual(NumberFormat.fixed(-0.00001, decimals: 2), "0")
        XCTAssertEqual(NumberFormat.fixed(12.5, decimals: 3), "12.5")
    }
}

final class NumberFormatTests: XCTestCase {
    /// The byte formatter used for millions of coordinates must print exactly what the JSON writer prints.
    func testAppendRoundedMatchesTheJSONWriter() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        let fixed: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 69.1234567, 69.12345675, -179.99999995, 1e-3, 9.99999e5, 1e6, 123456.7890123, 0.0010004999]
        for d in 0...9 {
            for v in fixed + (0..<3000).map({ _ in Double.random(in: -200...200, using: &rng) * (Bool.random(using: &rng) ? 1 : 1e-3) }) {
                var b: [UInt8] = []
                NumberFormat.appendRounded(v, decimals: d, to: &b)
                XCTAssertEqual(String(decoding: b, as: UTF8.self), NumberFormat.json(GeoJSON.round(v, d)), "\(v) at \(d) decimals")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 30_000)
    }
}
