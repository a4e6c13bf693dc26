import XCTest
import Foundation

/// Runs the real `basinmap` executable as a user would and checks outputs, messages and exit statuses.
final class CommandTests: XCTestCase {
    static let root: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()
    let basin = root.appendingPathComponent("Basins/syr-darya").path
    let fixture = root.appendingPathComponent("Tests/Fixtures/e2e-sites.csv").path


    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try E2E().run(args)
    }

    func tmp() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-e2e-\(UUID().uuidString)").path }

    func testRunOnTheDefaultBasinWritesEveryOutput() throws {
        let out = tmp()
        let r = try run(["run", basin, "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        for f in ["sites.geojson", "sites.qml", "footprints.geojson", "traces.geojson", "zones.geojson", "rivers.geojson", "borders.geojson",
                  "countries.geojson", "lakes.geojson", "sites.csv", "rejects.csv", "summary.json", "hazard-map.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(f)"), "missing \(f)")
        }
        XCTAssertTrue(r.out.contains("records read"), r.out)
        XCTAssertTrue(r.out.contains("highest risk:"), r.out)
        // Progress goes to stderr, never into the summary on stdout.
        XCTAssertTrue(r.err.contains("analysing"), r.err)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
        let counts = summary["counts"] as! [String: Any]
        XCTAssertEqual((counts["records_read"] as! NSNumber).intValue, (counts["accepted"] as! NSNumber).intValue + (counts["rejected"] as! NSNumber).intValue)
        XCTAssertNotNil((summary["libraries"] as! [String: Any])["geos"])
    }

    func testFixtureInventoryRejectsAreCountedAndStrictModeFails() throws {
        let out = tmp()
        let r = try run(["run", basin, "--sites", fixture, "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("records read 7: accepted 4, rejected 3"), r.out)
        XCTAssertTrue(r.err.isEmpty, "--quiet prints no progress: \(r.err)")
        let strict = try run(["run", basin, "--sites", fixture, "--out", tmp(), "--quiet", "--strict"])
        XCTAssertEqual(strict.status, 3, "strict mode with rejects exits 3")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/rejects.csv"))
    }

    func testValidateReportsEachReject() throws {
        let rejects = tmp() + ".csv"
        let r = try run(["validate", fixture, "--basin", basin, "--rejects", rejects, "--strict"])
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.out.contains("line 7 field lat"), r.out)
        XCTAssertTrue(r.out.contains("appear swapped"), r.out)
        XCTAssertTrue(r.out.contains("duplicate id 'T1'"), r.out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: rejects))
    }

    func testTraceAnswersForKhujand() throws {
        let r = try run(["trace", basin, "--at", "69.62,40.28"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("in TJ"), r.out)
        XCTAssertTrue(r.out.contains("crosses TJ > UZ"), r.out)
        XCTAssertTrue(r.out.contains("reaches the outlet"), r.out)
        let j = try run(["trace", basin, "--at", "69.62,40.28", "--json"])
        let obj = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as! [String: Any]
        XCTAssertEqual(obj["country"] as? String, "TJ")
        let crossings = obj["crossings"] as! [[String: Any]]
        XCTAssertEqual(crossings.first?["to"] as? String, "UZ")
        XCTAssertGreaterThan((obj["outlet_km"] as! NSNumber).doubleValue, 1000)
    }

    func testBasinInfoDescribesTheBasin() throws {
        let r = try run(["basin", "info", basin])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Syr Darya"))
        XCTAssertTrue(r.out.contains("KZ Kazakhstan: Party"), r.out)
        XCTAssertTrue(r.out.contains("UZ Uzbekistan: not a Party"), r.out)
        XCTAssertTrue(r.out.contains("Naryn"), r.out)
    }

    func testBadInputsGiveClearMessagesAndStatuses() throws {
        let missingBasin = try run(["run", "/nonexistent/basin", "--out", tmp()])
        XCTAssertEqual(missingBasin.status, 1)
        XCTAssertTrue(missingBasin.err.contains("/nonexistent/basin"), missingBasin.err)

        let missingSites = try run(["run", basin, "--sites", "/nonexistent/sites.csv", "--out", tmp(), "--quiet"])
        XCTAssertEqual(missingSites.status, 1)
        XCTAssertTrue(missingSites.err.contains("/nonexistent/sites.csv"), missingSites.err)

        let badRules = tmp() + ".json"
        try #"{"title": "broken", "indices": [ }"#.write(toFile: badRules, atomically: true, encoding: .utf8)
        let rules = try run(["run", basin, "--rules", badRules, "--out", tmp(), "--quiet"])
        XCTAssertEqual(rules.status, 1)
        XCTAssertTrue(rules.err.contains("line 1"), rules.err)

        let usage = try run(["trace", basin, "--at", "north of Osh"])
        XCTAssertEqual(usage.status, 64)
        XCTAssertTrue(usage.err.contains("LON,LAT"), usage.err)

        let velocity = try run(["run", basin, "--river-velocity", "-1", "--out", tmp()])
        XCTAssertEqual(velocity.status, 64)
        XCTAssertTrue(velocity.err.contains("--river-velocity"), velocity.err)
    }

    func testHelpReadsLikeAManPage() throws {
        let r = try run(["--help"])
        XCTAssertEqual(r.status, 0)
        for s in ["EXIT STATUS", "run", "validate", "trace", "basin", "EXAMPLES"] { XCTAssertTrue(r.out.contains(s), s) }
        let run = try self.run(["run", "--help"])
        XCTAssertTrue(run.out.contains("--strict"))
        XCTAssertTrue(run.out.contains("--border-km"))
    }
}
