import XCTest
import Foundation

/// Issue #17 part 2 through the built binary: the ministry inventory as CSV and as the XLSX written from
/// it (scripts/make-inventory-fixtures.py, openpyxl) gives the same outputs, byte for byte, apart from
/// the fields that name the input record (input_origin).
final class WorkbookInventoryTests: XCTestCase {
    let e2e = E2E()
    var csv: String { e2e.root.appendingPathComponent("Tests/Fixtures/ministry-inventory.csv").path }
    var xlsx: String { e2e.root.appendingPathComponent("Tests/SiteKitTests/Fixtures/ministry.xlsx").path }

    /// sites.geojson with each feature's input_origin removed (it names the file and line or row).
    func geojsonWithoutOrigin(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.replacingOccurrences(of: #""input_origin": ?"[^"]*",?"#, with: "", options: .regularExpression)
    }

    func testCSVAndXLSXGiveIdenticalOutputs() throws {
        let a = e2e.tmp(), b = e2e.tmp()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let r1 = try e2e.run(["run", e2e.basin, "--sites", csv, "--out", a, "--quiet", "--no-map", "--format", "geojson,csv"])
        XCTAssertEqual(r1.status, 0, r1.err)
        let r2 = try e2e.run(["run", e2e.basin, "--sites", xlsx, "--out", b, "--quiet", "--no-map", "--format", "geojson,csv"])
        XCTAssertEqual(r2.status, 0, r2.err)
        XCTAssertTrue(r2.out.contains("records read 19: accepted 16, rejected 3"), r2.out)
        XCTAssertTrue(r2.out.contains("read ministry.xlsx sheet 'Реестр' (19 records)"), r2.out)
        let s1 = try Data(contentsOf: URL(fileURLWithPath: "\(a)/sites.csv")), s2 = try Data(contentsOf: URL(fileURLWithPath: "\(b)/sites.csv"))
        XCTAssertFalse(s1.isEmpty)
        XCTAssertEqual(s1, s2, "sites.csv differs between the CSV and the XLSX inventory")
        let g1 = try geojsonWithoutOrigin("\(a)/sites.geojson"), g2 = try geojsonWithoutOrigin("\(b)/sites.geojson")
        XCTAssertTrue(g1.contains("KG-KHD"))
        XCTAssertEqual(g1, g2, "sites.geojson differs between the CSV and the XLSX inventory")
        // rejects.csv: the same records, placed by sheet, row and column.
        let rej = try String(contentsOfFile: "\(b)/rejects.csv", encoding: .utf8)
        XCTAssertTrue(rej.contains("\"ministry.xlsx, sheet 'Реестр', column F\",16,,UZ-CHK,lat,"), rej)
    }

    func testWorkbookWithoutAReadableSheetFails() throws {
        let r = try e2e.run(["validate", xlsx, "--basin", e2e.basin, "--rejects", e2e.tmp() + ".csv", "--sheet", "Примечания"])
        XCTAssertEqual(r.status, 1, r.out)
        XCTAssertTrue(r.err.contains("ministry.xlsx: no sheet with a recognisable header"), r.err)
    }
}
