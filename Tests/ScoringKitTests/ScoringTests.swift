import Foundation
import XCTest
@testable import ScoringKit

final class ScoringTests: XCTestCase {
    func rules() throws -> RuleSet { try RuleSet.load(contentsOf: try defaultRulesURL()) }

    /// A tailings site with every input present.
    let fullSite = ScoringInputs(values: [
        "stored_volume_m3": .number(2_592_000),
        "water_hazard_class": .number(3),
        "operating_status": .text("Abandoned"),
        "dam_height_m": .number(25),
        "flood_hazard": .text("high"),
        "seismic_intensity_msk": .number(8),
        "seismic_pga_ms2": .number(3.0),
        "dam_condition": .text("poor"),
        "population_downstream": .number(12_000),
        "drinking_water_intakes": .number(2),
        "protected_areas": .flag(false),
        "river_distance_m": .number(70),
        "border_distance_m": .number(9_000),
        "crosses_border_downstream": .flag(true),
        "km_to_first_crossing": .number(40),
        "hours_to_first_crossing": .number(10),
        "runout_reaches_river": .flag(true),
        "runout_reaches_border": .flag(false),
    ])

    func testDefaultRulesLoadAndDeclareEveryIndex() throws {
        let r = try rules()
        XCTAssertEqual(r.indices.map(\.id), ["THI", "TRI", "WRI"])
        XCTAssertEqual(r.rankingIndex(for: "tailings"), "TRI")
        XCTAssertEqual(r.rankingIndex(for: "other"), "WRI")
        XCTAssertEqual(r.runoutModels.count, 2)
    }

    func testTHIAndTRIByHandFromRulesFileNumbers() throws {
        let raw = try rawRules()
        let thi = try rawIndex(raw, "THI"), tri = try rawIndex(raw, "TRI")

        // THI by hand, every number read from the JSON.
        let capTf = try transformOf(try rawTerm(thi, "capacity"))
        let capacity = min(max(log10(2_592_000), try num(capTf["floor"])), try num(capTf["cap"]))
        let toxicity = try table(try rawTerm(thi, "toxicity"))["3"]!
        let management = try table(try rawTerm(thi, "management"))["abandoned"]!
        let flood = try table(try rawTerm(thi, "flood_hazard"))["high"]!
        let seismic = try binPoints(try rawTerm(thi, "seismic_hazard"), 8)
        let dam = try table(try rawTerm(thi, "dam_condition"))["poor"]!
        let expectedTHI = capacity + toxicity + management + flood + seismic + dam

        // TRI = THI (linear a*x+b) + exposure.
        let hz = try transformOf(try rawTerm(tri, "hazard"))
        var expectedTRI = try num(hz["a"]) * expectedTHI + num(hz["b"])
        expectedTRI += try binPoints(try rawTerm(tri, "river_proximity"), 70)
        expectedTRI += try flagPoints(try rawTerm(tri, "transboundary_path"), true)
        expectedTRI += try binPoints(try rawTerm(tri, "warning_time"), 10)
        expectedTRI += try flagPoints(try rawTerm(tri, "runout_to_river"), true)
        expectedTRI += try flagPoints(try rawTerm(tri, "runout_to_border"), false)
        expectedTRI += try binPoints(try rawTerm(tri, "population"), 12_000)
        expectedTRI += try binPoints(try rawTerm(tri, "drinking_water"), 2)
        expectedTRI += try flagPoints(try rawTerm(tri, "protected_areas"), false)

        let results = try rules().score(kind: "tailings", inputs: fullSite)
        XCTAssertEqual(results.map(\.index), ["THI", "TRI"], "WRI does not apply to tailings")
        let t = try result(results, "THI"), r = try result(results, "TRI")
        XCTAssertEqual(t.value, expectedTHI, accuracy: 1e-9)
        XCTAssertEqual(r.value, expectedTRI, accuracy: 1e-9)
        XCTAssertEqual(t.className, try classIndex(thi, expectedTHI).0)
        XCTAssertEqual(t.classRank, try classIndex(thi, expectedTHI).1)
        XCTAssertEqual(r.className, try classIndex(tri, expectedTRI).0)
        XCTAssertTrue(t.missing.isEmpty && r.missing.isEmpty)
        XCTAssertFalse(t.terms.contains { $0.usedDefault })
        // Terms come out in file order.
        let fileOrder = try XCTUnwrap(thi["terms"] as? [[String: Any]]).map { $0["name"] as! String }
        XCTAssertEqual(t.terms.map(\.name), fileOrder)
        XCTAssertEqual(t.terms.first?.points ?? 0, capacity, accuracy: 1e-9)
    }

    func testMissingInputsUseStatedStandInsAndFallbacks() throws {
        let raw = try rawRules()
        let thi = try rawIndex(raw, "THI")
        // No volume, no WGK, no intensity (PGA given), no dam condition.
        let site = ScoringInputs(values: [
            "operating_status": .text("active"),
            "flood_hazard": .text("low"),
            "seismic_pga_ms2": .number(1.5),
        ])
        let capTerm = try rawTerm(thi, "capacity")
        let capDefault = try num((capTerm["default_when_missing"] as! [String: Any])["value"])
        let seismicTerm = try rawTerm(thi, "seismic_hazard")
        let pgaTf = try XCTUnwrap((seismicTerm["fallback_inputs"] as? [[String: Any]])?.first?["transform"] as? [String: Any])
        let expected = log10(capDefault)
            + (try defaultPoints(try rawTerm(thi, "toxicity")))
            + (try table(try rawTerm(thi, "management"))["active"]!)
            + (try table(try rawTerm(thi, "flood_hazard"))["low"]!)
            + (try binPoints(transform: pgaTf, 1.5))
            + (try defaultPoints(try rawTerm(thi, "dam_condition")))

        let r = try result(try rules().score(kind: "tailings", inputs: site), "THI")
        XCTAssertEqual(r.value, expected, accuracy: 1e-9)

        XCTAssertEqual(r.missing.map(\.term), ["capacity", "toxicity", "seismic_hazard", "dam_condition"])
        let cap = r.missing[0]
        XCTAssertEqual(cap.input, "stored_volume_m3")
        XCTAssertTrue(cap.standIn.contains("1000000"), cap.standIn)
        XCTAssertTrue(cap.standIn.contains("assumption"), cap.standIn)
        XCTAssertTrue(r.missing[1].standIn.contains("default \(formatNumber(try defaultPoints(try rawTerm(thi, "toxicity")))) points"))
        XCTAssertTrue(r.missing[2].standIn.contains("fallback input 'seismic_pga_ms2'"), r.missing[2].standIn)

        let seismic = try XCTUnwrap(r.terms.first { $0.name == "seismic_hazard" })
        XCTAssertEqual(seismic.input, "seismic_pga_ms2")
        XCTAssertFalse(seismic.usedDefault)
        XCTAssertTrue(try XCTUnwrap(r.terms.first { $0.name == "dam_condition" }).usedDefault)
        XCTAssertTrue(try XCTUnwrap(r.terms.first { $0.name == "capacity" }).usedDefault)

        // TRI reports its own missing exposure inputs too.
        let tri = try result(try rules().score(kind: "tailings", inputs: site), "TRI")
        XCTAssertEqual(tri.missing.count, 8, "every exposure term is missing; 'hazard' comes from THI")
        XCTAssertFalse(tri.missing.contains { $0.term == "hazard" })
    }

    func testWrongTypeOrUnknownCategoryIsReportedAsMissing() throws {
        let site = ScoringInputs(values: ["dam_condition": .text("crumbling"), "stored_volume_m3": .text("big")])
        let r = try result(try rules().score(kind: "tailings", inputs: site), "THI")
        let dam = try XCTUnwrap(r.terms.first { $0.name == "dam_condition" })
        XCTAssertTrue(dam.usedDefault)
        XCTAssertTrue(dam.note.contains("not in the lookup table"), dam.note)
        XCTAssertTrue(r.missing.contains { $0.term == "capacity" })
    }

    func testWRIByHandWithUnknownClass() throws {
        let raw = try rawRules()
        let s = try XCTUnwrap(raw["substances"] as? [String: Any])
        let w = try XCTUnwrap(s["class_weights"] as? [String: Any]).mapValues { try num($0) }
        let unknown = Int(try num(s["unknown_class"]))
        let site = ScoringInputs(substances: [
            Substance(name: "sodium cyanide", tonnes: 120, waterHazardClass: 3),
            Substance(name: "sulphuric acid", tonnes: 5000, waterHazardClass: 1),
            Substance(name: "flotation reagent", tonnes: 40, waterHazardClass: nil),
            Substance(name: "diesel", tonnes: 300, waterHazardClass: 2),
        ])
        let mass = 120 * w["3"]! + 5000 * w["1"]! + 40 * w["\(unknown)"]! + 300 * w["2"]!
        let wri = try rawIndex(raw, "WRI")
        let expected = log10(mass)
        let results = try rules().score(kind: "other", inputs: site)
        XCTAssertEqual(results.map(\.index), ["WRI"])
        let r = results[0]
        XCTAssertEqual(r.value, expected, accuracy: 1e-9)
        XCTAssertEqual(r.className, try classIndex(wri, expected).0)
        XCTAssertEqual(r.missing.count, 1)
        XCTAssertTrue(r.missing[0].input.contains("flotation reagent"))
        XCTAssertTrue(r.missing[0].standIn.contains("WGK \(unknown)"))

        // No substances: stated default, reported.
        let empty = try rules().score(kind: "other", inputs: ScoringInputs())[0]
        XCTAssertEqual(empty.value, try defaultPoints(try rawTerm(wri, "wrc3_mass")))
        XCTAssertEqual(empty.missing.first?.input, ScoringInputs.substancesInput)
    }

    func testChangingANumberInACopiedFileChangesTheOutput() throws {
        let base = try result(try rules().score(kind: "tailings", inputs: fullSite), "THI")
        let url = try writeModified { raw in
            modifyTerm(&raw, index: "THI", term: "toxicity") { t in
                var tf = t["transform"] as! [String: Any]
                var table = tf["table"] as! [String: Any]
                table["3"] = (table["3"] as! NSNumber).doubleValue + 2.5
                tf["table"] = table
                t["transform"] = tf
            }
            modifyIndex(&raw, index: "THI") { idx in
                var c = idx["classes"] as! [String: Any]
                c["thresholds"] = [1, 2, 3]
                idx["classes"] = c
            }
        }
        let changed = try RuleSet.load(contentsOf: url)
        let r = try result(changed.score(kind: "tailings", inputs: fullSite), "THI")
        XCTAssertEqual(r.value - base.value, 2.5, accuracy: 1e-9)
        XCTAssertEqual(r.classRank, 3)
        let tri0 = try result(try rules().score(kind: "tailings", inputs: fullSite), "TRI")
        let tri1 = try result(changed.score(kind: "tailings", inputs: fullSite), "TRI")
        XCTAssertEqual(tri1.value - tri0.value, 2.5, accuracy: 1e-9, "TRI follows THI")
    }

    func testLegendClassesAndRanking() throws {
        let r = try rules()
        let raw = try rawIndex(try rawRules(), "TRI")
        let c = try XCTUnwrap(raw["classes"] as? [String: Any])
        let legend = r.classes(of: "TRI")
        XCTAssertEqual(legend.map(\.name), c["names"] as? [String])
        XCTAssertEqual(legend[0].lowerBound, -.infinity)
        XCTAssertEqual(Array(legend.dropFirst().map(\.lowerBound)), try XCTUnwrap(c["thresholds"] as? [Any]).map { try num($0) })
        XCTAssertTrue(r.classes(of: "nope").isEmpty)

        var calm = fullSite
        calm.values["crosses_border_downstream"] = .flag(false)
        calm.values["river_distance_m"] = .number(20_000)
        calm.values["dam_condition"] = .text("good")
        let sites = [
            ScoredSite(id: "b-calm", kind: "tailings", results: r.score(kind: "tailings", inputs: calm)),
            ScoredSite(id: "a-full", kind: "tailings", results: r.score(kind: "tailings", inputs: fullSite)),
            ScoredSite(id: "c-twin", kind: "tailings", results: r.score(kind: "tailings", inputs: fullSite)),
            ScoredSite(id: "z-unknown-kind", kind: "mystery", results: []),
        ]
        let ranked = r.rank(sites).map(\.id)
        XCTAssertEqual(ranked, ["a-full", "c-twin", "b-calm", "z-unknown-kind"])
        let k1 = try XCTUnwrap(r.rankKey(kind: "tailings", results: sites[1].results))
        let k0 = try XCTUnwrap(r.rankKey(kind: "tailings", results: sites[0].results))
        XCTAssertGreaterThan(k1, k0)
        // Class rank dominates value.
        XCTAssertLessThan(RankKey(index: "TRI", classRank: 1, value: 100), RankKey(index: "TRI", classRank: 2, value: 0))
    }
}
