import XCTest
import GeoKit
import Pipeline

final class GeoJSONOutputTests: XCTestCase {
    let layers = ["sites.geojson", "footprints.geojson", "traces.geojson", "zones.geojson", "rivers.geojson", "borders.geojson", "countries.geojson", "lakes.geojson"]

    func testEveryLayerFollowsRFC7946() async throws {
        let (dir, _) = try await RunFixture.shared()
        let decimals = try NSRegularExpression(pattern: "[-0-9]\\.[0-9]{8,}[,\\]]")
        for name in layers {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let root = try JSON.parse(text)
            XCTAssertEqual(root["type"]?.stringValue, "FeatureCollection", name)
            XCTAssertNil(root["crs"], "\(name): RFC 7946 has no crs member")
            let feats = try XCTUnwrap(root["features"]?.arrayValue, name)
            for (i, f) in feats.enumerated() {
                XCTAssertNotNil(f["properties"]?.objectValue, "\(name) feature \(i): properties must be an object")
                XCTAssertNotNil(f["geometry"], "\(name) feature \(i): geometry member must be present")
            }
            // Coordinates: at most 7 decimals (the geometry part of each feature line).
            for line in text.split(separator: "\n") {
                guard let g = line.range(of: "\"geometry\":") else { continue }
                let geom = String(line[g.upperBound...])
                XCTAssertEqual(decimals.numberOfMatches(in: geom, range: NSRange(geom.startIndex..., in: geom)), 0, "\(name): more than 7 decimals")
            }
            for f in try RunFixture.features(dir, name) {
                for c in f.geometry?.coordinates ?? [] {
                    XCTAssertTrue((-180...180).contains(c.lon) && (-90...90).contains(c.lat), "\(name): lon/lat order and range")
                }
            }
        }
    }

    func testRingsAreCounterClockwiseWithClockwiseHoles() async throws {
        let (dir, _) = try await RunFixture.shared()
        var holes = 0
        for name in ["countries.geojson", "lakes.geojson"] {
            for f in try RunFixture.features(dir, name) {
                var polys: [Polygon] = []
                switch f.geometry {
                case .polygon(let p): polys = [p]
                case .multiPolygon(let ps): polys = ps
                default: XCTFail("\(name): polygonal geometry expected")
                }
                for p in polys {
                    XCTAssertTrue(Ring.isCounterClockwise(p.exterior), "\(name): exterior ring must be counter-clockwise")
                    for h in p.holes { XCTAssertFalse(Ring.isCounterClockwise(h), "\(name): hole must be clockwise"); holes += 1 }
                }
            }
        }
        XCTAssertGreaterThan(holes, 0, "the enclaves are holes in Kyrgyzstan and Uzbekistan")
    }

    func testEveryAcceptedSiteAppearsExactlyOnce() async throws {
        let (dir, report) = try await RunFixture.shared()
        let feats = try RunFixture.features(dir, "sites.geojson")
        let ids = feats.compactMap { $0["id"]?.stringValue }
        XCTAssertEqual(ids.count, report.result.sites.count)
        XCTAssertEqual(Set(ids), Set(report.result.sites.map(\.id)))
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(report.result.recordsRead, report.result.sites.count + report.result.rejects.count, "nothing lost")
        // Units in the names, and a uniform schema.
        let keys = feats.map { $0.properties.map(\.0) }
        XCTAssertTrue(keys.allSatisfy { $0 == keys[0] })
        for k in ["river_distance_m", "border_distance_m", "first_transboundary_km", "first_transboundary_h", "outlet_km", "outlet_h"] {
            XCTAssertTrue(keys[0].contains(k), k)
        }
    }

    func testTransboundarySitesCarryRuleAndFigures() async throws {
        let (dir, _) = try await RunFixture.shared()
        let feats = try RunFixture.features(dir, "sites.geojson")
        let degmay = try XCTUnwrap(feats.first { $0["id"]?.stringValue == "T2" })
        XCTAssertEqual(degmay["country"], .string("TJ"))
        XCTAssertEqual(degmay["transboundary"], .string("yes"))
        XCTAssertEqual(degmay["transboundary_reason"], .null)
        XCTAssertTrue(degmay["flag_rules"]?.stringValue?.contains("water_path") == true)
        XCTAssertTrue(degmay["flag_details"]?.stringValue?.contains(" km") == true)
        XCTAssertEqual(degmay["affected_countries"]?.stringValue?.hasPrefix("UZ"), true)
        XCTAssertTrue(degmay["convention_applies"]?.stringValue?.contains("UZ:no") == true)
        XCTAssertNotNil(degmay["first_transboundary_km"]?.doubleValue)
        let traces = try RunFixture.features(dir, "traces.geojson")
        XCTAssertTrue(traces.contains { $0["site_id"]?.stringValue == "T2" })
        for t in traces {
            guard case .lineString(let cs) = t.geometry else { return XCTFail("traces are LineStrings") }
            XCTAssertGreaterThanOrEqual(cs.count, 2)
        }
        // O1 (Shymkent, was `false`): traced to the outlet inside Kazakhstan, no rule fired: `no`, with the figures.
        let o1 = try XCTUnwrap(feats.first { $0["id"]?.stringValue == "O1" })
        XCTAssertEqual(o1["transboundary"], .string("no"))
        XCTAssertEqual(o1["flag_rules"], .string(""))
        let why = try XCTUnwrap(o1["transboundary_reason"]?.stringValue)
        XCTAssertTrue(why.hasPrefix("traced ") && why.contains(" km to the outlet") && why.contains("without leaving KZ"), why)
        // Every site is in exactly one of the three states, and the summary counts each.
        let states = feats.compactMap { $0["transboundary"]?.stringValue }
        XCTAssertEqual(states.count, feats.count)
        XCTAssertTrue(states.allSatisfy { ["yes", "no", "unknown"].contains($0) }, "\(states)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as! [String: Any]
        let counts = summary["counts"] as! [String: Any]
        for s in ["yes", "no", "unknown"] {
            XCTAssertEqual((counts["transboundary_\(s)"] as? NSNumber)?.intValue, states.filter { $0 == s }.count, s)
        }
        XCTAssertEqual((counts["transboundary_yes"] as? NSNumber)?.intValue, 3)
        XCTAssertEqual((counts["transboundary_no"] as? NSNumber)?.intValue, 1)
    }

    func testRunningTwiceGivesByteIdenticalFiles() async throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-det-a-\(UUID().uuidString)")
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-det-b-\(UUID().uuidString)")
        _ = try await RunFixture.run(into: a)
        _ = try await RunFixture.run(into: b)
        let files = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        XCTAssertEqual(files, try FileManager.default.contentsOfDirectory(atPath: b.path).sorted())
        XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") }, "no temporary files left behind")
        for f in files {
            var x = try Data(contentsOf: a.appendingPathComponent(f)), y = try Data(contentsOf: b.appendingPathComponent(f))
            if f == "summary.json" {
                // The one measured member: timings. Everything else must match.
                func strip(_ d: Data) throws -> Data {
                    guard case .object(let m) = try JSON.parse(d) else { return d }
                    return Data(JSONWriter.string(.object(m.filter { $0.0 != "timings_s" })).utf8)
                }
                x = try strip(x); y = try strip(y)
            }
            XCTAssertEqual(x, y, "\(f) differs between two runs on the same input")
        }
    }
}
