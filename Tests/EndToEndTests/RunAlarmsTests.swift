import XCTest
import Foundation

/// The alarm model inside `run` (#18): alarms.csv and the GeoPackage's alarms table in risk order, the
/// alarm_* fields of the site table, the charts, and `unknown` where a basin has no hydrology data.
final class RunAlarmsTests: XCTestCase {
    let e2e = E2E()

    func csv(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var it = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" { if let n = it.next() { if n == "\"" { cell.unicodeScalars.append(n) } else { quoted = false; pending = n } } else { quoted = false } }
                else { cell.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(cell); cell = "" }
            else if c == "\r" { continue }
            else if c == "\n" { row.append(cell); rows.append(row); row = []; cell = "" }
            else { cell.unicodeScalars.append(c) }
        }
        let head = rows.removeFirst()
        return rows.map { Dictionary(uniqueKeysWithValues: zip(head, $0)) }
    }

    /// One default run on the example inventory, shared by the tests that read it.
    nonisolated(unsafe) static var defaultOut: String?
    func defaultRun() throws -> String {
        if let o = Self.defaultOut { return o }
        let out = e2e.tmp()
        let r = try e2e.run(["run", e2e.basin, "--out", out, "--no-map", "--quiet"])
        XCTAssertEqual(r.status, 0, r.err)
        Self.defaultOut = out
        return out
    }

    func testEverySiteInRankOrderAndTheSiteFieldsAgreeWithTheTable() throws {
        let out = try defaultRun()
        let alarms = try csv(out + "/alarms.csv"), sites = try csv(out + "/sites.csv")
        XCTAssertEqual(Set(alarms.map { $0["site_id"]! }), Set(sites.map { $0["id"]! }), "every site has a row in alarms.csv")
        let ranks = alarms.map { Int($0["risk_rank"]!)! }
        XCTAssertEqual(ranks, ranks.sorted(), "alarms.csv is in risk order")
        for s in sites {
            let rank = s["risk_rank"]!, mine = alarms.filter { $0["site_id"] == s["id"] }
            XCTAssertTrue(mine.allSatisfy { $0["risk_rank"] == rank }, "site \(s["id"]!): rank \(rank) in both tables")
            guard let cp = s["alarm_checkpoint"], !cp.isEmpty else { continue }
            let row = try XCTUnwrap(mine.first { $0["checkpoint"] == cp }, "site \(s["id"]!): its first checkpoint \(cp) is in alarms.csv")
            XCTAssertEqual(Double(s["alarm_leading_h"]!)!, Double(row["warning_leading_h"]!)!, accuracy: 0.006)
            XCTAssertEqual(Double(s["alarm_peak_h"]!)!, Double(row["peak_most_probable_h"]!)!, accuracy: 0.006)
            let lead = Double(row["warning_leading_h"]!)!, peak = Double(row["peak_most_probable_h"]!)!, trail = Double(row["trailing_h"]!)!
            XCTAssertTrue(lead < peak && peak < trail, "\(s["id"]!) at \(cp): leading \(lead) < peak \(peak) < trailing \(trail)")
        }
        let withFigures = sites.filter { !($0["alarm_leading_h"] ?? "").isEmpty }
        XCTAssertGreaterThanOrEqual(withFigures.count, 5, "the transboundary sites traced across a border have alarm figures")
        // A site traced to the outlet in one country, or not traced, has no first-crossing figures, and alarms.csv says why.
        for s in sites where (s["alarm_leading_h"] ?? "").isEmpty {
            XCTAssertTrue(alarms.contains { $0["site_id"] == s["id"] && (!($0["note"] ?? "").isEmpty || !($0["checkpoint"] ?? "").isEmpty) }, s["id"]!)
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let a = (summary["notes"] as! [String: Any])["alarms"] as! [String: Any]
        XCTAssertEqual(a["status"] as? String, "computed")
        XCTAssertEqual(a["rows"] as? Int, alarms.count)
        XCTAssertFalse((a["assumptions"] as! [String]).isEmpty, "the assumptions are in summary.json")
        print("run alarms: \(alarms.count) rows for \(sites.count) sites, \(withFigures.count) with figures at the first transboundary point, \((a["charts"] as! [String]).count) charts")
    }

    func testGeoPackageTableMatchesTheCSV() throws {
        let out = try defaultRun()
        let rows = try csv(out + "/alarms.csv")
        let info = try E2E.process(URL(fileURLWithPath: "/usr/bin/ogrinfo"), ["-so", out + "/basinmap.gpkg", "alarms"])
        XCTAssertEqual(info.status, 0, info.err)
        XCTAssertTrue(info.out.contains("Geometry: None"), info.out)
        XCTAssertTrue(info.out.contains("Feature Count: \(rows.count)"), info.out)
        XCTAssertTrue(info.out.contains("warning_leading_h: Real"), info.out)
        XCTAssertTrue(info.out.contains("risk_rank: Integer64"), info.out)
        let q = try E2E.process(URL(fileURLWithPath: "/usr/bin/ogrinfo"), ["-q", "-sql", "SELECT site_id, checkpoint, warning_leading_h FROM alarms WHERE fid = 1", out + "/basinmap.gpkg"])
        XCTAssertEqual(q.status, 0, q.err)
        XCTAssertTrue(q.out.contains("site_id (String) = \(rows[0]["site_id"]!)"), q.out)
        if let h = rows[0]["warning_leading_h"], !h.isEmpty { XCTAssertTrue(q.out.contains("warning_leading_h (Real) = \(h)"), q.out) }
    }

    /// The run and `trace --at` are one model: the same site gives the same figures both ways.
    func testTheRunAgreesWithTheIncidentQuery() throws {
        let out = try defaultRun()
        let rows = try csv(out + "/alarms.csv").filter { $0["site_id"] == "TJ-DEG" }
        let crossing = try XCTUnwrap(rows.first { $0["checkpoint_kind"] == "crossing" || $0["checkpoint_kind"] == "border reach" })
        let r = try e2e.run(["trace", e2e.basin, "--at", "69.6967,40.2386", "--mass-kg", "1000", "--json"])
        XCTAssertEqual(r.status, 0, r.err)
        let a = (try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any])["alarm"] as! [String: Any]
        let cp = try XCTUnwrap((a["checkpoints"] as! [[String: Any]]).first { $0["name"] as? String == crossing["checkpoint"] })
        XCTAssertEqual(cp["warning_leading_h"] as! Double, Double(crossing["warning_leading_h"]!)!, accuracy: 0.006)
        let perT = Double(crossing["peak_mg_l_per_t"]!)!
        XCTAssertEqual(cp["warning_peak_mg_l"] as! Double, perT, accuracy: perT * 0.001)
    }

    func testChartsForTheTopSitesAreWellFormedSVG() throws {
        let out = try defaultRun()
        let charts = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("alarm-chart-") }.sorted()
        XCTAssertFalse(charts.isEmpty)
        // The highest-ranked traced site comes first; every chart is listed in summary.json.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        XCTAssertEqual(((summary["notes"] as! [String: Any])["alarms"] as! [String: Any])["charts"] as? [String], charts)
        for c in charts {
            let x = try E2E.process(URL(fileURLWithPath: "/usr/bin/xmllint"), ["--noout", out + "/" + c])
            XCTAssertEqual(x.status, 0, "\(c): \(x.err)")
        }
    }

    func testHostileIdsAreEscapedInTheTableAndTheChartName() throws {
        let dir = e2e.tmp(), out = e2e.tmp()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let inv = dir + "/hostile.csv"
        try "id,name,kind,lat,lon\n\"=HYPERLINK(\"\"http://x\"\")/../../evil\",\"<b>Degmay</b>, \"\"x\"\"\",tailings,40.2386,69.6967\n".write(toFile: inv, atomically: true, encoding: .utf8)
        let r = try e2e.run(["run", e2e.basin, "--sites", inv, "--out", out, "--no-map", "--quiet"])
        XCTAssertEqual(r.status, 0, r.err)
        let text = try String(contentsOfFile: out + "/alarms.csv", encoding: .utf8)
        XCTAssertTrue(text.contains(",\"'=HYPERLINK(\"\"http://x\"\")/../../evil\","), "the formula is defused and quoted: \(text.prefix(400))")
        let charts = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("alarm-chart-") }
        XCTAssertEqual(charts.count, 1)
        // Every character but letters, digits, '-' and '_' becomes '_': no path, no quote, no markup.
        XCTAssertNotNil(charts[0].range(of: "^alarm-chart-001-[A-Za-z0-9_-]+\\.svg$", options: .regularExpression), charts[0])
        let x = try E2E.process(URL(fileURLWithPath: "/usr/bin/xmllint"), ["--noout", out + "/" + charts[0]])
        XCTAssertEqual(x.status, 0, x.err)
    }

    /// A tailings site's content column is found by name, in any case, among 200,000 other columns, and
    /// becomes the released mass (V_F x dry density x content).
    func testAContentColumnAmongAWideInventoryGivesTheMass() throws {
        let dir = e2e.tmp(), out = e2e.tmp()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let n = 200_000
        var head = "id,name,kind,lat,lon,stored_volume_m3,dam_height_m", row = "TJ-DEG-W,Degmay wide,tailings,40.2386,69.6967,36000000,40"
        head.reserveCapacity(n * 10); row.reserveCapacity(n * 3)
        for k in 0..<n { head += ",c\(k)_mg_kg"; row += ",0" }
        head += ",U_mg_kg"; row += ",120"
        try (head + "\n" + row + "\n").write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
        let t0 = Date()
        let r = try e2e.run(["run", e2e.basin, "--sites", dir + "/wide.csv", "--out", out, "--no-map", "--format", "csv", "--quiet"])
        let took = Date().timeIntervalSince(t0)
        XCTAssertEqual(r.status, 0, r.err)
        let rows = try csv(out + "/alarms.csv")
        let u = try XCTUnwrap(rows.first { $0["substance"] == "uranium" }, "the U_mg_kg column gives a uranium scenario")
        XCTAssertTrue(u["mass_basis"]!.contains("120 mg/kg (uranium_mg_kg)") || u["mass_basis"]!.contains("120 mg/kg (u_mg_kg)"), u["mass_basis"]!)
        XCTAssertFalse(u["mass_kg"]!.isEmpty)
        print("wide inventory (\(n + 8) columns): run --format csv in \(String(format: "%.1f", took)) s")
    }

    /// A basin without hydrology data: every alarm figure unknown, with the reason, and no table.
    func testABasinWithoutHydrologyAnswersUnknown() throws {
        let dir = e2e.tmp(), out = e2e.tmp()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let inv = dir + "/penjikent.csv"
        try "id,name,kind,lat,lon\nTJ-PEN,Penjikent test point,tailings,39.4957,67.6094\n".write(toFile: inv, atomically: true, encoding: .utf8)
        let zer = e2e.root.appendingPathComponent("Basins/zeravshan").path
        let r = try e2e.run(["run", zer, "--sites", inv, "--out", out, "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("alarm figures unknown"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/alarms.csv"))
        let s = try XCTUnwrap(try csv(out + "/sites.csv").first)
        XCTAssertEqual(s["alarm_leading_h"], "")
        let gj = try String(contentsOfFile: out + "/sites.geojson", encoding: .utf8)
        XCTAssertTrue(gj.contains("\"alarm_note\":\"the basin folder has no hydrology.json"), String(gj.prefix(300)))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        let a = (summary["notes"] as! [String: Any])["alarms"] as! [String: Any]
        XCTAssertEqual(a["status"] as? String, "unknown")
    }

    func testNoAlarmsSaysSo() throws {
        let out = e2e.tmp()
        let r = try e2e.run(["run", e2e.basin, "--out", out, "--no-map", "--no-alarms", "--quiet"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/alarms.csv"))
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix("alarm-chart-") })
        let gj = try String(contentsOfFile: out + "/sites.geojson", encoding: .utf8)
        XCTAssertTrue(gj.contains("\"alarm_note\":\"the alarm model was not run (--no-alarms)\""))
    }
}
