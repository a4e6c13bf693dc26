import Foundation
import XCTest
import GeoKit
@testable import BasinKit

/// A copy of the committed Syr Darya folder in a temporary directory, with its GeoJSON edited as plain
/// JSON, so each test breaks the real data in one way.
final class BrokenBasin {
    let folder: URL
    init() throws {
        folder = try Repo.tempDir("broken")
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.basin.path) {
            try FileManager.default.copyItem(at: Repo.basin.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func json(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any])
    }
    func write(_ name: String, _ object: [String: Any]) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: folder.appendingPathComponent(name))
    }
    /// Edits the features of a layer.
    func features(_ name: String, _ change: (inout [[String: Any]]) throws -> Void) throws {
        var o = try json(name)
        var fs = try XCTUnwrap(o["features"] as? [[String: Any]])
        try change(&fs)
        o["features"] = fs
        try write(name, o)
    }
    /// Edits the properties (and through `coords` the coordinates) of one river edge.
    func edge(_ id: Int, _ change: (inout [String: Any], inout [[Double]]) -> Void) throws {
        try features("rivers.geojson") { fs in
            var p = fs[id]["properties"] as! [String: Any]
            var g = fs[id]["geometry"] as! [String: Any]
            var cs = (g["coordinates"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
            change(&p, &cs)
            g["coordinates"] = cs
            fs[id]["properties"] = p
            fs[id]["geometry"] = g
        }
    }
    func property(_ id: Int, _ key: String) throws -> Any? {
        let fs = try XCTUnwrap(try json("rivers.geojson")["features"] as? [[String: Any]])
        return (fs[id]["properties"] as! [String: Any])[key]
    }
    func remove(_ name: String) throws { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
    func load() throws -> Basin { try BasinLoader.load(directory: folder) }
}

final class NetworkValidationTests: XCTestCase {
    // The committed network (see NetworkBuildTests): 12 edges in the network, edge 0 at the outlet;
    // edge 3 (the Chardara reservoir crossing) flows into edge 1 and receives edge 4; 4 receives 5 and 6.
    let mid = 3

    func loadError(_ b: BrokenBasin, file: StaticString = #filePath, line: UInt = #line) throws -> BasinLoadError {
        do { _ = try b.load() } catch let e as BasinLoadError { return e }
        XCTFail("expected a BasinLoadError", file: file, line: line)
        throw XCTSkip("no error")
    }

    func riverWarnings(_ basin: Basin) -> [String] { basin.warnings.filter { $0.hasPrefix("rivers.geojson") } }

    func testCommittedBasinHasNoNetworkFindings() throws {
        let basin = try BasinLoader.load(directory: Repo.basin)
        XCTAssertEqual(basin.warnings, [], "the committed basin loads without any warning")
        XCTAssertEqual(NetworkValidator.issues(basin.rivers, outlet: basin.metadata.outlet, lakeIds: Set(basin.lakes.map(\.id))), [])
    }

    func testSelfLoopIsAnError() throws {
        let b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["downstream_edge"] = mid }
        let e = try loadError(b)
        XCTAssertEqual(e.file, "rivers.geojson"); XCTAssertEqual(e.feature, mid); XCTAssertEqual(e.field, "downstream_edge")
        XCTAssertTrue(e.description.hasPrefix("rivers.geojson: feature 3: 'downstream_edge': edge 3 at "), e.description)
        XCTAssertTrue(e.message.contains("is the edge itself"), e.description)
        XCTAssertTrue(e.message.contains("(lon,lat)"), e.description)
    }

    func testTwoEdgeCycleIsAnError() throws {
        let b = try BrokenBasin()
        // Edge 4 flows into 3; send 3 back into 4, node ids made consistent so only the cycle is wrong.
        let fromNode4 = try XCTUnwrap(b.property(4, "from_node") as? Int)
        try b.edge(mid) { p, _ in p["downstream_edge"] = 4; p["to_node"] = fromNode4 }
        let e = try loadError(b)
        XCTAssertEqual(e.field, "downstream_edge")
        XCTAssertEqual(e.feature, 3)
        XCTAssertTrue(e.message.contains("cycle of 2 edges"), e.description)
        XCTAssertTrue(e.message.contains("3 -> 4 -> 3") || e.message.contains("4 -> 3 -> 4"), e.description)
    }

    func testLongerCycleWithoutNodeFixIsStillReportedAsACycleFirst() throws {
        let b = try BrokenBasin()
        // 9 -> 8 -> 6 -> 4 -> 3 -> 1 -> 0: send 1 back to 9 (to_node left as it was).
        try b.edge(1) { p, _ in p["downstream_edge"] = 9 }
        let e = try loadError(b)
        XCTAssertTrue(e.message.contains("cycle of 6 edges"), e.description)
        XCTAssertTrue(e.message.contains("more such error"), "the node mismatch is counted too: \(e.description)")
    }

    func testDanglingReferencesAreErrors() throws {
        var b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["downstream_edge"] = 999 }
        var e = try loadError(b)
        XCTAssertEqual(e.field, "downstream_edge"); XCTAssertEqual(e.feature, mid)
        XCTAssertTrue(e.message.contains("edge 999 does not exist"), e.description)

        b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["to_node"] = 123_456 }
        e = try loadError(b)
        XCTAssertEqual(e.field, "to_node")
        XCTAssertTrue(e.message.contains("to_node 123456 is not the from_node"), e.description)

        b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["reach"] = "reservoir"; p["lake_id"] = 999 }
        e = try loadError(b)
        XCTAssertEqual(e.description.components(separatedBy: " at ").first, "rivers.geojson: feature 3: 'lake_id': edge 3")
        XCTAssertTrue(e.message.contains("lake 999 is not in lakes.geojson"), e.description)

        b = try BrokenBasin()
        try b.edge(4) { p, _ in p["lake_id"] = 999 }   // edge 3 is the Chardara crossing; 4 is a river reach
        e = try loadError(b)
        XCTAssertEqual(e.description, "rivers.geojson: feature 4: 'lake_id': a river reach has lake_id 999; expected null (only reservoir reaches cross a lake)")

        b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["in_network"] = false }
        e = try loadError(b)
        XCTAssertTrue(e.message.contains("in_network"), e.description)

        b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["id"] = 5_000 }
        e = try loadError(b)
        XCTAssertEqual(e.field, "id")
        XCTAssertTrue(e.message.contains("id 5000 at position 3: expected 3"), e.description)
    }

    func testNullDownstreamMidNetworkIsAWarningNamingTheEdge() throws {
        let b = try BrokenBasin()
        try b.edge(mid) { p, _ in p["downstream_edge"] = NSNull() }
        let w = riverWarnings(try b.load())
        XCTAssertEqual(w.count, 1, "\(w)")
        XCTAssertTrue(w[0].hasPrefix("rivers.geojson: feature 3: 'downstream_edge': edge 3 at 67.966384,41.253605 (lon,lat)"), w[0])
        XCTAssertTrue(w[0].contains("not the outlet edge"), w[0])
        XCTAssertTrue(w[0].contains("9 network edge(s) end here"), w[0])
        XCTAssertTrue(w[0].contains("edge 1 starts at its to_node"), w[0])
    }

    func testReversedEdgeIsAWarning() throws {
        let b = try BrokenBasin()
        try b.edge(mid) { _, cs in cs.reverse() }
        let w = riverWarnings(try b.load())
        XCTAssertEqual(w.count, 1, "one finding for the edge, not one per junction: \(w)")
        XCTAssertTrue(w[0].hasPrefix("rivers.geojson: feature 3: 'geometry': edge 3 at "), w[0])
        XCTAssertTrue(w[0].contains("coordinates run upstream"), w[0])
    }

    func testReversedOutletEdgeIsAWarningNotAnError() throws {
        let b = try BrokenBasin()
        try b.edge(0) { _, cs in cs.reverse() }
        let w = riverWarnings(try b.load())
        XCTAssertEqual(w.count, 1, "\(w)")
        XCTAssertTrue(w[0].hasPrefix("rivers.geojson: feature 0: 'geometry': edge 0 at 60.896391,46.105837 (lon,lat)"), w[0])
        XCTAssertTrue(w[0].contains("coordinates run upstream"), w[0])
    }

    func testEdgeMovedByADegreeIsAWarningAtBothEnds() throws {
        let b = try BrokenBasin()
        try b.edge(mid) { _, cs in cs = cs.map { [$0[0] + 1, $0[1]] } }
        let w = riverWarnings(try b.load())
        XCTAssertEqual(w.count, 2, "\(w)")
        XCTAssertTrue(w[0].hasPrefix("rivers.geojson: feature 3: 'geometry': edge 3 at 68.966384,41.253605"), w[0])
        XCTAssertTrue(w[0].contains("does not meet its downstream_edge 1"), w[0])
        XCTAssertTrue(w[1].hasPrefix("rivers.geojson: feature 4: 'geometry'"), w[1])
        XCTAssertTrue(w[1].contains("does not meet its downstream_edge 3"), w[1])
        XCTAssertTrue(w.allSatisfy { $0.contains(" km away") }, "\(w)")
    }

    func testZeroLengthEdgeIsAWarning() throws {
        let b = try BrokenBasin()
        try b.edge(mid) { p, cs in cs = [cs[0], cs[0]]; p["length_m"] = 0 }
        let w = riverWarnings(try b.load())
        XCTAssertTrue(w.contains { $0.hasPrefix("rivers.geojson: feature 3: 'geometry': edge 3 at ") && $0.contains("zero length") }, "\(w)")
    }

    func testOutletMovedAThousandKilometresIsAnError() throws {
        let b = try BrokenBasin()
        var meta = try b.json("basin.json")
        var outlet = try XCTUnwrap(meta["outlet"] as? [String: Any])
        let lat = try XCTUnwrap(outlet["lat"] as? Double)
        outlet["lat"] = lat - 9   // 9 degrees of latitude: about 1,000 km south, inside a widened extent
        meta["outlet"] = outlet
        meta["extent"] = [58, 36, 80, 47]
        try b.write("basin.json", meta)
        let e = try loadError(b)
        XCTAssertEqual(e.file, "rivers.geojson"); XCTAssertEqual(e.feature, 0)
        XCTAssertTrue(e.message.contains("is not at a downstream end of the network"), e.description)
        XCTAssertTrue(e.message.contains("999.6 km away"), e.description)
    }

    func testMissingOrEmptyRequiredLayersAreErrors() throws {
        var b = try BrokenBasin()
        try b.remove("rivers.geojson")
        var e = try loadError(b)
        XCTAssertEqual(e.file, "rivers.geojson")
        XCTAssertTrue(e.message.hasPrefix("missing"), e.description)

        for name in ["rivers.geojson", "countries.geojson", "borders.geojson"] {
            b = try BrokenBasin()
            try b.features(name) { $0 = [] }
            e = try loadError(b)
            XCTAssertEqual(e.file, name)
            XCTAssertTrue(e.message.contains("has no features"), e.description)
        }
    }

    func testMissingLakesIsAWarningUnlessRiversNeedThem() throws {
        let b = try BrokenBasin()
        try b.remove("lakes.geojson")
        // The committed network crosses Kairakkum and Chardara: their lake_id now points to nothing.
        let e = try loadError(b)
        XCTAssertEqual(e.field, "lake_id")
        // Without reservoir reaches the basin loads, with the missing layer named.
        try b.features("rivers.geojson") { fs in
            for i in fs.indices {
                var p = fs[i]["properties"] as! [String: Any]
                p["reach"] = "river"; p["lake_id"] = NSNull()
                fs[i]["properties"] = p
            }
        }
        let basin = try b.load()
        XCTAssertEqual(basin.lakes, [])
        XCTAssertEqual(basin.warnings.count, 1, "\(basin.warnings)")
        XCTAssertTrue(basin.warnings[0].hasPrefix("lakes.geojson: missing"), basin.warnings[0])
    }

    /// Many edges, one long chain and a cycle at its far end: found in linear time (no walk per edge).
    func testValidationIsLinear() throws {
        func chain(_ n: Int, loop: Bool) -> [RiverEdge] {
            (0..<n).map { i in
                // Edge i runs west from 60 + (i+1)e-4 E to 60 + i e-4 E, into edge i-1; edge 0 ends at the outlet.
                let c0 = Coordinate(lon: 60 + Double(i + 1) * 1e-4, lat: 40), c1 = Coordinate(lon: 60 + Double(i) * 1e-4, lat: 40)
                return RiverEdge(id: i, name: nil, level: 2, fromNode: i + 1, toNode: i, inNetwork: true, reach: .river, coordinates: [c0, c1],
                                 lengthM: 8.5, downstreamEdge: i == 0 ? (loop ? n - 1 : nil) : i - 1, note: nil)
            }
        }
        let outlet = Coordinate(lon: 60, lat: 40)
        let t0 = Date()
        XCTAssertEqual(NetworkValidator.issues(chain(100_000, loop: false), outlet: outlet, lakeIds: []), [])
        let issues = NetworkValidator.issues(chain(100_000, loop: true), outlet: outlet, lakeIds: [])
        let s = Date().timeIntervalSince(t0)
        print(String(format: "validated 2 x 100,000 edges in %.2f s", s))
        XCTAssertEqual(issues.map(\.kind), [.cycle, .danglingReference])
        XCTAssertTrue(issues[0].message.contains("cycle of 100000 edges"), issues[0].message)
        XCTAssertLessThan(s, 20)
    }
}
