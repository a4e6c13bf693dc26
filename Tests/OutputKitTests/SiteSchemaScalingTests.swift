import Foundation
import XCTest
import GeoKit
import SiteKit
import ScoringKit
@testable import OutputKit

/// Issue #15 part 2: the output schema of a site with very many inventory columns is built in linear time
/// (`inputNames` used `Array.contains`: 100k columns took 37 s). Prints the times; fails when 10x the
/// columns costs more than 30x the time. 1M columns with BASINMAP_BENCH_COLUMNS=1.
final class SiteSchemaScalingTests: XCTestCase {
    let rules = try! RuleSet.load(contentsOf: Repo.basin.appendingPathComponent("scoring.json"))

    func site(extra: [(String, String)]) -> Site {
        Site(id: "W", name: "Wide", kind: .tailings, position: Coordinate(lon: 72, lat: 41),
             attributes: [AttributeKey.storedVolume: .number(1)], extra: extra, origin: RecordOrigin(file: "w.csv", line: 2))
    }

    func time(columns n: Int) -> Double {
        let s = site(extra: (0..<n).map { ("c\($0)", "v") })
        let t0 = DispatchTime.now().uptimeNanoseconds
        let schema = SiteSchema(rules: rules, sites: [s])
        var names: [String] = [], keys: [String] = []
        SiteSchema.inputNames(s, computed: Set(SiteSchema.computedKeys(rules)), into: &names, sortedKeys: &keys)
        let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        XCTAssertEqual(schema.keys.count, schema.computedCount + n + 1)
        XCTAssertEqual(names.count, n + 1)
        print(String(format: "COLUMNS schema columns=%d time=%.3fs", n, dt))
        return dt
    }

    func testSchemaIsLinearInColumns() {
        _ = time(columns: 1_000)
        var sizes = [10_000, 100_000]
        if ProcessInfo.processInfo.environment["BASINMAP_BENCH_COLUMNS"] == "1" { sizes.append(1_000_000) }
        let times = sizes.map { time(columns: $0) }
        for k in 1..<times.count {
            XCTAssertLessThan(times[k] / max(times[k - 1], 1e-3), 30, "\(sizes[k]) columns took \(times[k]) s, \(sizes[k - 1]) took \(times[k - 1]) s")
        }
    }

    /// Three columns of one name (and one named like a computed field) keep distinct keys: none overwrites another.
    func testRepeatedColumnNamesStayDistinct() {
        let s = site(extra: [("notes", "a"), ("notes", "b"), ("notes", "c"), ("risk_rank", "d"), ("input_notes", "e")])
        var names: [String] = [], keys: [String] = []
        SiteSchema.inputNames(s, computed: Set(SiteSchema.computedKeys(rules)), into: &names, sortedKeys: &keys)
        XCTAssertEqual(names, ["stored_volume_m3", "notes", "input_notes", "input_2_notes", "input_risk_rank", "input_input_notes"])
        XCTAssertEqual(Set(names).count, names.count)
    }
}
