import XCTest
import Foundation

/// Plain messages for bad paths and points (#15.4), and messages that no longer mislead (#14.6).
final class MessageTests: XCTestCase {
    let e2e = E2E()
    var basin: String { e2e.basin }

    func assertPlain(_ r: (status: Int32, out: String, err: String), names path: String, says problem: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.err, file: file, line: line)
        XCTAssertTrue(r.err.contains(path), "names \(path): \(r.err)", file: file, line: line)
        XCTAssertTrue(r.err.contains(problem), "says \(problem): \(r.err)", file: file, line: line)
        for raw in ["Error Domain", "NSCocoaErrorDomain", "error 256", "Code=", "couldn’t", "The operation could not be completed"] {
            XCTAssertFalse(r.err.contains(raw), "Foundation text leaked: \(r.err)", file: file, line: line)
        }
    }

    func testBadPathsGetPlainMessages() throws {
        let dir = e2e.tmp()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/a-file"
        try "x".write(toFile: file, atomically: false, encoding: .utf8)
        assertPlain(try e2e.run(["run", basin, "--out", file, "--quiet"]), names: file, says: "is a file, not a folder")
        assertPlain(try e2e.run(["run", basin, "--out", file + "/sub/out", "--quiet"]), names: file, says: "is a file")
        assertPlain(try e2e.run(["run", basin, "--rules", basin, "--out", dir + "/o1", "--quiet"]), names: basin, says: "is a folder; --rules expects a file")
        assertPlain(try e2e.run(["run", basin, "--sites", dir, "--out", dir + "/o2", "--quiet"]), names: dir, says: "is a folder; --sites expects a file")
        let null = try e2e.run(["run", basin, "--sites", "/dev/null", "--out", dir + "/o3", "--quiet"])
        assertPlain(null, names: "/dev/null", says: "no records")
        XCTAssertFalse(null.err.contains("permission"), null.err)
        assertPlain(try e2e.run(["run", file, "--out", dir + "/o4", "--quiet"]), names: file, says: "is a file; expected the basin folder")
        // A read-only folder: root writes through chmod, so this one case needs an ordinary user.
        if geteuid() != 0 {
            let ro = dir + "/read-only"
            try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
            chmod(ro, 0o555)
            defer { chmod(ro, 0o755) }
            assertPlain(try e2e.run(["run", basin, "--out", ro, "--quiet"]), names: ro, says: "permission denied")
            assertPlain(try e2e.run(["run", basin, "--out", ro + "/new", "--quiet"]), names: ro + "/new", says: "permission denied")
        }
    }

    func testTracePointsAreReadAndCheckedLikeInventoryPositions() throws {
        let hex = try e2e.run(["trace", basin, "--at", "0x48,0x28"])
        XCTAssertEqual(hex.status, 64, "Swift reads 0x48 as 72: refused like the CSV reader refuses it")
        XCTAssertTrue(hex.err.contains("decimal degrees"), hex.err)
        let zero = try e2e.run(["trace", basin, "--at", "-0,-0"])
        XCTAssertFalse(zero.err.contains("expects LON,LAT"), "-0,-0 parses: \(zero.err)")
        XCTAssertEqual(zero.status, 1)
        XCTAssertTrue(zero.err.contains("outside the basin's extent"), zero.err)
        let swapped = try e2e.run(["trace", basin, "--at", "40.28,69.62"])
        XCTAssertEqual(swapped.status, 1)
        XCTAssertTrue(swapped.err.contains("latitude and longitude appear swapped"), swapped.err)
        XCTAssertTrue(swapped.err.contains("69.62"), swapped.err)
        // Inside the extent, in Afghanistan: no country of the basin.
        let abroad = try e2e.run(["trace", basin, "--at", "66.9,36.9"])
        XCTAssertEqual(abroad.status, 1, abroad.out)
        XCTAssertTrue(abroad.err.contains("outside every country"), abroad.err)
        let entry = try e2e.run(["trace", basin, "--at", "69.62,40.28", "--entry-km", "-1"])
        XCTAssertEqual(entry.status, 64)
        XCTAssertTrue(entry.err.contains("--entry-km must be a distance >= 0 km"), entry.err)
        let border = try e2e.run(["run", basin, "--border-km", "-1", "--out", e2e.tmp()])
        XCTAssertEqual(border.status, 64)
        XCTAssertTrue(border.err.contains("--border-km must be a distance >= 0 km"), border.err)
        let west = try e2e.run(["trace", basin, "--at", "69.62,40.28"])
        XCTAssertEqual(west.status, 0, west.err)
    }

    /// Every flagged site with a path has its trace, including the ones whose first transboundary point is
    /// the entry point itself; the summary says which rule left any out.
    func testEveryFlaggedSiteWithAPathHasItsTrace() throws {
        let out = e2e.tmp()
        let r = try e2e.run(["run", basin, "--out", out, "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("* = transboundary impact possible"), "the console explains its marker: \(r.out)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let traces = (summary["notes"] as! [String: Any])["traces"] as! [String: Any]
        XCTAssertEqual(traces["written"] as? Int, traces["flagged_sites_with_a_path"] as? Int, "\(traces)")
        XCTAssertFalse((traces["note"] as! String).contains("--trace-limit"), "\(traces)")
        let layer = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/traces.geojson"))) as! [String: Any]
        let ids = (layer["features"] as! [[String: Any]]).map { ($0["properties"] as! [String: Any])["site_id"] as! String }
        for id in ["KG-SUM", "UZ-YAN"] { XCTAssertTrue(ids.contains(id), "\(id) (transboundary at 0 km) has its trace: \(ids)") }

        let limited = e2e.tmp()
        XCTAssertEqual(try e2e.run(["run", basin, "--out", limited, "--quiet", "--no-map", "--trace-limit", "2"]).status, 0)
        let s2 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: limited + "/summary.json"))) as! [String: Any]
        let t2 = (s2["notes"] as! [String: Any])["traces"] as! [String: Any]
        XCTAssertEqual(t2["written"] as? Int, 2)
        XCTAssertTrue((t2["note"] as! String).contains("beyond --trace-limit 2"), "\(t2)")
    }
}
