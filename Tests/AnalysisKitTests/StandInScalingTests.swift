import Foundation
import XCTest
import SiteKit
import ScoringKit
@testable import AnalysisKit

/// Collecting a run's stand-ins is linear in the number of terms. Each missing term used to be matched
/// against every term of the detailed analysis: a 200,000-term rules file spent 190 s there on 14 sites.
final class StandInScalingTests: XCTestCase {
    /// One index of `n` linear terms on an input the test site lacks, so every term needs its stand-in.
    static func rules(terms n: Int) throws -> RuleSet {
        var s = #"{"title": "scaling", "indices": [{"id": "BIG", "applies_to": ["tailings"], "assumption": "test", "#
        s += #""classes": {"names": ["low", "high"], "thresholds": [1], "assumption": "test"}, "terms": ["#
        for i in 0..<n {
            if i > 0 { s += "," }
            s += #"{"name": "t\#(i)", "input": "dam_height_m", "transform": {"type": "linear", "a": 1, "b": 0, "min": 0, "max": 1000}, "#
            s += #""default_when_missing": {"points": 0, "assumption": "test"}, "assumption": "test"}"#
        }
        return try RuleSet.parse(data: Data((s + "]}]}").utf8), name: "scaling.json")
    }

    /// Seconds for one collect, the best of `repeats`; checks that every term's stand-in was found once.
    func collectSeconds(terms n: Int, repeats: Int) throws -> Double {
        let analyzer = try Analyzer(basin: syrDarya, rules: try Self.rules(terms: n), parameters: AnalysisParameters())
        // Almalyk (example inventory UZ-ALM), with no dam height given.
        let s = site("no-dam-height", lon: 69.6, lat: 40.85)
        let a = try analyzer.analyze(s, at: 0, detail: false)
        let full = try analyzer.analyze(s, at: 0, detail: true)
        var best = Double.infinity
        for _ in 0..<repeats {
            var seen: [StandInUse.Key: StandInUse] = [:]
            let t0 = DispatchTime.now().uptimeNanoseconds
            StandInUse.collect(a, into: &seen) { full }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            XCTAssertEqual(seen.count, n, "one stand-in per missing term")
            XCTAssertEqual(seen[StandInUse.Key(index: "BIG", term: "t\(n - 1)")]?.input, "dam_height_m")
        }
        return best
    }

    func testCollectTimeGrowsLinearlyWithTerms() throws {
        let small = try collectSeconds(terms: 1_000, repeats: 3)
        let large = try collectSeconds(terms: 10_000, repeats: 2)
        let ratio = large / small
        print(String(format: "stand-in collect: 1,000 terms %.4f s, 10,000 terms %.4f s, ratio %.1f (linear 10, quadratic 100)", small, large, ratio))
        XCTAssertLessThan(ratio, 30, "collecting stand-ins grows clearly faster than the number of terms")
    }
}
