import Foundation
import XCTest
@testable import ScoringKit

/// Every index shows how much of it rests on stand-ins: low and high with the stand-ins at the ends of the
/// ranges the rules file declares, checked against the file's own numbers read independently.
final class StandInRangeTests: XCTestCase {
    func rules() throws -> RuleSet { try RuleSet.load(contentsOf: try defaultRulesURL()) }

    /// Every tailings input present (the same site as ScoringTests.fullSite).
    let fullSite: [String: InputValue] = [
        "stored_volume_m3": .number(2_592_000), "water_hazard_class": .number(3), "operating_status": .text("abandoned"),
        "dam_height_m": .number(25), "flood_hazard": .text("high"), "seismic_intensity_msk": .number(8),
        "dam_condition": .text("poor"), "population_downstream": .number(12_000), "drinking_water_intakes": .number(2),
        "protected_areas": .flag(false), "river_distance_m": .number(70), "border_distance_m": .number(9_000),
        "crosses_border_downstream": .flag(true), "km_to_first_crossing": .number(40), "hours_to_first_crossing": .number(10),
        "runout_reaches_river": .flag(true), "runout_reaches_border": .flag(false),
    ]

    /// The declared range of a term in the raw JSON, as points.
    func declaredPoints(_ index: String, _ term: String) throws -> (Double, Double) {
        let t = try rawTerm(try rawIndex(try rawRules(), index), term)
        let d = try XCTUnwrap(t["default_when_missing"] as? [String: Any])
        let r = try XCTUnwrap(d["range"] as? [String: Any], "\(index).\(term) declares no range")
        XCTAssertTrue(r["source"] != nil || r["assumption"] != nil, "\(index).\(term): the range needs its source or assumption")
        if let p = r["points"] as? [Any] { return (try num(p[0]), try num(p[1])) }
        let v = try XCTUnwrap(r["values"] as? [Any]).map { try num($0) }
        let tf = try transformOf(t)
        XCTAssertEqual(tf["type"] as? String, "log10")
        return (log10(v[0]), log10(v[1]))
    }

    func testASiteWithoutStandInsHasLowEqualToHighEqualToDefault() throws {
        for r in try rules().score(kind: "tailings", inputs: ScoringInputs(values: fullSite)) {
            XCTAssertEqual(r.standInCount, 0, r.index)
            XCTAssertEqual(r.low, r.value, r.index)
            XCTAssertEqual(r.high, r.value, r.index)
            XCTAssertEqual(r.classLow, r.className)
            XCTAssertEqual(r.classHigh, r.className)
            XCTAssertFalse(r.classMayChange)
        }
    }

    func testMissingVolumeMovesTHIByTheDeclaredRange() throws {
        var v = fullSite
        v["stored_volume_m3"] = nil
        let results = try rules().score(kind: "tailings", inputs: ScoringInputs(values: v))
        let full = try rules().score(kind: "tailings", inputs: ScoringInputs(values: fullSite))
        let thi = try result(results, "THI"), thiFull = try result(full, "THI")
        let (lo, hi) = try declaredPoints("THI", "capacity")
        let defaultPoints = log10(1_000_000.0)
        let others = thiFull.value - log10(2_592_000.0)
        XCTAssertEqual(thi.value, others + defaultPoints, accuracy: 1e-9)
        XCTAssertEqual(thi.low, others + lo, accuracy: 1e-9)
        XCTAssertEqual(thi.high, others + hi, accuracy: 1e-9)
        XCTAssertEqual(thi.standInCount, 1)
        XCTAssertEqual(thi.classLow, try classIndex(try rawIndex(try rawRules(), "THI"), thi.low).0)
        XCTAssertEqual(thi.classHigh, try classIndex(try rawIndex(try rawRules(), "THI"), thi.high).0)
        // TRI includes THI: the same range, and the stand-in counts there too.
        let tri = try result(results, "TRI"), triFull = try result(full, "TRI")
        XCTAssertEqual(tri.low - tri.value, thi.low - thi.value, accuracy: 1e-9)
        XCTAssertEqual(tri.high - tri.value, thi.high - thi.value, accuracy: 1e-9)
        XCTAssertEqual(tri.standInCount, 1)
        XCTAssertEqual(triFull.low, triFull.value)
    }

    func testEveryMissingInputSpansItsRangeAndLowNeverExceedsHigh() throws {
        let rs = try rules()
        // Drop inputs one at a time, then all of them: each stand-in adds exactly its range.
        for name in fullSite.keys.sorted() {
            var v = fullSite
            v[name] = nil
            for r in rs.score(kind: "tailings", inputs: ScoringInputs(values: v)) {
                XCTAssertLessThanOrEqual(r.low, r.value, "\(r.index) without \(name)")
                XCTAssertLessThanOrEqual(r.value, r.high, "\(r.index) without \(name)")
                XCTAssertLessThanOrEqual(r.classRankLow, r.classRank)
                XCTAssertLessThanOrEqual(r.classRank, r.classRankHigh)
            }
        }
        let none = rs.score(kind: "tailings", inputs: ScoringInputs())
        let thi = try result(none, "THI")
        var lo = 0.0, hi = 0.0
        for t in ["capacity", "toxicity", "management", "flood_hazard", "seismic_hazard", "dam_condition"] {
            let (a, b) = try declaredPoints("THI", t)
            lo += a; hi += b
        }
        XCTAssertEqual(thi.standInCount, 6)
        XCTAssertEqual(thi.low, lo, accuracy: 1e-9)
        XCTAssertEqual(thi.high, hi, accuracy: 1e-9)
        let tri = try result(none, "TRI")
        var triLo = thi.low, triHi = thi.high
        for t in ["river_proximity", "transboundary_path", "warning_time", "runout_to_river", "runout_to_border",
                  "population", "drinking_water", "protected_areas"] {
            let (a, b) = try declaredPoints("TRI", t)
            triLo += a; triHi += b
        }
        XCTAssertEqual(tri.low, triLo, accuracy: 1e-9)
        XCTAssertEqual(tri.high, triHi, accuracy: 1e-9)
        XCTAssertEqual(tri.standInCount, 6 + 8)
        XCTAssertTrue(tri.classMayChange)
    }

    func testWRISubstanceOfUnknownClassSpansTheClassWeights() throws {
        let raw = try rawRules()
        let w = try XCTUnwrap((raw["substances"] as? [String: Any])?["class_weights"] as? [String: Any]).mapValues { try num($0) }
        let site = ScoringInputs(substances: [
            Substance(name: "sodium cyanide", tonnes: 120, waterHazardClass: 3),
            Substance(name: "flotation reagent", tonnes: 4000, waterHazardClass: nil),
        ])
        let r = try result(try rules().score(kind: "other", inputs: site), "WRI")
        XCTAssertEqual(r.standInCount, 1)
        XCTAssertEqual(r.low, log10(120 * w["3"]! + 4000 * w.values.min()!), accuracy: 1e-9)
        XCTAssertEqual(r.high, log10(120 * w["3"]! + 4000 * w.values.max()!), accuracy: 1e-9)
        // No substance listed: the declared range of the missing mass.
        let empty = try result(try rules().score(kind: "other", inputs: ScoringInputs()), "WRI")
        let (lo, hi) = try declaredPoints("WRI", "wrc3_mass")
        XCTAssertEqual(empty.low, lo)
        XCTAssertEqual(empty.high, hi)
        XCTAssertTrue(empty.classMayChange)
    }

    func testRankByLowAndHighReorderAsTheRangesSay() throws {
        let rs = try rules()
        // A: every figure known, moderate (a small remediated-size pond, poor neighbours absent).
        let known: [String: InputValue] = [
            "stored_volume_m3": .number(110_500), "water_hazard_class": .number(3), "operating_status": .text("inactive"),
            "flood_hazard": .text("low"), "seismic_intensity_msk": .number(7), "dam_condition": .text("fair"),
            "river_distance_m": .number(500), "crosses_border_downstream": .flag(true), "hours_to_first_crossing": .number(100),
            "runout_reaches_river": .flag(false), "runout_reaches_border": .flag(false), "population_downstream": .number(500),
            "drinking_water_intakes": .number(0), "protected_areas": .flag(false),
        ]
        let a = ScoredSite(id: "A-known", kind: "tailings", results: rs.score(kind: "tailings", inputs: ScoringInputs(values: known)))
        // B: nothing known: every term stands in.
        let b = ScoredSite(id: "B-unknown", kind: "tailings", results: rs.score(kind: "tailings", inputs: ScoringInputs()))
        let triA = try result(a.results, "TRI"), triB = try result(b.results, "TRI")
        XCTAssertEqual(triA.standInCount, 0)
        XCTAssertGreaterThan(triB.value, triA.value, "precautionary stand-ins rank the unknown site higher")
        XCTAssertLessThan(triB.low, triA.value, "at its least severe the unknown site is below the known one")
        XCTAssertEqual(rs.rank([a, b]).map(\.id), ["B-unknown", "A-known"])
        XCTAssertEqual(rs.rank([a, b], by: .default).map(\.id), ["B-unknown", "A-known"])
        XCTAssertEqual(rs.rank([a, b], by: .low).map(\.id), ["A-known", "B-unknown"])
        XCTAssertEqual(rs.rank([a, b], by: .high).map(\.id), ["B-unknown", "A-known"])
        XCTAssertEqual(rs.rankKey(kind: "tailings", results: b.results, by: .low)?.value, triB.low)
        XCTAssertEqual(rs.rankKey(kind: "tailings", results: b.results, by: .high)?.classRank, triB.classRankHigh)
    }

    // MARK: the rules file declares each range, and the parser checks it

    func loadError(_ modify: (inout [String: Any]) throws -> Void, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let url = try writeModified(modify, name: "ranges.json")
        do { _ = try RuleSet.load(contentsOf: url) } catch let e as RulesError {
            XCTAssertTrue(e.description.contains("ranges.json"), file: file, line: line)
            return e.description
        }
        XCTFail("expected a RulesError", file: file, line: line)
        return ""
    }

    func setRange(_ raw: inout [String: Any], _ index: String, _ term: String, _ range: Any?) {
        modifyTerm(&raw, index: index, term: term) { t in
            var d = t["default_when_missing"] as! [String: Any]
            d["range"] = range
            t["default_when_missing"] = d
        }
    }

    func testEveryTermOfTheShippedFileDeclaresItsRange() throws {
        let rs = try rules()
        for idx in rs.indices {
            for t in idx.terms {
                XCTAssertNotNil(t.standInRange.provenance, "\(idx.id).\(t.name): declared with its source or assumption")
                XCTAssertLessThanOrEqual(t.standInRange.low, t.standInRange.high)
                _ = try declaredPoints(idx.id, t.name)
            }
        }
    }

    func testAnOpenTransformWithoutADeclaredRangeIsRefused() throws {
        let e = try loadError { setRange(&$0, "WRI", "wrc3_mass", nil) }
        XCTAssertTrue(e.contains("index 'WRI', term 'wrc3_mass'"), e)
        XCTAssertTrue(e.contains("needs a 'range'") && e.contains("open above"), e)
    }

    func testABoundedTransformWithoutARangeUsesItsOwnBounds() throws {
        let url = try writeModified { setRange(&$0, "THI", "dam_condition", nil) }
        let t = try XCTUnwrap(try RuleSet.load(contentsOf: url).index("THI")?.terms.first { $0.name == "dam_condition" })
        let pts = try table(try rawTerm(try rawIndex(try rawRules(), "THI"), "dam_condition")).values
        XCTAssertEqual(t.standInRange.low, pts.min())
        XCTAssertEqual(t.standInRange.high, pts.max())
        XCTAssertNil(t.standInRange.provenance)
        XCTAssertEqual(t.standInRange.basis, "the lookup's least and most points")
    }

    func testBadRangesAreRefusedWithTheReason() throws {
        var e = try loadError { setRange(&$0, "THI", "toxicity", ["points": [1, 2], "assumption": "test"]) }
        XCTAssertTrue(e.contains("term 'toxicity'") && e.contains("3 points lie outside its range 1..2"), e)
        e = try loadError { setRange(&$0, "THI", "toxicity", ["points": [1, 5], "assumption": "test"]) }
        XCTAssertTrue(e.contains("most points 5 are above what the 'lookup' transform can give (3)"), e)
        e = try loadError { setRange(&$0, "THI", "toxicity", ["points": [3, 1], "assumption": "test"]) }
        XCTAssertTrue(e.contains("must be ascending"), e)
        e = try loadError { setRange(&$0, "THI", "toxicity", ["points": [1, 3]]) }
        XCTAssertTrue(e.contains("default_when_missing.range has no 'source' or 'assumption'"), e)
        e = try loadError { setRange(&$0, "THI", "capacity", ["values": ["a lot", 1e9], "assumption": "test"]) }
        XCTAssertTrue(e.contains("values[0] 'a lot' cannot be transformed"), e)
        e = try loadError { setRange(&$0, "THI", "capacity", ["values": [1e4, 1e9], "points": [4, 9], "assumption": "test"]) }
        XCTAssertTrue(e.contains("both 'values' and 'points'"), e)
        e = try loadError { setRange(&$0, "THI", "capacity", ["values": [1e7, 1e9], "assumption": "test"]) }
        XCTAssertTrue(e.contains("6 points lie outside its range 7..9"), e)
    }
}
