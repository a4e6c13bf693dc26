import XCTest
import Foundation

/// The basinmap binary on a ministry-style inventory (issue #14 parts 3 and 5): warnings instead of
/// rejects, kind_input in both outputs, --columns, and the exit statuses.
final class InventoryCommandTests: XCTestCase {
    let root = CommandTests.root
    var basin: String { root.appendingPathComponent("Basins/syr-darya").path }
    var ministry: String { root.appendingPathComponent("Tests/Fixtures/ministry-inventory.csv").path }

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try E2E().run(args)
    }

    func tmp() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-inv-\(UUID().uuidString)").path }

    func testMinistryInventoryRunsAndKeepsKindInput() throws {
        let out = tmp()
        let r = try run(["run", basin, "--sites", ministry, "--out", out, "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("records read 19: accepted 16, rejected 3"), r.out)
        let gj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/sites.geojson"))) as! [String: Any]
        let props = (gj["features"] as! [[String: Any]]).map { $0["properties"] as! [String: Any] }
        let ken = try XCTUnwrap(props.first { $0["id"] as? String == "KZ-KEN" })
        XCTAssertEqual(ken["kind"] as? String, "other")
        XCTAssertEqual(ken["kind_input"] as? String, "рудник")
        XCTAssertEqual(ken["kind_detail"] as? String, "mine")
        let khd = try XCTUnwrap(props.first { $0["id"] as? String == "KG-KHD" })
        XCTAssertTrue((khd["warnings"] as? String ?? "").contains("stored_volume_m3 '3 923,9 тыс. т'"), "\(khd["warnings"] ?? "")")
        let csv = try String(contentsOfFile: "\(out)/sites.csv", encoding: .utf8)
        let header = csv.split(separator: "\r\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        XCTAssertEqual(Array(header.prefix(6)), ["risk_rank", "id", "name", "kind", "kind_input", "kind_detail"])
        XCTAssertTrue(csv.contains(",KZ-KEN,Ачисай / Кентау,other,рудник,mine,"), csv)
    }

    func testExitStatuses() throws {
        // 3: --strict and warnings (this inventory has both rejects and warnings).
        XCTAssertEqual(try run(["validate", ministry, "--basin", basin, "--rejects", tmp() + ".csv", "--strict"]).status, 3)
        // 3 also for warnings alone: a clean file with one unparseable optional value.
        let dir = tmp()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let warnOnly = "\(dir)/warn.csv"
        try "id,name,kind,lat,lon,stored_volume_m3\nA1,Site,tailings,41.28,72.47,lots\n".write(toFile: warnOnly, atomically: true, encoding: .utf8)
        let lax = try run(["validate", warnOnly, "--rejects", "\(dir)/r.csv"])
        XCTAssertEqual(lax.status, 0, lax.out)
        XCTAssertTrue(lax.out.contains("accepted 1, rejected 0, warned 1"), lax.out)
        XCTAssertTrue(lax.out.contains("stored_volume_m3 'lots': not a number"), lax.out)
        XCTAssertEqual(try run(["validate", warnOnly, "--rejects", "\(dir)/r.csv", "--strict"]).status, 3)
        // A file warning alone (a repeated column) is a warning too.
        let fileWarn = "\(dir)/twice.csv"
        try "id,name,kind,lat,lon,lat\nA1,Site,tailings,41.28,72.47,41.28\n".write(toFile: fileWarn, atomically: true, encoding: .utf8)
        let tw = try run(["validate", fileWarn, "--rejects", "\(dir)/r.csv", "--strict"])
        XCTAssertEqual(tw.status, 3, tw.out)
        XCTAssertTrue(tw.out.contains("column 4 'lat' and column 6 'lat' both map to lat"), tw.out)
        // 1: a malformed --columns file; 64: usage.
        try "{\"Код\": 5}".write(toFile: "\(dir)/bad.json", atomically: true, encoding: .utf8)
        let bad = try run(["run", basin, "--sites", warnOnly, "--columns", "\(dir)/bad.json", "--out", "\(dir)/out", "--quiet"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.err.contains("bad.json") && bad.err.contains("expected a field name or null"), bad.err)
        XCTAssertEqual(try run(["run", basin, "--no-such-option"]).status, 64)
        let help = try run(["--help"])
        XCTAssertTrue(help.out.contains("3   --strict: the inventories gave at least one reject or warning"), help.out)
    }

    func testColumnsOptionMapsHeaders() throws {
        let dir = tmp()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "Шифр;Объект ХХ;Тип;Широта;Долгота;Мощность, тыс. м3\nQ1;Кадамжай;хвостохранилище;40,13;71,72;2 592\n".write(toFile: "\(dir)/own.csv", atomically: true, encoding: .utf8)
        try #"{"Шифр": "id", "Объект ХХ": "name", "Мощность, тыс. м3": "stored_volume_m3"}"#.write(toFile: "\(dir)/columns.json", atomically: true, encoding: .utf8)
        let without = try run(["validate", "\(dir)/own.csv", "--rejects", "\(dir)/r.csv"])
        XCTAssertTrue(without.out.contains("accepted 0, rejected 1"), without.out)
        let out = "\(dir)/out"
        let r = try run(["run", basin, "--sites", "\(dir)/own.csv", "--columns", "\(dir)/columns.json", "--out", out, "--quiet", "--no-map", "--strict"])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        let gj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/sites.geojson"))) as! [String: Any]
        let p = ((gj["features"] as! [[String: Any]])[0]["properties"] as! [String: Any])
        XCTAssertEqual(p["id"] as? String, "Q1")
        XCTAssertEqual((p["stored_volume_m3"] as? NSNumber)?.doubleValue, 2_592_000)
    }
}
