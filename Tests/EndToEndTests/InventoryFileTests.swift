import XCTest
import Foundation

/// Issue #14 part 4 through the real executable: a file that yields nothing is exit status 1 with a message
/// that names the problem; encodings are detected (with a console warning, counted in summary.json) or chosen.
final class InventoryFileTests: XCTestCase {
    let basin = CommandTests.root.appendingPathComponent("Basins/syr-darya").path
    func fixture(_ name: String) -> String { CommandTests.root.appendingPathComponent("Tests/SiteKitTests/Fixtures/\(name)").path }

    let cmd = E2E()

    func testFilesThatYieldNothingExitOne() throws {
        let null = try cmd.run(["run", basin, "--sites", "/dev/null", "--out", cmd.tmp(), "--quiet"])
        XCTAssertEqual(null.status, 1)
        XCTAssertTrue(null.err.contains("/dev/null") && null.err.contains("empty") && null.err.contains("no records"), null.err)
        XCTAssertFalse(null.err.lowercased().contains("permission"), null.err)
        let header = try cmd.run(["validate", fixture("header_only.csv"), "--rejects", cmd.tmp() + ".csv"])
        XCTAssertEqual(header.status, 1)
        XCTAssertTrue(header.err.contains("header_only.csv: a header on line 1 but no data rows"), header.err)
        let garbage = try cmd.run(["run", basin, "--sites", fixture("garbage.bin"), "--out", cmd.tmp(), "--quiet"])
        XCTAssertEqual(garbage.status, 1)
        XCTAssertTrue(garbage.err.contains("no recognisable header"), garbage.err)
        let badOption = try cmd.run(["validate", fixture("ru_cp1251.csv"), "--encoding", "latin9"])
        XCTAssertEqual(badOption.status, 64)
        XCTAssertTrue(badOption.err.contains("utf-8, utf-16le, utf-16be, cp1251, cp866, koi8-r"), badOption.err)
    }

    func testDetectedEncodingIsWarnedOnTheConsoleAndCounted() throws {
        let v = try cmd.run(["validate", fixture("ru_cp866.csv"), "--rejects", cmd.tmp() + ".csv"])
        XCTAssertEqual(v.status, 0, v.err)
        XCTAssertTrue(v.out.contains("records read 5: accepted 5, rejected 0"), v.out)
        XCTAssertTrue(v.out.contains("file warning: ru_cp866.csv: not UTF-8; read as CP866"), v.out)
        let forced = try cmd.run(["validate", fixture("ru_cp866.csv"), "--encoding", "cp866", "--rejects", cmd.tmp() + ".csv"])
        XCTAssertFalse(forced.out.contains("read as CP866"), forced.out)

        let out = cmd.tmp()
        let r = try cmd.run(["run", basin, "--sites", fixture("ru_koi8r.csv"), "--out", out, "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("file warnings (2):"), r.out)
        XCTAssertTrue(r.out.contains("read as KOI8-R"), r.out)
        XCTAssertTrue(r.out.contains("line(s) 1 above the header on line 2 skipped"), r.out)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
        let w = (summary["notes"] as! [String: Any])["inventory_file_warnings"] as! [String: Any]
        XCTAssertEqual((w["count"] as! NSNumber).intValue, 2)
        let csv = try String(contentsOfFile: "\(out)/sites.csv", encoding: .utf8)
        XCTAssertTrue(csv.contains("Шымкентский свинцовый завод, шлаки"), "names decoded from KOI8-R")
    }
}
