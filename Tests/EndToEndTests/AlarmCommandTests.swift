import XCTest
import Foundation

/// `basinmap trace --mass-kg` on the real Syr Darya basin: the issue's validation figures (#18), printed.
final class AlarmCommandTests: XCTestCase {
    static let root: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()
    let basin = root.appendingPathComponent("Basins/syr-darya").path
    /// Mailuu-Suu tailing No. 3 (IAEA tailings database annex, shared/notes/domain.md).
    let mailuuSuu = "72.476,41.282"

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try E2E().run(args)
    }

    /// The default run's answer, shared by the tests that read it (each run loads the whole basin).
    nonisolated(unsafe) static var meanRun: [String: Any]?

    func alarm(_ extra: [String] = []) throws -> [String: Any] {
        if extra.isEmpty, let m = Self.meanRun { return m }
        let r = try run(["trace", basin, "--at", mailuuSuu, "--mass-kg", "1000", "--substance", "uranium", "--json"] + extra)
        XCTAssertEqual(r.status, 0, r.err)
        let o = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let a = o["alarm"] as! [String: Any]
        if extra.isEmpty { Self.meanRun = a }
        return a
    }

    func checkpoints(_ a: [String: Any]) -> [[String: Any]] { a["checkpoints"] as! [[String: Any]] }
    func num(_ o: [String: Any], _ path: String...) -> Double {
        var cur: Any = o
        for k in path { cur = (cur as! [String: Any])[k]! }
        return (cur as! NSNumber).doubleValue
    }

    func testShardaraToKazalyWithinAQuarterOfThePublishedTime() throws {
        let cps = checkpoints(try alarm())
        let dam = try XCTUnwrap(cps.first { $0["name"] as? String == "Shardara dam" })
        let kazaly = try XCTUnwrap(cps.first { $0["name"] as? String == "Kazaly" })
        let most = (num(kazaly, "short_circuit", "most_probable", "peak_h") - num(dam, "short_circuit", "most_probable", "peak_h")) / 24
        let max = (num(kazaly, "short_circuit", "maximum_probable", "peak_h") - num(dam, "short_circuit", "maximum_probable", "peak_h")) / 24
        let km = num(kazaly, "km") - num(dam, "km")
        print(String(format: "Shardara dam -> Kazaly at mean flow, %.1f km: peak travel %.1f days most probable (%.3f m/s), %.1f days maximum probable; published 19-20 days (Kazhydromet, Shivareva): %+.0f %% of 19.5 d",
                     km, most, km * 1000 / (most * 86400), max, (most / 19.5 - 1) * 100))
        XCTAssertGreaterThanOrEqual(most, 19 * 0.75)
        XCTAssertLessThanOrEqual(most, 20 * 1.25)
    }

    func testEveryCheckpointHasItsEdgesInOrder() throws {
        for flow in ["low", "mean", "high"] {
            let cps = checkpoints(try alarm(flow == "mean" ? [] : ["--flow", flow]))
            XCTAssertGreaterThanOrEqual(cps.count, 10)
            for c in cps {
                for v in ["most_probable", "maximum_probable"] {
                    let l = num(c, "short_circuit", v, "leading_h"), p = num(c, "short_circuit", v, "peak_h"), t = num(c, "short_circuit", v, "trailing_h")
                    XCTAssertTrue(l < p && p < t, "\(flow) \(c["name"]!) \(v): \(l) < \(p) < \(t)")
                }
                XCTAssertLessThanOrEqual(num(c, "short_circuit", "maximum_probable", "leading_h"), num(c, "short_circuit", "most_probable", "leading_h"))
            }
        }
    }

    func testMassBalanceAndFallingPeakWithoutInflow() throws {
        let cps = checkpoints(try alarm())
        // Uchkurgan: 32 km down the Naryn, no tributary or diversion in between (mass fraction 1).
        let u = try XCTUnwrap(cps.first { $0["name"] as? String == "Uchkurgan" })
        for v in ["most_probable", "maximum_probable"] {
            let kg = num(u, "short_circuit", v, "peak_mg_l") * (num(u, "short_circuit", v, "trailing_h") - num(u, "short_circuit", v, "leading_h")) * 3600 / 2 * num(u, "q_m3_s") / 1000
            print(String(format: "mass balance at Uchkurgan (%@): ∫C·Q dt = %.0f kg of 1000 released (mass fraction %.3f)", v, kg, num(u, "mass_fraction")))
            XCTAssertEqual(num(u, "mass_fraction"), 1)
            XCTAssertEqual(kg, 1000, accuracy: 100)
        }
        // Kyzylorda -> Kazaly -> outlet: below the last gauge, no inflow: the peak falls.
        let tail = cps.filter { ["Kyzylorda", "Kazaly", "outlet"].contains($0["name"] as! String) }.map { num($0, "warning_peak_mg_l") }
        XCTAssertEqual(tail.count, 3)
        XCTAssertTrue(tail[0] > tail[1] && tail[1] > tail[2], "\(tail)")
    }

    func testNotificationTableAndChart() throws {
        let chart = FileManager.default.temporaryDirectory.appendingPathComponent("alarm-\(UUID().uuidString).svg").path
        let a = try alarm(["--chart", chart, "--start", "2026-05-01T06:00:00Z"])
        let rows = a["notification"] as! [[String: Any]]
        XCTAssertEqual(rows.map { $0["country"] as! String }, ["UZ", "TJ", "KZ"], "KG origin, then in order of arrival")
        XCTAssertEqual(rows.map { $0["convention_applies"] as! Bool }, [false, false, false], "KG is not a Party")
        XCTAssertNotNil(rows[0]["earliest_time"] as? String)
        let svg = try String(contentsOfFile: chart, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("guideline uranium 0.03 mg/L"))
        XCTAssertTrue(svg.contains("KG &gt; UZ"), "checkpoint names are escaped")
        XCTAssertFalse(svg.contains("KG > UZ"))
    }

    func testOutputIsByteIdenticalAndBadOptionsAreRefused() throws {
        let args = ["trace", basin, "--at", mailuuSuu, "--mass-kg", "500", "--substance", "Pb", "--duration-h", "6"]
        let a = try run(args), b = try run(args)
        XCTAssertEqual(a.status, 0, a.err)
        XCTAssertEqual(a.out, b.out)
        XCTAssertTrue(a.out.contains("notification"), a.out)
        XCTAssertTrue(a.out.contains("guideline lead: 0.01 mg/L"), a.out)
        let noMass = try run(["trace", basin, "--at", mailuuSuu, "--substance", "lead"])
        XCTAssertNotEqual(noMass.status, 0)
        XCTAssertTrue(noMass.err.contains("need --mass-kg"), noMass.err)
        let flow = try run(["trace", basin, "--at", mailuuSuu, "--mass-kg", "1", "--flow", "flood"])
        XCTAssertNotEqual(flow.status, 0)
        XCTAssertTrue(flow.err.contains("hydrology.json"), flow.err)
        let unknown = try run(["trace", basin, "--at", mailuuSuu, "--mass-kg", "1", "--substance", "plutonium"])
        XCTAssertEqual(unknown.status, 0, unknown.err)
        XCTAssertTrue(unknown.out.contains("no guideline value for 'plutonium'"), unknown.out)
    }

    func testAlarmsCSVHasEverySiteAndNoInventedMass() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("alarms-\(UUID().uuidString)").path
        let r = try run(["alarms", basin, "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        let text = try String(contentsOfFile: out + "/alarms.csv", encoding: .utf8)
        let lines = text.split(separator: "\r\n").map(String.init)
        // The same columns as run's alarms.csv; the alarms command does not rank, so risk_rank is empty.
        XCTAssertTrue(lines[0].hasPrefix("risk_rank,site_id,site_name,substance,mass_kg,mass_basis,checkpoint"), lines[0])
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix(",") }, "no rank outside a run")
        let ids = Set(lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[1]) })
        let sites = try String(contentsOfFile: basin + "/sites.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",")[0]) }.filter { !$0.isEmpty }
        XCTAssertEqual(ids, Set(sites), "every inventory site ends in alarms.csv")
        // Mailuu-Suu has no uranium content in the inventory: per-tonne figures, no mass.
        let ms = try XCTUnwrap(lines.first { $0.hasPrefix(",KG-MS-T3,") && $0.contains("Uchkurgan") })
        XCTAssertTrue(ms.contains(",,no <substance>_mg_kg content"), ms)
    }
}
