import Foundation
import XCTest
@testable import BasinKit
import GeoKit

final class NetworkRiversFileTests: XCTestCase {
    func testRoundTripKeepsEveryField() throws {
        let edges = try SyrDaryaFixture.build().result.edges
        let back = try RiversFile.parse(Data(RiversFile.text(edges).utf8), name: "rivers.geojson")
        XCTAssertEqual(back.count, edges.count)
        for (a, b) in zip(edges, back) {
            XCTAssertEqual(a.id, b.id); XCTAssertEqual(a.name, b.name); XCTAssertEqual(a.level, b.level)
            XCTAssertEqual(a.fromNode, b.fromNode); XCTAssertEqual(a.toNode, b.toNode); XCTAssertEqual(a.inNetwork, b.inNetwork)
            XCTAssertEqual(a.reach, b.reach); XCTAssertEqual(a.downstreamEdge, b.downstreamEdge); XCTAssertEqual(a.note, b.note)
            XCTAssertEqual(a.lengthM, b.lengthM, accuracy: 0.05)
            XCTAssertEqual(a.coordinates.count, b.coordinates.count)
        }
    }

    func testSchemaErrorsNameFileFeatureAndField() throws {
        let edges = try SyrDaryaFixture.build().result.edges
        let text = RiversFile.text(Array(edges.prefix(3)))
        var lines = text.components(separatedBy: "\n")
        lines[3] = lines[3].replacingOccurrences(of: "\"reach\":\"river\"", with: "\"reach\":\"canal\"")
        XCTAssertThrowsError(try RiversFile.parse(Data(lines.joined(separator: "\n").utf8), name: "rivers.geojson")) { e in
            XCTAssertEqual("\(e)", "rivers.geojson: feature 2: 'reach' must be \"river\" or \"reservoir\"")
        }
        let noLevel = text.replacingOccurrences(of: "\"level\":", with: "\"lvl\":")
        XCTAssertThrowsError(try RiversFile.parse(Data(noLevel.utf8), name: "r.geojson")) { e in
            XCTAssertEqual("\(e)", "r.geojson: feature 0: missing property 'level'")
        }
        let badDown = text.replacingOccurrences(of: "\"downstream_edge\":0", with: "\"downstream_edge\":9")
        XCTAssertThrowsError(try RiversFile.parse(Data(badDown.utf8), name: "r.geojson")) { e in
            XCTAssertTrue("\(e)".contains("downstream_edge 9 does not exist"), "\(e)")
        }
    }

    /// Writes Basins/syr-darya/rivers.geojson when BASINMAP_WRITE_BASIN=1 (and gmt is installed); twice,
    /// from two independent builds, and the bytes must match.
    func testWriteBasinRivers() throws {
        guard ProcessInfo.processInfo.environment["BASINMAP_WRITE_BASIN"] == "1" else {
            throw XCTSkip("set BASINMAP_WRITE_BASIN=1 to regenerate Basins/syr-darya/rivers.geojson")
        }
        let url = SyrDaryaFixture.riversFile
        let first = try SyrDaryaFixture.build().result
        try RiversFile.write(first.edges, to: url)
        let a = try Data(contentsOf: url)
        SyrDaryaFixture.cached = nil
        try RiversFile.write(try SyrDaryaFixture.build().result.edges, to: url)
        let b = try Data(contentsOf: url)
        XCTAssertEqual(a, b, "two builds wrote different bytes")
        XCTAssertEqual(try RiversFile.read(url).count, first.edges.count)
        print("wrote \(url.path): \(b.count) bytes, \(first.edges.count) edges")
    }

    /// The committed file is what the current code builds from the GMT data (catches a stale file).
    func testCommittedFileMatchesTheBuild() throws {
        guard FileManager.default.fileExists(atPath: SyrDaryaFixture.riversFile.path) else { throw XCTSkip("no rivers.geojson yet") }
        let committed = try String(contentsOf: SyrDaryaFixture.riversFile, encoding: .utf8)
        XCTAssertEqual(committed, RiversFile.text(try SyrDaryaFixture.build().result.edges))
    }
}
