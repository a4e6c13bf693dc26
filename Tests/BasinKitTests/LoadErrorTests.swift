import Foundation
import XCTest
import GeoKit
@testable import BasinKit

/// Broken copies of a basin folder give errors (or repairs with warnings) that name file, feature and field.
final class LoadErrorTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try Repo.tempDir("load")
        for name in ["basin.json", "countries.geojson", "borders.geojson", "lakes.geojson", "rivers.geojson"] {
            try FileManager.default.copyItem(at: Repo.basin.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }

    func loadError(file: StaticString = #filePath, line: UInt = #line) throws -> BasinLoadError {
        do {
            _ = try BasinLoader.load(directory: folder)
        } catch let e as BasinLoadError {
            return e
        }
        XCTFail("expected a BasinLoadError", file: file, line: line)
        throw XCTSkip("no error")
    }

    static func square(_ x: Double, _ y: Double, closed: Bool = true) -> String {
        let pts = [(x, y), (x + 0.1, y), (x + 0.1, y + 0.1), (x, y + 0.1)] + (closed ? [(x, y)] : [])
        return "[" + pts.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]"
    }

    static func lake(_ id: String, ring: String, kind: String? = "\"lake\"") -> String {
        let kindMember = kind.map { ",\"kind\":\($0)" } ?? ""
        return "{\"type\":\"Feature\",\"properties\":{\"id\":\(id),\"name\":null\(kindMember),\"area_km2\":1},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(ring)]}}"
    }

    static func collection(_ fs: [String]) -> String { "{\"type\":\"FeatureCollection\",\"features\":[\(fs.joined(separator: ","))]}" }

    func testMissingFile() throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent("borders.geojson"))
        let e = try loadError()
        XCTAssertEqual(e.file, "borders.geojson")
        XCTAssertTrue(e.description.hasPrefix("borders.geojson: missing: expected it at "), e.description)
    }

    func testMissingBasinJSON() throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent("basin.json"))
        XCTAssertEqual(try loadError().file, "basin.json")
    }

    func testBadJSON() throws {
        try write("lakes.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",")
        let e = try loadError()
        XCTAssertEqual(e.file, "lakes.geojson")
        XCTAssertTrue(e.message.contains("not valid JSON at line 2"), e.description)
    }

    func testUnclosedRing() throws {
        try write("lakes.geojson", Self.collection([Self.lake("1", ring: Self.square(70, 40)), Self.lake("2", ring: Self.square(71, 40, closed: false))]))
        let e = try loadError()
        XCTAssertEqual(e.file, "lakes.geojson")
        XCTAssertEqual(e.feature, 1)
        XCTAssertEqual(e.field, "geometry")
        XCTAssertTrue(e.message.contains("ring 0 is not closed"), e.description)
        XCTAssertTrue(e.description.hasPrefix("lakes.geojson: feature 1: 'geometry': polygon 0 ring 0 is not closed"), e.description)
    }

    func testSelfIntersectingCountryIsRepairedWithAWarning() throws {
        // A bow-tie: the ring crosses itself at (70.05, 40.05).
        let bowtie = "[[70,40],[70.1,40.1],[70.1,40],[70,40.1],[70,40]]"
        try write("countries.geojson", Self.collection([
            "{\"type\":\"Feature\",\"properties\":{\"iso\":\"KG\",\"name\":\"Kyrgyzstan\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(bowtie)]}}",
        ]))
        let basin = try BasinLoader.load(directory: folder)
        let kg = try XCTUnwrap(basin.countries.first)
        XCTAssertEqual(kg.polygons.count, 2, "makeValid splits a bow-tie into its two triangles")
        let w = try XCTUnwrap(basin.warnings.first { $0.hasPrefix("countries.geojson") }, "\(basin.warnings)")
        XCTAssertTrue(w.hasPrefix("countries.geojson: feature 0 (KG): polygon 0 not valid (Self-intersection"), w)
        XCTAssertTrue(w.contains("repaired with GEOS makeValid"), w)
    }

    func testSelfIntersectingLakeThatSplitsIsAnError() throws {
        let bowtie = "[[70,40],[70.1,40.1],[70.1,40],[70,40.1],[70,40]]"
        try write("lakes.geojson", Self.collection([Self.lake("1", ring: bowtie)]))
        let e = try loadError()
        XCTAssertEqual(e.file, "lakes.geojson"); XCTAssertEqual(e.feature, 0); XCTAssertEqual(e.field, "geometry")
        XCTAssertTrue(e.message.contains("expected one Polygon for a lake, found 2"), e.description)
    }

    func testMissingAndIllTypedProperties() throws {
        try write("lakes.geojson", Self.collection([Self.lake("1", ring: Self.square(70, 40)), Self.lake("2", ring: Self.square(71, 40), kind: nil)]))
        var e = try loadError()
        XCTAssertEqual(e.description, "lakes.geojson: feature 1: 'kind': missing; expected it in 'properties'")

        try write("lakes.geojson", Self.collection([Self.lake("\"7\"", ring: Self.square(70, 40))]))
        e = try loadError()
        XCTAssertEqual(e.description, "lakes.geojson: feature 0: 'id': expected an integer, found string")

        try write("lakes.geojson", Self.collection([Self.lake("1.5", ring: Self.square(70, 40))]))
        e = try loadError()
        XCTAssertEqual(e.description, "lakes.geojson: feature 0: 'id': expected an integer, found 1.5")

        try write("lakes.geojson", Self.collection([Self.lake("1", ring: Self.square(70, 40), kind: "\"pond\"")]))
        e = try loadError()
        XCTAssertEqual(e.field, "kind")
        XCTAssertTrue(e.message.contains("found 'pond'"), e.description)
    }

    func testBorderTagsMustBeTwoAscendingISOCodes() throws {
        let line = "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[70,40],[71,41]]}"
        try write("borders.geojson", Self.collection([
            "{\"type\":\"Feature\",\"properties\":{\"id\":1,\"countries\":\"UZ|KG\",\"country_a\":\"UZ\",\"country_b\":\"KG\",\"length_m\":1},\(line)}",
        ]))
        let e = try loadError()
        XCTAssertEqual(e.file, "borders.geojson"); XCTAssertEqual(e.feature, 0); XCTAssertEqual(e.field, "countries")
    }

    func testBasinJSONIsChecked() throws {
        let original = try String(contentsOf: folder.appendingPathComponent("basin.json"), encoding: .utf8)
        try write("basin.json", original.replacingOccurrences(of: "\"extent\": [58, 36.5, 80, 47]", with: "\"extent\": [80, 36.5, 58, 47]"))
        var e = try loadError()
        XCTAssertEqual(e.file, "basin.json"); XCTAssertEqual(e.field, "extent")

        try write("basin.json", original.replacingOccurrences(of: "\"reservoir_m_s\": 0.0071", with: "\"reservoir_m_s\": \"slow\""))
        e = try loadError()
        XCTAssertEqual(e.description, "basin.json: 'velocities.reservoir_m_s': expected a number, found string")

        try write("basin.json", original.replacingOccurrences(of: "+proj=lcc", with: "+proj=nonsense"))
        e = try loadError()
        XCTAssertEqual(e.field, "projection")

        try write("basin.json", original.replacingOccurrences(of: "\"convention_party\": true", with: "\"convention_party\": \"yes\""))
        e = try loadError()
        XCTAssertEqual(e.field, "countries[1].convention_party")
    }

    /// A river edge whose coordinates run downstream, as the network check requires (ids are positions).
    static func river(_ id: Int, reach: String, lakeId: String, downstream: String, from: String, to: String) -> String {
        "{\"type\":\"Feature\",\"properties\":{\"id\":\(id),\"name\":\"Syr Darya\",\"level\":2,\"from_node\":\(id),\"to_node\":\(id + 1)," +
        "\"in_network\":true,\"reach\":\"\(reach)\",\"lake_id\":\(lakeId),\"length_m\":1000,\"downstream_edge\":\(downstream),\"note\":null}," +
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[\(from),\(to)]}}"
    }
    /// basin.json's outlet.
    static let outlet = "[60.8963912,46.1058366]"

    func testRiversAreReadWhenPresent() throws {
        try write("rivers.geojson", Self.collection([Self.river(0, reach: "river", lakeId: "null", downstream: "1", from: "[60.7,46.0]", to: "[60.8,46.05]"),
                                                     Self.river(1, reach: "reservoir", lakeId: "6", downstream: "null", from: "[60.8,46.05]", to: Self.outlet)]))
        let basin = try BasinLoader.load(directory: folder)
        XCTAssertEqual(basin.rivers.count, 2)
        XCTAssertEqual(basin.rivers[0].downstreamEdge, 1)
        XCTAssertEqual(basin.rivers[1].reach, .reservoir(lakeId: 6))
        XCTAssertFalse(basin.warnings.contains { $0.hasPrefix("rivers.geojson") })
    }

    func testRiverReservoirMustNameAnExistingLake() throws {
        try write("rivers.geojson", Self.collection([Self.river(0, reach: "reservoir", lakeId: "999", downstream: "null", from: "[60.8,46.05]", to: Self.outlet)]))
        let e = try loadError()
        XCTAssertEqual(e.description, "rivers.geojson: feature 0: 'lake_id': edge 0 at 60.896391,46.105837 (lon,lat): lake 999 is not in lakes.geojson")
    }
}
