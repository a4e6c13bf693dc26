import XCTest
import Foundation

/// sites.csv and rejects.csv as spreadsheets read them: no formula runs, a Russian-locale layout on
/// request, and the inventory's own columns after the computed ones (#15.4, #14.6).
final class CSVOutputTests: XCTestCase {
    let e2e = E2E()

    /// Cells of a CSV text (RFC 4180 quoting), split on `delimiter`.
    func parse(_ text: String, delimiter: Character = ",") -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var it = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let c = it.popFirst() {
            if quoted {
                if c == "\"" { if it.first == "\"" { cell.append("\""); it.removeFirst() } else { quoted = false } } else { cell.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == delimiter { row.append(cell); cell = ""
            } else if c == "\r\n" || c == "\n" { row.append(cell); rows.append(row); row = []; cell = ""
            } else { cell.append(c) }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    /// An inventory whose names and own columns try to run formulas, with a line break before the `=`.
    func hostileInventory() throws -> String {
        let path = e2e.tmp() + ".csv"
        let csv = "id,name,kind,country,lat,lon,dam_height_m,operator,permit_volume\r\n"
            + "H1,\"\r=HYPERLINK(\"\"http://x\"\")\",tailings,KG,41.282,72.476,15.5,\"\n@SUM(A1)\",1200.5\r\n"
            + "H2,\"\n+cmd|calc\",tailings,KG,41.0,72.0,,\t-2+3,7\r\n"
            + "H3,Plain name,tailings,UZ,41.0,69.35,,=1+1,\r\n"
            + "B1,Broken,tailings,KG,41.0,72.0,,x,\r\n"
            + "B1,\"\r-dup\",tailings,KG,41.0,72.0,,x,\r\n"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testNoCellOfAnyCSVCanRunAsAFormula() throws {
        let out = e2e.tmp()
        let r = try e2e.run(["run", e2e.basin, "--sites", try hostileInventory(), "--out", out, "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        for file in ["sites.csv", "rejects.csv"] {
            let rows = parse(try String(contentsOfFile: out + "/" + file, encoding: .utf8))
            XCTAssertGreaterThan(rows.count, 1, file)
            for row in rows { for cell in row {
                let lead = cell.drop { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\t" || $0 == " " }
                if let c = lead.first, "=+-@".contains(c) || cell.first.map({ "\t\r\n\r\n".contains($0) }) == true {
                    XCTFail("\(file): a cell a spreadsheet could run: \(cell.debugDescription)")
                }
            } }
        }
        let rows = parse(try String(contentsOfFile: out + "/sites.csv", encoding: .utf8))
        let name = try XCTUnwrap(rows[0].firstIndex(of: "name"))
        XCTAssertTrue(rows.contains { $0[name] == "'\r=HYPERLINK(\"http://x\")" }, rows.map { $0[name] }.debugDescription)
        XCTAssertTrue(rows.contains { $0[name] == "'\n+cmd|calc" })
    }

    func testRussianLocaleLayoutAndTheInventorysOwnColumns() throws {
        let inv = try hostileInventory()
        let plain = e2e.tmp(), ru = e2e.tmp()
        XCTAssertEqual(try e2e.run(["run", e2e.basin, "--sites", inv, "--out", plain, "--quiet", "--no-map"]).status, 0)
        let r = try e2e.run(["run", e2e.basin, "--sites", inv, "--out", ru, "--quiet", "--no-map", "--csv-delimiter", ";", "--decimal-comma"])
        XCTAssertEqual(r.status, 0, r.err)
        let a = parse(try String(contentsOfFile: plain + "/sites.csv", encoding: .utf8))
        let b = parse(try String(contentsOfFile: ru + "/sites.csv", encoding: .utf8), delimiter: ";")
        XCTAssertEqual(a[0], b[0], "the same columns")
        XCTAssertEqual(a.count, b.count)
        XCTAssertTrue(b.allSatisfy { $0.count == b[0].count }, "every row has every column")
        // The inventory's own columns follow the computed ones (the last computed column is lat).
        let lat = try XCTUnwrap(a[0].firstIndex(of: "lat"))
        XCTAssertEqual(Array(a[0][(lat + 1)...]), ["dam_height_m", "operator", "permit_volume"])
        let dam = lat + 1, op = lat + 2, vol = lat + 3
        let h1a = try XCTUnwrap(a.first { $0[1] == "H1" }), h1b = try XCTUnwrap(b.first { $0[1] == "H1" })
        XCTAssertEqual(h1a[dam], "15.5")
        XCTAssertEqual(h1b[dam], "15,5", "a number the tool read gets the decimal comma")
        XCTAssertEqual(h1b[vol], "1200.5", "an unknown column's text stays as the inventory wrote it")
        XCTAssertEqual(h1a[op], "'\n@SUM(A1)")
        XCTAssertEqual(h1a[lat], "41.282")
        XCTAssertEqual(h1b[lat], "41,282")
        let dist = try XCTUnwrap(a[0].firstIndex(of: "river_distance_m"))
        XCTAssertEqual(h1a[dist].replacingOccurrences(of: ".", with: ","), h1b[dist])
        XCTAssertFalse(h1b[..<vol].contains { Double($0) != nil && $0.contains(".") }, "no decimal point left: \(h1b)")
        let rejects = parse(try String(contentsOfFile: ru + "/rejects.csv", encoding: .utf8), delimiter: ";")
        XCTAssertEqual(rejects[0], ["source", "line", "feature", "id", "field", "value", "reason"])

        let bad = try e2e.run(["run", e2e.basin, "--out", e2e.tmp(), "--decimal-comma", "--csv-delimiter", ","])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.err.contains("--decimal-comma"), bad.err)
        let implied = e2e.tmp()
        XCTAssertEqual(try e2e.run(["run", e2e.basin, "--sites", inv, "--out", implied, "--quiet", "--no-map", "--decimal-comma"]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: implied + "/sites.csv", encoding: .utf8), try String(contentsOfFile: ru + "/sites.csv", encoding: .utf8),
                       "--decimal-comma alone implies ';'")
    }
}
