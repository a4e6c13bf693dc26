import XCTest
import Foundation

/// The example inventory through the real executable: unknown counted apart from yes and no, the class
/// marks in the ranked CSV, and `--rank-by`.
final class HonestAnswersTests: XCTestCase {
    let basin = CommandTests.root.appendingPathComponent("Basins/syr-darya").path


    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try E2E().run(args)
    }

    func tmp() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-honest-\(UUID().uuidString)").path }

    /// sites.csv as rows keyed by header (a plain reader: the example's names hold no quotes or line breaks).
    func table(_ dir: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: "\(dir)/sites.csv", encoding: .utf8)
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        for c in text.unicodeScalars {
            if quoted { if c == "\"" { quoted = false } else { field.unicodeScalars.append(c) } }
            else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r" { }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
        }
        let head = rows.removeFirst()
        return rows.map { Dictionary(uniqueKeysWithValues: zip(head, $0)) }
    }

    /// The default run, shared by both tests (each run costs seconds in a debug build).
    nonisolated(unsafe) static var defaultRun: (out: String, result: (status: Int32, out: String, err: String))?
    func runDefault() throws -> (out: String, result: (status: Int32, out: String, err: String)) {
        if let d = Self.defaultRun { return d }
        let out = tmp()
        let d = (out, try run(["run", basin, "--out", out, "--quiet", "--no-map"]))
        Self.defaultRun = d
        return d
    }

    func testExampleCountsUnknownApartAndMarksClassesThatRestOnStandIns() throws {
        let (out, r) = try runDefault()
        XCTAssertEqual(r.status, 0, r.err)
        let rows = try table(out)
        XCTAssertEqual(rows.count, 14)
        let yes = rows.filter { $0["transboundary"] == "yes" }.count
        let no = rows.filter { $0["transboundary"] == "no" }.count
        let unknown = rows.filter { $0["transboundary"] == "unknown" }.count
        XCTAssertEqual([yes, no, unknown], [11, 1, 2])
        XCTAssertTrue(r.out.contains("transboundary impact possible: 11 of 14 sites; unknown 2 ("), r.out)
        XCTAssertTrue(r.out.contains("none 1"), r.out)
        for row in rows where row["transboundary"] != "yes" {
            XCTAssertFalse(row["transboundary_reason"]!.isEmpty, "\(row["id"]!) needs a reason")
        }
        let kentau = try XCTUnwrap(rows.first { $0["id"] == "KZ-KEN" })
        XCTAssertEqual(kentau["transboundary"], "unknown")
        XCTAssertTrue(kentau["transboundary_reason"]!.contains("over the 50 km entry limit"), kentau["transboundary_reason"]!)

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
        let counts = summary["counts"] as! [String: Any]
        XCTAssertEqual((counts["transboundary_yes"] as! NSNumber).intValue, 11)
        XCTAssertEqual((counts["transboundary_no"] as! NSNumber).intValue, 1)
        XCTAssertEqual((counts["transboundary_unknown"] as! NSNumber).intValue, 2)
        XCTAssertEqual(summary["rank_by"] as? String, "default")

        // The mark: set exactly where the ranking class would change within the stand-ins' range.
        var marked = 0
        for row in rows {
            let idx = row["risk_index"]!
            let low = row["\(idx)_class_low"]!, high = row["\(idx)_class_high"]!
            XCTAssertEqual(row["risk_class_low"], low)
            XCTAssertEqual(row["risk_class_high"], high)
            XCTAssertEqual(row["risk_class_may_change"], low != high ? "true" : "false", row["id"]!)
            XCTAssertLessThanOrEqual(Double(row["\(idx)_low"]!)!, Double(row[idx]!)!)
            XCTAssertLessThanOrEqual(Double(row[idx]!)!, Double(row["\(idx)_high"]!)!)
            if low != high { marked += 1 }
        }
        XCTAssertEqual((counts["risk_class_may_change"] as! NSNumber).intValue, marked)
        XCTAssertTrue(r.out.contains("class rests on stand-ins (would change within their ranges, marked ~): \(marked) sites"), r.out)
        // Mailuu-Suu No. 3 has its real volume; Sumsar's is a stand-in.
        let ms = try XCTUnwrap(rows.first { $0["id"] == "KG-MS-T3" }), sum = try XCTUnwrap(rows.first { $0["id"] == "KG-SUM" })
        XCTAssertLessThan(Int(ms["TRI_stand_ins"]!)!, Int(sum["TRI_stand_ins"]!)!)
    }

    func testRankByReordersByTheLowAndHighValues() throws {
        var order: [String: [String]] = [:]
        var rowsBy: [String: [[String: String]]] = [:]
        for view in ["default", "low", "high"] {
            let out = view == "default" ? try runDefault().out : tmp()
            let r = view == "default" ? try runDefault().result : try run(["run", basin, "--out", out, "--quiet", "--no-map", "--rank-by", view])
            XCTAssertEqual(r.status, 0, r.err)
            let rows = try table(out).sorted { Int($0["risk_rank"]!)! < Int($1["risk_rank"]!)! }
            order[view] = rows.map { $0["id"]! }
            rowsBy[view] = rows
            XCTAssertTrue(r.out.contains("ranked by \(view) stand-ins"), r.out)
        }
        XCTAssertNotEqual(order["low"], order["default"])
        XCTAssertNotEqual(order["high"], order["default"])
        // Each view is ordered by its own class rank, then value (sites of one index compared).
        let classRank = ["low": 0, "medium": 1, "high": 2, "very high": 3]
        for view in ["low", "high"] {
            let tri = rowsBy[view]!.filter { $0["risk_index"] == "TRI" }
            let keys = tri.map { (classRank[$0["TRI_class_\(view)"]!]!, Double($0["TRI_\(view)"]!)!) }
            for k in 1..<keys.count {
                XCTAssertTrue(keys[k - 1].0 > keys[k].0 || (keys[k - 1].0 == keys[k].0 && keys[k - 1].1 >= keys[k].1),
                              "\(view): \(tri[k - 1]["id"]!) before \(tri[k]["id"]!)")
            }
        }
        // Mailuu-Suu No. 3 (its own volume) rises above Sumsar (volume stood in) at the least severe stand-ins.
        let low = order["low"]!, def = order["default"]!
        XCTAssertLessThan(low.firstIndex(of: "KG-MS-T3")!, low.firstIndex(of: "KG-SUM")!)
        XCTAssertGreaterThan(def.firstIndex(of: "KG-MS-T3")!, def.firstIndex(of: "KG-SUM")!)
        let r = try run(["run", basin, "--out", tmp(), "--quiet", "--rank-by", "worst"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("--rank-by expects low, default or high, got 'worst'"), r.err)
    }
}
