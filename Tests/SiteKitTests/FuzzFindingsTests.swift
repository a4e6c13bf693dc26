import Foundation
import XCTest
@testable import SiteKit

/// Inputs the fuzzer (make fuzz, FuzzCSV) found to hang or crash the inventory readers; each must now end
/// in clear rejects, quickly.
final class FuzzFindingsTests: XCTestCase {
    private func readCSV(_ text: String) throws -> InventoryResult {
        try InventoryReader.read(data: Data(text.utf8), name: "fuzz.csv", format: .csv)
    }

    /// Finding (timeout): a crs cell holding a word ("tailings", shifted in by a long row) made PROJ search
    /// proj.db by name, about 2 s per distinct value; a row-per-value file never finished.
    func testCRSNamesAreRefusedWithoutAPROJNameSearch() throws {
        var csv = "id,name,kind,x,y,crs\n"
        for i in 0..<40 { csv += "P\(i),Row \(i),tailings,500000,4483254.7,tailings\(i)\n" }
        csv += "Q1,Shifted,tailings,500000,448325,tailings,500000,4483254.7,EPSG:999999\n"
        let start = Date()
        let r = try readCSV(csv)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "40 CRS names should cost no PROJ look-up")
        XCTAssertEqual(r.recordsRead, 41)
        XCTAssertTrue(r.sites.isEmpty)
        for i in 0..<40 {
            let j = try XCTUnwrap(r.rejects.first { $0.id == "P\(i)" }, "P\(i)")
            XCTAssertEqual(j.field, "crs")
            XCTAssertTrue(j.reason.contains("'tailings\(i)'") && j.reason.contains("EPSG:32642"), j.reason)
        }
    }

    /// Finding (timeout, same class): every distinct unknown code costs a fresh PROJ context and a proj.db
    /// look-up, so the number of different CRSs one file may name is bounded, with a reject that says so.
    func testDistinctCRSCountIsBounded() throws {
        var csv = "id,name,kind,x,y,crs\n"
        for i in 0..<60 { csv += "P\(i),Row \(i),tailings,500000,4483254.7,EPSG:99\(9000 + i)\n" }
        csv += "OK,Still read,tailings,500000,4483254.731816689,EPSG:32642\n"
        let start = Date()
        let r = try readCSV(csv)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        XCTAssertEqual(r.rejects.count, 61, "the 17th CRS is past the bound, even a valid one")
        let late = try XCTUnwrap(r.rejects.first { $0.id == "P59" })
        XCTAssertTrue(late.reason.contains("more than \(ProjectionCache.maxDistinct) different CRSs"), late.reason)
        let early = try XCTUnwrap(r.rejects.first { $0.id == "P0" })
        XCTAssertTrue(early.reason.contains("EPSG:999000"), early.reason)
    }

    /// The forms that do reach PROJ still work: authority code, OGC URN, PROJ string.
    func testCRSDefinitionsStillReachPROJ() throws {
        let csv = """
        id,name,kind,x,y,crs
        A,Code,tailings,500000,4483254.731816689,EPSG:32642
        B,URN,tailings,500000,4483254.731816689,urn:ogc:def:crs:EPSG::32642
        C,PROJ string,tailings,500000,4483254.731816689,+proj=utm +zone=42 +datum=WGS84
        """
        let r = try readCSV(csv)
        XCTAssertEqual(r.sites.count, 3, "\(r.rejects)")
        for s in r.sites { XCTAssertEqual(s.position.lat, 40.5, accuracy: 1e-6, s.id) }
    }
}
