import Foundation
import XCTest
import GeoKit
import SiteKit
import ScoringKit
@testable import AnalysisKit
@testable import OutputKit

/// Issue #13 part 1: one declaration per field drives every format; docs/fields.md follows from it.
final class FieldTableTests: XCTestCase {
    let rules = try! RuleSet.load(contentsOf: Repo.basin.appendingPathComponent("scoring.json"))

    func testDocsFieldsMarkdownIsCurrent() throws {
        let doc = FieldDocs.markdown(SiteSchema(rules: rules, sites: []), rulesFile: "scoring.json")
        let committed = try String(contentsOf: Repo.root.appendingPathComponent("docs/fields.md"), encoding: .utf8)
        XCTAssertEqual(committed, doc, "docs/fields.md differs from the field table: run `basinmap fields Basins/syr-darya > docs/fields.md`")
    }

    func testNamesAreUniqueAndIndexFieldsFollowTheRules() {
        let schema = SiteSchema(rules: rules, sites: [])
        XCTAssertEqual(Set(schema.keys).count, schema.keys.count, "two fields share a name")
        for idx in rules.indices {
            for suffix in ["", "_class", "_low", "_high", "_class_low", "_class_high", "_stand_ins", "_terms", "_missing"] {
                XCTAssertTrue(schema.keys.contains(idx.id + suffix), "no field \(idx.id + suffix)")
            }
        }
        XCTAssertEqual(schema.fields[schema.rankField].name, "risk_rank")
        XCTAssertEqual(schema.fields.first { $0.name == "river_distance_m" }?.type, .real(decimals: 1))
        XCTAssertEqual(schema.fields.first { $0.name == "river_distance_m" }?.unit, "m")
        XCTAssertEqual(schema.fields.first { $0.name == "transboundary" }?.type, .enumeration(["yes", "no", "unknown"]))
        // The CSV is the report's table: it starts with the rank and leaves out the long term details.
        XCTAssertEqual(schema.csvColumns.first, "risk_rank")
        XCTAssertFalse(schema.csvColumns.contains("TRI_terms"))
        XCTAssertEqual(Array(schema.csvColumns.suffix(2)), ["lon", "lat"])
    }

    func site(_ id: String, _ attrs: [String: AttributeValue], extra: [(String, String)] = []) -> Site {
        Site(id: id, name: id, kind: .tailings, position: Coordinate(lon: 72, lat: 41), attributes: attrs, extra: extra,
             origin: RecordOrigin(file: "t.csv", line: 2))
    }

    /// An inventory column's type is fixed by all its values: numbers in one row and text in another make
    /// it text everywhere (GIS readers guessed String in one run and Real in the next).
    func testInventoryColumnTypesAreFixedForTheRun() throws {
        let a = site("A", ["dam_height_m": .number(12), "lined": .flag(true), "operator": .text("X")], extra: [("note", "n")])
        let b = site("B", ["dam_height_m": .number(3.5), "lined": .text("partly"), "operator": .text("Y")])
        let schema = SiteSchema(rules: rules, sites: [a, b])
        func type(_ name: String) -> FieldType? { schema.fields[schema.computedCount...].first { $0.name == name }?.type }
        XCTAssertEqual(type("dam_height_m"), .real(decimals: nil))
        XCTAssertEqual(type("lined"), .text)
        XCTAssertEqual(type("operator"), .text)
        XCTAssertEqual(type("note"), .text)

        let analysis = SiteAnalysis(siteIndex: 0, country: CountryFinding(iso: "KG", inside: true, distanceM: 0), river: nil, border: nil, entry: nil,
                                    trace: nil, firstTransboundary: nil, runout: nil, flags: [], affected: [], scores: [], warnings: [],
                                    transboundary: .unknown, transboundaryReason: "not traced")
        var values: [FieldValue] = [], scratch = SiteRowScratch()
        schema.evaluate(a, analysis, rules: rules, into: &values, scratch: &scratch)
        func value(_ name: String) -> FieldValue { values[schema.keys.firstIndex(of: name)!] }
        XCTAssertEqual(value("lined"), .text("true"), "a flag in a text column is written as text")
        XCTAssertEqual(value("dam_height_m"), .real(12))
        XCTAssertEqual(value("note"), .text("n"))
        XCTAssertEqual(value("transboundary"), .text("unknown"))
        XCTAssertEqual(value("country"), .text("KG"))
        XCTAssertEqual(value("river_distance_m"), .null)
        // The next row reuses the buffer: B has no `note`, so it must not keep A's.
        schema.evaluate(b, analysis, rules: rules, into: &values, scratch: &scratch)
        XCTAssertEqual(value("note"), .null)
        XCTAssertEqual(value("lined"), .text("partly"))
        for (f, v) in zip(schema.fields, values) { XCTAssertTrue(fits(v, f.type), "\(f.name): \(v) does not fit \(f.type)") }
    }

    func fits(_ v: FieldValue, _ t: FieldType) -> Bool {
        switch (v, t) {
        case (.null, _), (.text, .text), (.integer, .integer), (.real, .real), (.boolean, .boolean): return true
        case (.text(let s), .enumeration(let values)): return values.contains(s)
        default: return false
        }
    }
}
