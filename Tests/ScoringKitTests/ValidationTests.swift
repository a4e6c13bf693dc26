import Foundation
import XCTest
@testable import ScoringKit

final class ValidationTests: XCTestCase {
    /// Loads a modified copy and returns the error message (fails the test if loading succeeds).
    func loadError(_ modify: (inout [String: Any]) throws -> Void,
                   file: StaticString = #filePath, line: UInt = #line) throws -> RulesError {
        let url = try writeModified(modify, name: "broken.json")
        do {
            _ = try RuleSet.load(contentsOf: url)
        } catch let e as RulesError {
            XCTAssertTrue(e.description.contains("broken.json"), "message names the file: \(e)", file: file, line: line)
            return e
        }
        XCTFail("expected a RulesError", file: file, line: line)
        throw XCTSkip("no error")
    }

    func testUnknownInputNamesIndexTermAndInput() throws {
        let e = try loadError { raw in
            modifyTerm(&raw, index: "TRI", term: "population") { $0["input"] = "population_downstrem" }
        }
        XCTAssertEqual(e.index, "TRI")
        XCTAssertEqual(e.term, "population")
        XCTAssertTrue(e.description.contains("unknown input 'population_downstrem'"), e.description)
        XCTAssertTrue(e.description.contains("index 'TRI', term 'population'"), e.description)
    }

    func testCallerSuppliedKnownNamesAreUsed() throws {
        let url = try defaultRulesURL()
        var names = ScoringInputs.knownNames
        names.remove("dam_condition")
        XCTAssertThrowsError(try RuleSet.load(contentsOf: url, knownInputs: names)) { error in
            let d = "\(error)"
            XCTAssertTrue(d.contains("term 'dam_condition'") && d.contains("unknown input 'dam_condition'"), d)
        }
    }

    func testNonMonotonicClassThresholds() throws {
        let e = try loadError { raw in
            modifyIndex(&raw, index: "THI") { idx in
                var c = idx["classes"] as! [String: Any]
                c["thresholds"] = [8, 14, 11]
                idx["classes"] = c
            }
        }
        XCTAssertEqual(e.index, "THI")
        XCTAssertNil(e.term)
        XCTAssertTrue(e.problem.contains("class thresholds must be strictly ascending"), e.problem)
    }

    func testNonMonotonicBinThresholds() throws {
        let e = try loadError { raw in
            modifyTerm(&raw, index: "TRI", term: "river_proximity") { t in
                var tf = t["transform"] as! [String: Any]
                tf["thresholds"] = [100, 5000, 1000]
                t["transform"] = tf
            }
        }
        XCTAssertEqual(e.term, "river_proximity")
        XCTAssertTrue(e.problem.contains("thresholds must be strictly ascending"), e.problem)
    }

    func testBinsNeedOneMorePointThanThresholds() throws {
        let e = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "seismic_hazard") { t in
                var tf = t["transform"] as! [String: Any]
                tf["points"] = [0, 1, 2]
                t["transform"] = tf
            }
        }
        XCTAssertEqual(e.term, "seismic_hazard")
        XCTAssertTrue(e.problem.contains("3 thresholds need 4 points"), e.problem)
    }

    func testMissingSourceOrAssumption() throws {
        let e = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "flood_hazard") { t in
                t.removeValue(forKey: "assumption")
                t.removeValue(forKey: "source")
            }
        }
        XCTAssertEqual(e.index, "THI")
        XCTAssertEqual(e.term, "flood_hazard")
        XCTAssertTrue(e.problem.contains("no 'source' or 'assumption'"), e.problem)
    }

    func testMissingProvenanceOnDefaultAndClasses() throws {
        let e1 = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "management") { t in
                t["default_when_missing"] = ["points": 2]
            }
        }
        XCTAssertEqual(e1.term, "management")
        XCTAssertTrue(e1.problem.contains("default_when_missing has no 'source' or 'assumption'"), e1.problem)

        let e2 = try loadError { raw in
            modifyIndex(&raw, index: "WRI") { idx in
                var c = idx["classes"] as! [String: Any]
                c.removeValue(forKey: "assumption")
                idx["classes"] = c
            }
        }
        XCTAssertEqual(e2.index, "WRI")
        XCTAssertTrue(e2.problem.contains("classes has no 'source' or 'assumption'"), e2.problem)
    }

    func testMissingDefaultWhenMissing() throws {
        let e = try loadError { raw in
            modifyTerm(&raw, index: "TRI", term: "protected_areas") { $0.removeValue(forKey: "default_when_missing") }
        }
        XCTAssertEqual(e.term, "protected_areas")
        XCTAssertTrue(e.problem.contains("default_when_missing"), e.problem)
    }

    func testMalformedTransformations() throws {
        let e1 = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "capacity") { $0["transform"] = ["type": "sqrt", "unit": "m3"] }
        }
        XCTAssertTrue(e1.problem.contains("'sqrt' is not one of log10, lookup, bins, linear, flag"), e1.problem)

        let e2 = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "capacity") { $0["transform"] = ["type": "log10"] }
        }
        XCTAssertTrue(e2.problem.contains("unit"), e2.problem)

        let e3 = try loadError { raw in
            modifyTerm(&raw, index: "TRI", term: "transboundary_path") { t in
                t["transform"] = ["type": "flag", "true_points": 3, "false_pionts": 0]
            }
        }
        XCTAssertTrue(e3.problem.contains("unknown key(s) 'false_pionts'"), e3.problem)

        // A flag transform on a number input is caught against the input contract.
        let e4 = try loadError { raw in
            modifyTerm(&raw, index: "TRI", term: "population") { t in
                t["transform"] = ["type": "flag", "true_points": 3, "false_points": 0]
                t["default_when_missing"] = ["points": 0, "assumption": "x"]
            }
        }
        XCTAssertTrue(e4.problem.contains("cannot use input 'population_downstream', which is a number"), e4.problem)

        let e5 = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "capacity") { t in
                t["default_when_missing"] = ["value": "lots", "assumption": "x"]
            }
        }
        XCTAssertTrue(e5.problem.contains("cannot be transformed"), e5.problem)
    }

    func testIndexReferencesAreChecked() throws {
        let e1 = try loadError { raw in
            modifyTerm(&raw, index: "TRI", term: "hazard") { $0["input"] = "index:THX" }
        }
        XCTAssertTrue(e1.problem.contains("unknown index 'THX'"), e1.problem)

        let e2 = try loadError { raw in
            modifyTerm(&raw, index: "THI", term: "capacity") { t in
                t["input"] = "index:TRI"
                t["transform"] = ["type": "linear", "a": 1, "b": 0]
                // An open linear term needs its stand-in range declared (StandInRangeTests); given here so the cycle is what fails.
                t["default_when_missing"] = ["points": 0, "assumption": "x", "range": ["points": [0, 0], "assumption": "x"]]
            }
        }
        XCTAssertTrue(e2.problem.contains("cycle"), e2.problem)

        let e3 = try loadError { raw in
            modifyIndex(&raw, index: "THI") { $0["applies_to"] = ["other"] }
            raw["ranking"] = ["other": "WRI"]
        }
        XCTAssertEqual(e3.index, "TRI")
        XCTAssertTrue(e3.problem.contains("does not apply to tailings"), e3.problem)
    }

    func testBadJSONReportsLineAndColumn() throws {
        let text = "{\n  \"indices\": [\n    {\"id\": \"THI\",, }\n  ]\n}\n"
        XCTAssertThrowsError(try RuleSet.parse(data: Data(text.utf8), name: "bad.json", knownInputs: ScoringInputs.knownNames)) { error in
            let d = "\(error)"
            XCTAssertTrue(d.hasPrefix("bad.json: invalid JSON"), d)
            XCTAssertTrue(d.contains("line 3"), "line number expected: \(d)")
        }
        XCTAssertThrowsError(try RuleSet.load(contentsOf: URL(fileURLWithPath: "/nonexistent/rules.json"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/rules.json"))
        }
    }

    func testRunoutSectionIsValidated() throws {
        let e = try loadError { raw in
            var r = raw["runout"] as! [String: Any]
            var models = r["models"] as! [[String: Any]]
            var rd = models[1]["runout_distance"] as! [String: Any]
            rd.removeValue(forKey: "assumption")
            models[1]["runout_distance"] = rd
            r["models"] = models
            raw["runout"] = r
        }
        XCTAssertEqual(e.index, "runout:Concha Larrauri & Lall 2018")
        XCTAssertEqual(e.term, "runout_distance")
        XCTAssertTrue(e.problem.contains("no 'source' or 'assumption'"), e.problem)
    }
}
