import Foundation
import XCTest
@testable import ScoringKit

/// Inputs the fuzzer (make fuzz, FuzzRules) or its review found to crash the rules parser; each must now
/// be refused with a RulesError naming the field.
final class FuzzFindingsTests: XCTestCase {
    /// Finding: `Int(unknown_class)` trapped on a finite number beyond Int's range.
    func testUnknownClassOutOfIntRangeIsRefused() throws {
        for bad: Any in [1e300, -1e300, 9.3e18, 2.5, 0, 4] {
            var raw = try rawRules()
            var substances = try XCTUnwrap(raw["substances"] as? [String: Any])
            substances["unknown_class"] = bad
            raw["substances"] = substances
            let data = try JSONSerialization.data(withJSONObject: raw, options: [.sortedKeys])
            XCTAssertThrowsError(try RuleSet.parse(data: data, name: "fuzz-rules.json"), "unknown_class \(bad)") { error in
                let e = error as? RulesError
                XCTAssertNotNil(e, "expected a RulesError, got \(error)")
                XCTAssertTrue(e?.problem.contains("substances.unknown_class") ?? false, "\(error)")
            }
        }
    }

    /// The same rules with a valid class still load (the check above is not a blanket refusal).
    func testUnknownClassInRangeLoads() throws {
        var raw = try rawRules()
        var substances = try XCTUnwrap(raw["substances"] as? [String: Any])
        substances["unknown_class"] = 3
        raw["substances"] = substances
        let rules = try RuleSet.parse(data: JSONSerialization.data(withJSONObject: raw), name: "fuzz-rules.json")
        XCTAssertEqual(rules.substances?.unknownClass, 3)
    }
}
