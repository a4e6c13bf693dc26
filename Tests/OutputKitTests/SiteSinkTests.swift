import Foundation
import XCTest
import GeoKit
import SiteKit
import ScoringKit
@testable import AnalysisKit
@testable import OutputKit

/// Issue #13 part 2: the GeoJSON and CSV sinks write the field table's rows in rank order with the rank
/// filled in, from rows spilled by several workers.
final class SiteSinkTests: XCTestCase {
    let rules = try! RuleSet.load(contentsOf: Repo.basin.appendingPathComponent("scoring.json"))

    func testSinksWriteRowsInRankOrderWithTypedValues() throws {
        let sites = (0..<5).map { i in
            Site(id: "S\(i)", name: i == 3 ? "=cmd|' /C calc'!A0" : "Site \"\(i)\"", kind: .tailings, position: Coordinate(lon: 70 + Double(i) * 0.1, lat: 41),
                 attributes: ["volume_m3": .number(Double(i) * 1000 + 0.5)], origin: RecordOrigin(file: "t.csv", line: i + 2))
        }
        let schema = SiteSchema(rules: rules, sites: sites)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sinks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sinks: [any SiteSink] = [GeoJSONSink(schema: schema, bbox: nil), CSVSink(schema: schema, format: CSVFormat(delimiter: UInt8(ascii: ";"), decimalComma: true))]
        // Two workers: sites 0-2 and 3-4.
        let ranges = [0..<3, 3..<5]
        var parts: [[any SiteRowSink]] = [[], []]
        for (w, r) in ranges.enumerated() {
            let rowSinks = try sinks.map { try $0.rowSink(worker: w, sites: r, spillDirectory: dir) }
            var values: [FieldValue] = [], scratch = SiteRowScratch()
            for i in r {
                let a = SiteAnalysis(siteIndex: i, country: CountryFinding(iso: "UZ", inside: true, distanceM: 0), river: nil, border: nil, entry: nil,
                                     trace: nil, firstTransboundary: nil, runout: nil, flags: [], affected: [], scores: [], warnings: [],
                                     transboundary: .unknown, transboundaryReason: "r\(i)")
                schema.evaluate(sites[i], a, rules: rules, into: &values, scratch: &scratch)
                for s in rowSinks { try s.append(values, position: sites[i].position) }
            }
            for k in 0..<2 { parts[k].append(rowSinks[k]) }
        }
        let ranking = [4, 1, 3, 0, 2]
        XCTAssertEqual(try sinks[0].publish(parts[0], ranking: ranking, to: dir.appendingPathComponent("s.geojson")), 5)
        XCTAssertEqual(try sinks[1].publish(parts[1], ranking: ranking, to: dir.appendingPathComponent("s.csv")), 5)

        let features = try GeoJSON.features(from: Data(contentsOf: dir.appendingPathComponent("s.geojson")), name: "s.geojson")
        XCTAssertEqual(features.map { prop($0, "id")?.stringValue }, ["S4", "S1", "S3", "S0", "S2"])
        XCTAssertEqual(features.map { prop($0, "risk_rank")?.doubleValue }, [1, 2, 3, 4, 5])
        XCTAssertEqual(prop(features[0], "volume_m3")?.doubleValue, 4000.5)
        XCTAssertEqual(prop(features[0], "river_distance_m"), .null)
        XCTAssertEqual(prop(features[1], "name")?.stringValue, "Site \"1\"")
        XCTAssertNil(prop(features[0], "lon"), "lon/lat are CSV-only: the layer has the geometry")

        let csv = try String(contentsOf: dir.appendingPathComponent("s.csv"), encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 6)
        let header = lines[0].components(separatedBy: ";")
        XCTAssertEqual(header, (sinks[1] as! CSVSink).header)
        XCTAssertTrue(lines[1].hasPrefix("1;S4;"), lines[1])
        XCTAssertTrue(lines[3].hasPrefix("3;S3;\"'=cmd|' /C calc'!A0\";") || lines[3].hasPrefix("3;S3;'=cmd|' /C calc'!A0;"), "formula defused: \(lines[3])")
        XCTAssertTrue(lines[1].contains(";4000,5"), "decimal comma in numbers: \(lines[1])")
        XCTAssertTrue(lines[1].hasSuffix(";70,4;41;4000,5"), lines[1])
    }

    func prop(_ f: Feature, _ name: String) -> JSON? { f.properties.first { $0.0 == name }?.1 }
}
