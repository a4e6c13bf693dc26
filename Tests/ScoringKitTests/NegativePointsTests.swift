import Foundation
import XCTest
@testable import ScoringKit

/// Points below zero lower a site's hazard as its input worsens: rejected unless the term says
/// "allow_negative": true.
final class NegativePointsTests: XCTestCase {
    func load(_ modify: (inout [String: Any]) throws -> Void) throws -> RuleSet {
        try RuleSet.load(contentsOf: try writeModified(modify, name: "signs.json"))
    }

    /// The error for a modified default file, and that the same file with allow_negative on `term` loads.
    func rejectedUnlessAllowed(index: String, term: String, _ change: @escaping (inout [String: Any]) -> Void,
                               file: StaticString = #filePath, line: UInt = #line) throws -> RulesError {
        var error: RulesError?
        do { _ = try load { modifyTerm(&$0, index: index, term: term, change) } } catch let e as RulesError { error = e }
        let e = try XCTUnwrap(error, "expected a RulesError", file: file, line: line)
        XCTAssertEqual(e.index, index, file: file, line: line)
        XCTAssertEqual(e.term, term, file: file, line: line)
        XCTAssertTrue(e.description.contains("signs.json"), e.description, file: file, line: line)
        XCTAssertTrue(e.problem.contains("\"allow_negative\": true"), e.problem, file: file, line: line)
        // TRI reads THI: a THI allowed to go negative needs TRI's hazard term to allow it too (see below).
        let allowed = try load { raw in
            modifyTerm(&raw, index: index, term: term) { t in change(&t); t["allow_negative"] = true }
            modifyTerm(&raw, index: "TRI", term: "hazard") { $0["allow_negative"] = true }
        }
        XCTAssertEqual(try XCTUnwrap(allowed.index(index)?.terms.first { $0.name == term }).allowNegative, true, file: file, line: line)
        return e
    }

    func transform(_ t: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var tf = t["transform"] as! [String: Any]
        change(&tf)
        t["transform"] = tf
    }

    func testDefaultRulesHaveNoNegativePoints() throws {
        let r = try RuleSet.load(contentsOf: try defaultRulesURL())
        XCTAssertTrue(r.indices.allSatisfy { $0.terms.allSatisfy { !$0.allowNegative } })
    }

    func testNegativePointsInEachTransformation() throws {
        var e = try rejectedUnlessAllowed(index: "THI", term: "flood_hazard") { t in self.transform(&t) { $0["table"] = ["low": -1, "medium": 1, "high": 2] } }
        XCTAssertTrue(e.problem.contains("lookup 'low' gives -1 points"), e.problem)

        e = try rejectedUnlessAllowed(index: "TRI", term: "river_proximity") { t in self.transform(&t) { $0["points"] = [3, 2, 1, -1] } }
        XCTAssertTrue(e.problem.contains("bins points[3] is -1"), e.problem)

        e = try rejectedUnlessAllowed(index: "TRI", term: "protected_areas") { t in self.transform(&t) { $0["false_points"] = -0.5 } }
        XCTAssertTrue(e.problem.contains("false_points is -0.5"), e.problem)

        e = try rejectedUnlessAllowed(index: "THI", term: "capacity") { t in self.transform(&t) { $0.removeValue(forKey: "floor") } }
        XCTAssertTrue(e.problem.contains("log10 without a 'floor' gives negative points for values below 1 m3"), e.problem)

        e = try rejectedUnlessAllowed(index: "THI", term: "capacity") { t in self.transform(&t) { $0["floor"] = -2 } }
        XCTAssertTrue(e.problem.contains("log10 floor -2 is negative"), e.problem)
    }

    func testLinearTermsThatCanGoBelowZero() throws {
        // Fewer points as more people live downstream: unbounded below without a 'min'.
        var e = try rejectedUnlessAllowed(index: "TRI", term: "population") { t in t["transform"] = ["type": "linear", "a": -0.001, "b": 4] }
        XCTAssertTrue(e.problem.contains("linear a*x + b has no 'min' and falls below zero as the input grows"), e.problem)
        // The same with a floor at 0 is fine.
        _ = try load { modifyTerm(&$0, index: "TRI", term: "population") { $0["transform"] = ["type": "linear", "a": -0.001, "b": 4, "min": 0] } }

        e = try rejectedUnlessAllowed(index: "TRI", term: "population") { t in t["transform"] = ["type": "linear", "a": 0.001, "b": -3] }
        XCTAssertTrue(e.problem.contains("linear a*x + b = -3 at input 0"), e.problem)

        // These transformations give at most 3 points: the stand-in's declared range (up to 4) would not fit.
        e = try rejectedUnlessAllowed(index: "TRI", term: "population") { t in
            t["transform"] = ["type": "linear", "a": -0.001, "b": 0, "min": -1, "max": 3]
            t["default_when_missing"] = ["points": 0, "assumption": "test"]
        }
        XCTAssertTrue(e.problem.contains("linear 'min' -1 is negative and a*x + b reaches it as the input grows"), e.problem)
        // A negative 'min' that an increasing line never reaches (inputs are >= 0) is harmless.
        _ = try load { modifyTerm(&$0, index: "TRI", term: "population") {
            $0["transform"] = ["type": "linear", "a": 0.001, "b": 0, "min": -1, "max": 3]
            $0["default_when_missing"] = ["points": 0, "assumption": "test"]
        } }

        // The stand-in is an input value (0 people), so its points come from the transformation.
        e = try rejectedUnlessAllowed(index: "TRI", term: "population") { t in
            t["transform"] = ["type": "linear", "a": 0, "b": 1, "min": -5, "max": -1]
            t["default_when_missing"] = ["value": 0, "assumption": "test"]
        }
        XCTAssertTrue(e.problem.contains("linear max -1 is negative"), e.problem)
    }

    func testNegativeDefaults() throws {
        // Allowed, a negative stand-in must still be a value the rule can give (its range): the table has one.
        var e = try rejectedUnlessAllowed(index: "THI", term: "management") { t in
            t["default_when_missing"] = ["points": -2, "assumption": "test"]
            self.transform(&t) { tf in
                var table = tf["table"] as! [String: Any]
                table["test_negative"] = -2
                tf["table"] = table
            }
        }
        XCTAssertTrue(e.problem.contains("default_when_missing.points -2 is negative"), e.problem)

        // A negative volume would score 0 through the floor, but no volume is negative.
        e = try rejectedUnlessAllowed(index: "THI", term: "capacity") { t in t["default_when_missing"] = ["value": -5, "assumption": "test"] }
        XCTAssertTrue(e.problem.contains("default_when_missing.value -5 is negative, but 'stored_volume_m3' is a quantity"), e.problem)
    }

    func testFallbackTransformationsAreChecked() throws {
        let e = try rejectedUnlessAllowed(index: "THI", term: "seismic_hazard") { t in
            t["fallback_inputs"] = [["input": "seismic_pga_ms2", "transform": ["type": "bins", "thresholds": [0.5], "points": [-1, 2]], "assumption": "test"]]
        }
        XCTAssertTrue(e.problem.hasPrefix("fallback_inputs[0]: points can go below zero (bins points[0] is -1)"), e.problem)
    }

    /// An index allowed negative terms passes negative values on: a term reading it must allow them too,
    /// or keep its own points >= 0 for any input.
    func testNegativeIndexValuesPropagate() throws {
        func negativeTHI(_ raw: inout [String: Any]) {
            modifyTerm(&raw, index: "THI", term: "flood_hazard") { t in
                self.transform(&t) { $0["table"] = ["low": -1, "medium": 1, "high": 2] }
                t["allow_negative"] = true
            }
        }
        var error: RulesError?
        do { _ = try load(negativeTHI) } catch let e as RulesError { error = e }
        let e = try XCTUnwrap(error)
        XCTAssertEqual(e.index, "TRI"); XCTAssertEqual(e.term, "hazard")
        XCTAssertTrue(e.problem.contains("index 'THI' allows negative points, so 'index:THI' can be negative"), e.problem)

        _ = try load { raw in negativeTHI(&raw); modifyTerm(&raw, index: "TRI", term: "hazard") { $0["allow_negative"] = true } }
        _ = try load { raw in negativeTHI(&raw); modifyTerm(&raw, index: "TRI", term: "hazard") { $0["transform"] = ["type": "linear", "a": 1, "b": 0, "min": 0] } }
    }

    func testAllowNegativeMustBeABoolean() throws {
        XCTAssertThrowsError(try load { modifyTerm(&$0, index: "THI", term: "toxicity") { $0["allow_negative"] = "yes" } }) { error in
            XCTAssertTrue("\(error)".contains("'allow_negative' must be true or false, found string"), "\(error)")
        }
    }
}
