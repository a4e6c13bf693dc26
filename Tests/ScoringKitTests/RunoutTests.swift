import Foundation
import XCTest
@testable import ScoringKit

final class RunoutTests: XCTestCase {
    func rawModel(_ name: String) throws -> [String: Any] {
        let r = try XCTUnwrap(try rawRules()["runout"] as? [String: Any])
        let models = try XCTUnwrap(r["models"] as? [[String: Any]])
        return try XCTUnwrap(models.first { $0["name"] as? String == name })
    }

    /// Worked case: H = 40 m, VT = 36 million m3 (order of the Degmay tailing, ~40 m dam).
    func testWorkedCaseAgainstTheFormulasByHand() throws {
        let rules = try RuleSet.load(contentsOf: try defaultRulesURL())
        let outcomes = rules.runout(damHeightM: 40, storedVolumeM3: 36_000_000)
        XCTAssertEqual(outcomes.count, 2)

        for (i, name) in ["Rico et al. 2008", "Concha Larrauri & Lall 2018"].enumerated() {
            let m = try rawModel(name)
            let rv = try XCTUnwrap(m["released_volume"] as? [String: Any])
            let rd = try XCTUnwrap(m["runout_distance"] as? [String: Any])
            let cap = try num((m["max_release_fraction"] as? [String: Any])?["value"])
            let k = try num((m["uncertainty"] as? [String: Any])?["factor"])
            let vt = 36.0
            let vf = min(try num(rv["coefficient"]) * pow(vt, try num(rv["exponent"])), cap * vt)
            let hf = (rd["predictor"] as? String) == "dam_factor" ? 40 * (vf / vt) * vf : 40 * vf
            let d = try num(rd["coefficient"]) * pow(hf, try num(rd["exponent"]))

            let e = try XCTUnwrap(outcomes[i].estimate, "\(name) should give an estimate")
            XCTAssertEqual(e.model, name)
            XCTAssertEqual(e.releasedVolumeM3, vf * 1e6, accuracy: 1e-3)
            XCTAssertEqual(e.runoutKm, d, accuracy: 1e-9)
            XCTAssertEqual(e.runoutKmLow, d / k, accuracy: 1e-9)
            XCTAssertEqual(e.runoutKmHigh, d * k, accuracy: 1e-9)
            XCTAssertTrue(e.source.contains("assumption"), "unverified Dmax coefficients must say so")
        }
        // Literal check of Rico's dam factor path with the file's current numbers (0.354, 1.01; 1.61, 0.66):
        let rico = try XCTUnwrap(outcomes[0].estimate)
        let vf = 0.354 * pow(36.0, 1.01)
        XCTAssertEqual(rico.releasedVolumeM3 / 1e6, vf, accuracy: 1e-9)
        XCTAssertEqual(rico.runoutKm, 1.61 * pow(40 * (vf / 36) * vf, 0.66), accuracy: 1e-9)
    }

    func testReleaseCapApplies() throws {
        // Tiny volume: Rico's exponent 1.01 stays below the cap; a coefficient of 2 would exceed 0.95*VT.
        let url = try writeModified { raw in
            var r = raw["runout"] as! [String: Any]
            var models = r["models"] as! [[String: Any]]
            var rv = models[0]["released_volume"] as! [String: Any]
            rv["coefficient"] = 2.0
            models[0]["released_volume"] = rv
            r["models"] = models
            raw["runout"] = r
        }
        let e = try XCTUnwrap(try RuleSet.load(contentsOf: url).runout(damHeightM: 10, storedVolumeM3: 1_000_000)[0].estimate)
        XCTAssertEqual(e.releasedVolumeM3, 950_000, accuracy: 1e-6)
        XCTAssertTrue(e.notes.contains { $0.contains("limited to 0.95") })
    }

    func testMissingHeightOrVolumeGivesNoRunoutWithReason() throws {
        let rules = try RuleSet.load(contentsOf: try defaultRulesURL())
        let noH = rules.runout(inputs: ScoringInputs(values: ["stored_volume_m3": .number(1e6)]))
        XCTAssertEqual(noH.count, 2)
        for o in noH {
            guard case .unavailable(_, let reason) = o else { return XCTFail("expected no runout") }
            XCTAssertTrue(reason.contains("dam_height_m"), reason)
        }
        let noV = rules.runout(damHeightM: 20, storedVolumeM3: nil)
        guard case .unavailable(_, let reason) = noV[0] else { return XCTFail("expected no runout") }
        XCTAssertTrue(reason.contains("stored_volume_m3"), reason)
        let zero = rules.runout(damHeightM: 0, storedVolumeM3: 1e6)
        XCTAssertNil(zero[0].estimate)
    }
}
