import XCTest
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
@testable import AnalysisKit

/// yes / no / unknown on real places of the basin. Positions are town centres (Wikipedia, rounded to
/// 0.01 degree) or the example inventory's; the expected states follow from the basin's own layers.
final class TransboundaryStateTests: XCTestCase {
    let analyzer = try! Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: AnalysisParameters())

    func analyze(_ lon: Double, _ lat: Double, with a: Analyzer? = nil) throws -> SiteAnalysis {
        try (a ?? analyzer).analyze(site("p", lon: lon, lat: lat), at: 0)
    }

    func reason(_ a: SiteAnalysis, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try XCTUnwrap(a.transboundaryReason, "a \(a.transboundary) answer needs a reason", file: file, line: line)
    }

    func testKentauFarFromAnyMappedRiverIsUnknownWithTheDistance() throws {
        // Kentau (Achisay / Kentau, example inventory KZ-KEN) 43.5 N 68.5 E, in the Karatau.
        let a = try analyze(68.5, 43.5)
        XCTAssertEqual(a.transboundary, .unknown)
        let e = try XCTUnwrap(a.entry)
        XCTAssertGreaterThan(e.distanceM, 50_000)
        let r = try reason(a)
        XCTAssertTrue(r.contains("nearest mapped basin river"), r)
        XCTAssertTrue(r.contains("\(NumberFormat.fixed(e.distanceM / 1000, decimals: 1)) km away, over the 50 km entry limit"), r)
        XCTAssertNil(a.trace)
    }

    func testKhaidarkanNearTheBorderButUntracedIsUnknownNotNo() throws {
        // Khaidarkan town 39.95 N 71.34 E (example inventory KG-KHD): about 10 km from the UZ border, over
        // the 5 km proximity limit, and beyond the entry limit of every mapped basin river.
        let a = try analyze(71.34, 39.95)
        XCTAssertEqual(a.country.iso, "KG")
        let b = try XCTUnwrap(a.border)
        XCTAssertGreaterThan(b.distanceM, 5_000)
        XCTAssertLessThan(b.distanceM, 15_000)
        XCTAssertTrue(a.flags.isEmpty)
        XCTAssertEqual(a.transboundary, .unknown)
        XCTAssertTrue(try reason(a).contains("over the 50 km entry limit"))
    }

    func testAngrenOnTheUnmappedAkhangaranIsNotNo() throws {
        // Angren 41.01 N 70.14 E: the Akhangaran is not in the river data.
        let a = try analyze(70.14, 41.01)
        XCTAssertEqual(a.country.iso, "UZ")
        print("Angren: \(a.transboundary) \(a.transboundaryReason ?? "") entry \(a.entry.map { $0.distanceM } ?? -1) flags \(a.flags.map(\.detail))")
        XCTAssertNotEqual(a.transboundary, .no)
    }

    func testPenjikentInTheZeravshanValleyIsUnknown() throws {
        // Penjikent 39.49 N 67.61 E drains to the Zeravshan, outside the Syr Darya basin.
        let a = try analyze(67.61, 39.49)
        XCTAssertEqual(a.country.iso, "TJ")
        XCTAssertEqual(a.transboundary, .unknown)
        let r = try reason(a)
        XCTAssertTrue(r.contains("entry limit") || r.contains("outside every country polygon"), r)
        XCTAssertNotEqual(a.transboundary, .no)
    }

    func testAPointOutsideEveryCountryPolygonIsUnknown() throws {
        // The former Aral Sea, 45.0 N 59.6 E: DCW leaves its water out of both Kazakhstan and Uzbekistan.
        let a = try analyze(59.6, 45.0)
        XCTAssertFalse(a.country.inside)
        if a.flags.isEmpty {
            XCTAssertEqual(a.transboundary, .unknown)
            let r = try reason(a)
            XCTAssertTrue(r.hasPrefix("outside every country polygon (nearest country "), r)
        } else {
            XCTAssertEqual(a.transboundary, .yes, "a rule fired: \(a.flags)")
        }
    }

    func testShymkentTracedToTheOutletInsideKazakhstanIsNo() throws {
        let a = try analyze(69.59, 42.32)
        XCTAssertEqual(a.transboundary, .no)
        let t = try XCTUnwrap(a.trace)
        XCTAssertEqual(t.countries, ["KZ"])
        let r = try reason(a)
        XCTAssertTrue(r.hasPrefix("traced \(NumberFormat.fixed(t.outletKm, decimals: 1)) km to the outlet"), r)
        XCTAssertTrue(r.contains("without leaving KZ"), r)
        XCTAssertTrue(r.contains("nearest border \(NumberFormat.fixed(a.border!.distanceM / 1000, decimals: 1)) km away"), r)
    }

    func testATracedCrossingIsYesWithoutAReason() throws {
        // Khujand: the Syr Darya crosses from TJ into UZ.
        let a = try analyze(69.62, 40.28)
        XCTAssertEqual(a.transboundary, .yes)
        XCTAssertNil(a.transboundaryReason)
    }

    func testBorderProximityGivesYesWithoutATrace() throws {
        // The proximity rule needs no river: with the entry limit at 0 km no site is traced, yet a site
        // 3 km from a border is still `yes` (Osh lies a few km from the UZ border).
        var p = AnalysisParameters()
        p.entryMaxDistanceM = 0
        p.borderProximityM = 15_000
        let noTrace = try Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: p)
        let a = try analyze(72.80, 40.53, with: noTrace)
        XCTAssertNil(a.trace)
        XCTAssertEqual(a.flags.map(\.rule), [.borderProximity])
        XCTAssertEqual(a.transboundary, .yes)
    }

    func testATraceCutShortByTheTraceLimitIsUnknown() throws {
        var p = AnalysisParameters()
        p.traceMaxKm = 100
        let short = try Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: p)
        let a = try analyze(69.59, 42.32, with: short)
        XCTAssertEqual(a.transboundary, .unknown)
        let r = try reason(a)
        XCTAssertTrue(r.contains("trace stopped at the 100 km trace limit before the outlet, still in KZ"), r)
    }

    func testACrossingBeyondTheWaterPathLimitIsUnknownNotNo() throws {
        // Kumtor's river crosses into UZ 600 km down; with a water-path limit below its entry distance the
        // rule does not fire, and the answer is not `no`.
        var p = AnalysisParameters()
        p.waterPathMaxDistanceM = 0
        let near = try Analyzer(basin: syrDarya, rules: syrDaryaRules, parameters: p)
        let a = try analyze(78.2, 41.867, with: near)
        XCTAssertNotNil(a.firstTransboundary)
        XCTAssertTrue(a.flags.isEmpty, "\(a.flags)")
        XCTAssertEqual(a.transboundary, .unknown)
        let r = try reason(a)
        XCTAssertTrue(r.contains("over the 0 km water-path limit"), r)
    }

    func testANetworkBrokenBelowTheSiteIsUnknown() throws {
        // Cut the network just below Shymkent's entry edge: the walk ends there, short of the outlet.
        let a0 = try analyze(69.59, 42.32)
        let edge = try XCTUnwrap(a0.entry).edge
        var broken = syrDarya
        let i = try XCTUnwrap(broken.rivers.firstIndex { $0.id == edge })
        broken.rivers[i].downstreamEdge = nil
        let cut = try Analyzer(basin: broken, rules: syrDaryaRules, parameters: AnalysisParameters())
        let a = try analyze(69.59, 42.32, with: cut)
        XCTAssertEqual(a.transboundary, .unknown)
        let r = try reason(a)
        XCTAssertTrue(r.contains("at the end of river edge \(edge)"), r)
        XCTAssertTrue(r.contains("the mapped network does not reach the outlet"), r)
    }

    func testACycleInTheNetworkHasNoEndAndTheWalkStops() throws {
        // The edge below Shymkent's entry made to flow back into it: the walk meets an edge twice.
        let a0 = try analyze(69.59, 42.32)
        let edge = try XCTUnwrap(a0.entry).edge
        var looped = syrDarya
        let i = try XCTUnwrap(looped.rivers.firstIndex { $0.id == edge })
        let below = try XCTUnwrap(looped.rivers[i].downstreamEdge)
        let j = try XCTUnwrap(looped.rivers.firstIndex { $0.id == below })
        looped.rivers[j].downstreamEdge = edge
        var position: [Int: Int] = [:]
        for (k, e) in looped.rivers.enumerated() { position[e.id] = k }
        // Linear and bounded whatever the data: the cycle resolves to "no end", the rest of the network is untouched.
        let terminal = BasinIndex.terminalEdges(looped.rivers, position: position)
        XCTAssertNil(terminal[i])
        XCTAssertNil(terminal[j])
        let intact = BasinIndex.terminalEdges(syrDarya.rivers, position: Dictionary(uniqueKeysWithValues: syrDarya.rivers.enumerated().map { ($1.id, $0) }))
        XCTAssertNotNil(intact[i])
        let outlets = BasinIndex.outletEdges(syrDarya.rivers, terminal: intact, outlet: syrDarya.metadata.outlet)
        XCTAssertEqual(outlets.count, 1, "one edge ends at the Syr Darya mouth")
        XCTAssertTrue(outlets.contains(intact[i]!), "Shymkent's river reaches the outlet")
    }

    func testNoSiteOfTheExampleInventoryIsWronglyNo() throws {
        let sites = try InventoryReader.read([Repo.basinDir.appendingPathComponent("sites.csv")],
                                             options: InventoryOptions(countries: syrDarya.metadata.countrySpellingsPairs.map { CountrySpellings(iso: $0.iso, spellings: $0.spellings, neighbour: $0.neighbour) }, extent: syrDarya.metadata.extent)).sites
        var states: [String: TransboundaryState] = [:]
        for (k, s) in sites.enumerated() {
            let a = try analyzer.analyze(s, at: k)
            states[s.id] = a.transboundary
            switch a.transboundary {
            case .yes:
                XCTAssertFalse(a.flags.isEmpty)
            case .no:
                XCTAssertTrue(a.flags.isEmpty)
                let t = try XCTUnwrap(a.trace, "\(s.id): `no` needs a trace")
                XCTAssertNil(a.firstTransboundary, s.id)
                XCTAssertEqual(t.countries, [a.country.iso!], s.id)
                XCTAssertGreaterThan(a.border!.distanceM, 5_000, s.id)
            case .unknown:
                XCTAssertTrue(a.flags.isEmpty)
                XCTAssertFalse(try reason(a).isEmpty)
            }
        }
        // The three sites that were `false` before the tri-state: one traced inside Kazakhstan, two untraced.
        XCTAssertEqual(states["KZ-SHY-PB"], .no)
        XCTAssertEqual(states["KG-KHD"], .unknown)
        XCTAssertEqual(states["KZ-KEN"], .unknown)
        XCTAssertEqual(states.values.filter { $0 == .yes }.count, 11)
    }
}
