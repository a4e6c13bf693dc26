import Foundation
import XCTest
@testable import ScoringKit

/// Loading a rules file is linear in its number of terms (200,000 terms took 106 s when each new term
/// was checked against all earlier ones). Sizes are 2,000 and 20,000 terms so the debug-build suite stays
/// quick (20,000 terms take about 5-10 s there, most of it JSON decoding); the quadratic step made the
/// larger one alone take 2*10^8 name comparisons.
final class RulesScalingTests: XCTestCase {
    static func rules(terms n: Int) -> Data {
        var s = #"{"title": "scaling", "indices": [{"id": "BIG", "applies_to": ["tailings"], "assumption": "test", "#
        s += #""classes": {"names": ["low", "high"], "thresholds": [1], "assumption": "test"}, "terms": ["#
        for i in 0..<n {
            if i > 0 { s += "," }
            s += #"{"name": "t\#(i)", "input": "dam_height_m", "transform": {"type": "linear", "a": 1, "b": 0, "min": 0, "max": 1000}, "#
            s += #""default_when_missing": {"points": 0, "assumption": "test"}, "assumption": "test"}"#
        }
        return Data((s + "]}]}").utf8)
    }

    /// Seconds to parse, the best of `repeats` (the machine is shared: the minimum is the least disturbed).
    func loadSeconds(terms n: Int, repeats: Int) throws -> Double {
        let data = Self.rules(terms: n)
        var best = Double.infinity
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try RuleSet.parse(data: data, name: "scaling.json")
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            XCTAssertEqual(r.indices[0].terms.count, n)
            XCTAssertEqual(r.indices[0].terms.last?.name, "t\(n - 1)")
        }
        return best
    }

    func testLoadTimeGrowsLinearlyWithTerms() throws {
        let small = try loadSeconds(terms: 2_000, repeats: 3)
        let large = try loadSeconds(terms: 20_000, repeats: 1)
        let ratio = large / small
        print(String(format: "rules load: 2,000 terms %.3f s, 20,000 terms %.3f s, ratio %.1f (linear 10, quadratic 100)", small, large, ratio))
        // Linear is 10x; allow for noise and cache effects, but a quadratic step (100x) fails.
        XCTAssertLessThan(ratio, 30, "load time grows clearly faster than the number of terms")
    }

    func testDuplicateTermNameIsStillFound() throws {
        var text = String(decoding: Self.rules(terms: 3), as: UTF8.self)
        text = text.replacingOccurrences(of: #""name": "t2""#, with: #""name": "t0""#)
        XCTAssertThrowsError(try RuleSet.parse(data: Data(text.utf8), name: "dup.json")) { error in
            XCTAssertTrue("\(error)".contains("term 't0': duplicate term name"), "\(error)")
        }
    }
}
