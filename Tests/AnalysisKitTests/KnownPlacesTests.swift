import XCTest
import GeoKit
import BasinKit
import SiteKit
import AnalysisKit

/// Real places with known answers. Coordinates are the towns' centres as published on Wikipedia
/// (rounded to 0.01 degree); the answers are common knowledge of the region's geography.
final class KnownPlacesTests: XCTestCase {
    let analyzer = try! Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: AnalysisParameters())

    func analyze(_ lon: Double, _ lat: Double) throws -> SiteAnalysis {
        try analyzer.analyze(site("p", lon: lon, lat: lat), at: 0)
    }

    func testKhujandIsInTajikistanOnTheSyrDaryaAndSpillsIntoUzbekistanFirst() throws {
        // Khujand 40.28 N 69.62 E lies on the Syr Darya just below the Kairakkum dam.
        let a = try analyze(69.62, 40.28)
        XCTAssertEqual(a.country.iso, "TJ")
        XCTAssertTrue(a.country.inside)
        XCTAssertEqual(a.river?.name, "Syr Darya")
        XCTAssertLessThan(a.river!.distanceM, 5_000)
        let t = try XCTUnwrap(a.trace)
        XCTAssertEqual(t.countries.first, "TJ")
        let first = try XCTUnwrap(t.crossings.first)
        XCTAssertEqual(first.from, "TJ")
        XCTAssertEqual(first.to, "UZ")
        XCTAssertEqual(a.transboundary, .yes)
        XCTAssertNil(a.transboundaryReason)
        XCTAssertTrue(a.flags.contains { $0.rule == .waterPath })
        XCTAssertEqual(a.affected.first?.iso, "UZ")
        XCTAssertFalse(a.affected.first!.conventionApplies, "TJ and UZ are not Parties")
        XCTAssertEqual(t.countries.last, "KZ")
        XCTAssertTrue(a.affected.contains { $0.iso == "KZ" })
    }

    func testOshIsInKyrgyzstan() throws {
        let a = try analyze(72.80, 40.53)
        XCTAssertEqual(a.country.iso, "KG")
        XCTAssertTrue(a.country.inside)
        // Osh lies a few km from the Uzbek border: the proximity flag fires at the 5 km default only if so.
        XCTAssertLessThan(a.border!.distanceM, 15_000)
        XCTAssertEqual(a.border!.countries, ["KG", "UZ"])
    }

    func testShymkentIsInKazakhstanInTheArysBasin() throws {
        let a = try analyze(69.59, 42.32)
        XCTAssertEqual(a.country.iso, "KZ")
        let t = try XCTUnwrap(a.trace)
        XCTAssertEqual(t.countries, ["KZ"], "the Arys joins the Syr Darya inside Kazakhstan")
        XCTAssertTrue(t.crossings.isEmpty)
        XCTAssertGreaterThan(t.outletKm, 800)
    }

    func testTashkentIsInUzbekistanAndKazakhstanIsDownstream() throws {
        let a = try analyze(69.28, 41.31)
        XCTAssertEqual(a.country.iso, "UZ")
        let t = try XCTUnwrap(a.trace)
        XCTAssertEqual(t.countries.last, "KZ")
    }

    func testAndijanIsInUzbekistanAndTheRiverPassesTajikistan() throws {
        let a = try analyze(72.34, 40.78)
        XCTAssertEqual(a.country.iso, "UZ")
        let t = try XCTUnwrap(a.trace)
        XCTAssertEqual(Array(t.countries.prefix(4)), ["UZ", "TJ", "UZ", "KZ"])
    }

    func testDeclaredCountryMismatchIsAWarning() throws {
        var s = site("m", lon: 72.80, lat: 40.53)
        s.declaredCountry = "UZ"
        let a = try analyzer.analyze(s, at: 0)
        XCTAssertTrue(a.warnings.contains { $0.contains("declared country UZ") && $0.contains("KG") }, "\(a.warnings)")
    }

    func testFarFromAnyRiverIsReportedNotTraced() throws {
        var p = AnalysisParameters()
        p.entryMaxDistanceM = 1_000
        let strict = try Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: p)
        // Kyzylkum desert, 64.0 E 42.3 N: far from every mapped river.
        let a = try strict.analyze(site("d", lon: 64.0, lat: 42.3), at: 0)
        XCTAssertNil(a.trace)
        XCTAssertNotNil(a.entry)
        XCTAssertFalse(a.entry!.withinEntryDistance)
        XCTAssertTrue(a.warnings.contains { $0.contains("far from any mapped basin river") })
    }

    func testMissingAnalysisInputsAreReportedAsMissing() throws {
        var p = AnalysisParameters()
        p.entryMaxDistanceM = 1_000
        let strict = try Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: p)
        let a = try strict.analyze(site("d", lon: 64.0, lat: 42.3), at: 0)
        let tri = try XCTUnwrap(a.scores.first { $0.index == "TRI" })
        XCTAssertTrue(tri.missing.contains { $0.input == "hours_to_first_crossing" }, "\(tri.missing)")
    }
}
