import Foundation
import GeoKit
import XCTest
@testable import SiteKit

/// Issue #15 part 3: every physical line of an inventory ends in the sites or in the rejects, under its own
/// line number; control characters are refused and shown escaped; ambiguous GeoJSON is an error.
final class AccountingTests: XCTestCase {
    /// Data lines 2...n+1 of a 1,000-row file: a stray quote opens in row 2, a DMS `"` sits in row 501.
    func strayQuoteFile(rows n: Int = 1000, strayRow: Int = 2, dmsRow: Int = 501) -> String {
        var s = "id,name,kind,lat,lon\n"
        for k in 1...n {
            let name = k == strayRow ? "\"Broken name" : "Site \(k)"
            let lat = k == dmsRow ? "41°30'15\"N" : "41.\(k % 100)"
            s += "R\(k),\(name),tailings,\(lat),72.\(k % 100)\n"
        }
        return s
    }

    func assertEveryLineOnce(_ r: InventoryResult, lines: ClosedRange<Int>, _ label: String = "") {
        XCTAssertTrue(r.isBalanced, label)
        let seen = (r.sites.map(\.origin.line) + r.rejects.map(\.origin.line)).compactMap { $0 }.sorted()
        XCTAssertEqual(seen, Array(lines), label)
    }

    func testStrayQuoteRecoversAtTheNextRecord() throws {
        let text = strayQuoteFile()
        let r = try InventoryReader.read(data: Data(text.utf8), name: "stray.csv")
        // `wc -l` says 1001: the header and 1,000 data lines, and records read says 1,000.
        XCTAssertEqual(text.filter { $0 == "\n" }.count, 1001)
        XCTAssertEqual(r.recordsRead, 1000)
        XCTAssertEqual(r.sites.count, 999)
        XCTAssertEqual(r.rejects.count, 1)
        let rj = r.rejects[0]
        XCTAssertEqual(rj.origin.line, 3)
        XCTAssertEqual(rj.id, "R2")
        XCTAssertEqual(rj.field, "name")
        XCTAssertEqual(rj.value, "R2,\"Broken name,tailings,41.2,72.2")
        XCTAssertTrue(rj.reason.contains("does not close before line 4"), rj.reason)
        assertEveryLineOnce(r, lines: 2...1001)
        // Row 501's DMS latitude is read as such, not as the end of a quoted value.
        XCTAssertEqual(r.site("R501")?.position.lat ?? 0, 41 + 30.0 / 60 + 15.0 / 3600, accuracy: 1e-9)
        XCTAssertEqual(r.site("R501")?.origin.line, 502)
    }

    /// Only the closing line reads as a record: the record read through the quote is malformed (3 fields,
    /// text after the closing quote), so it is cut there.
    func testTwoLineRunawayCutAtTheClosingLine() throws {
        let d = Data("id,name,kind,lat,lon\nX1,One,tailings,41,72\nX2,\"Broken,tailings,41,72\nX3,Three,tailings,40°30'15\"N,72.5\n".utf8)
        let r = try InventoryReader.read(data: d, name: "two.csv")
        XCTAssertEqual(r.sites.map(\.id), ["X1", "X3"])
        XCTAssertEqual(r.reject("X2")?.origin.line, 3)
        XCTAssertTrue(r.reject("X2")?.reason.contains("does not close before line 4") ?? false, r.reject("X2")?.reason ?? "")
        assertEveryLineOnce(r, lines: 2...4)
    }

    /// Several lines that are not records sit between the stray quote and the next record: each is rejected
    /// on its own with its raw text.
    func testSpanRejectedLineByLine() throws {
        let d = Data("id,name,kind,lat,lon,notes\nA1,One,tailings,41,72,\"note begins\nstill the note\nand more of it\nA2,Two,tailings,41,72,fine\n".utf8)
        let r = try InventoryReader.read(data: d, name: "span.csv")
        XCTAssertEqual(r.sites.map(\.id), ["A2"])
        XCTAssertEqual(r.rejects.map(\.origin.line), [2, 3, 4])
        XCTAssertEqual(r.rejects.map(\.value), ["A1,One,tailings,41,72,\"note begins", "still the note", "and more of it"])
        XCTAssertTrue(r.rejects[1].reason.contains("starts on line 2"), r.rejects[1].reason)
        assertEveryLineOnce(r, lines: 2...5)
    }

    /// RFC 4180 line breaks inside quotes still work, and the file says why it has more lines than records.
    func testLegitimateMultiLineValuesKept() throws {
        let d = Data("id,name,kind,lat,lon,notes\nM1,\"Two-line\nname, with comma\",tailings,41,72,\"a\n\nb, c, d\"\nM2,Next,tailings,41,72,x\n".utf8)
        let r = try InventoryReader.read(data: d, name: "multi.csv")
        XCTAssertEqual(r.sites.map(\.id), ["M1", "M2"], r.rejects.description)
        XCTAssertEqual(r.site("M1")?.name, "Two-line\nname, with comma")
        XCTAssertEqual(r.site("M1")?.extra.first?.1, "a\n\nb, c, d")
        XCTAssertEqual(r.site("M2")?.origin.line, 6)
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("1 record(s) hold line breaks inside quoted values (the first on lines 2–5)") }, r.fileWarnings.description)
    }

    func testBlankLinesCounted() throws {
        let r = try InventoryReader.read(data: Data("id,name,kind,lat,lon\n\nB1,One,tailings,41,72\n\n\nB2,Two,tailings,41,72\n".utf8), name: "blank.csv")
        XCTAssertEqual(r.sites.map(\.origin.line), [3, 6])
        XCTAssertTrue(r.fileWarnings.contains("blank.csv: 3 blank line(s) skipped"), r.fileWarnings.description)
    }

    /// A file large enough to be read in two pieces, with a stray quote: the same result as one piece.
    func testChunkedReadWithStrayQuoteMatchesSerial() throws {
        let n = 15_000
        var lines = SyntheticInventory.csv(count: n, seed: 3, extent: TestBasin.extent, countries: TestBasin.isos).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Stray quotes in a few rows around the middle, where the piece boundary falls.
        for k in [n / 2 - 3, n / 2, n / 2 + 2] { lines[k] = lines[k].replacingOccurrences(of: ",tailings,", with: ",\"tailings,") }
        let text = Data(lines.joined(separator: "\n").utf8)
        XCTAssertGreaterThan(text.count, 1 << 20)
        let one = try InventoryReader.read(data: text, name: "s.csv", options: InventoryOptions(countries: TestBasin.countries, threads: 1))
        let two = try InventoryReader.read(data: text, name: "s.csv", options: InventoryOptions(countries: TestBasin.countries, threads: 2))
        XCTAssertEqual(one.recordsRead, n)
        XCTAssertEqual(two.sites.map(\.origin), one.sites.map(\.origin))
        XCTAssertEqual(two.rejects.map(\.origin), one.rejects.map(\.origin))
        XCTAssertGreaterThanOrEqual(one.rejects.count, 3)
    }

    func testControlCharactersRejectedAndEscaped() throws {
        let d = Data("id,name,kind,lat,lon\nN1,Site,tail\u{0}ings,41,72\nN2,Bell\u{7},tailings,41,72\nN3,\"Quoted\u{1B}[31m\",tailings,41,72\nN4,Tab\tok,tailings,41,72\n".utf8)
        let r = try InventoryReader.read(data: d, name: "nul.csv")
        XCTAssertEqual(r.sites.map(\.id), ["N4"])
        let n1 = try XCTUnwrap(r.reject("N1"))
        XCTAssertEqual(n1.field, "kind")
        XCTAssertEqual(n1.value, "tail\\0ings")
        XCTAssertTrue(n1.reason.contains("control character \\0 in column 'kind' ('tail\\0ings')"), n1.reason)
        XCTAssertTrue(r.reject("N2")?.reason.contains("\\x07") ?? false, r.reject("N2")?.reason ?? "")
        XCTAssertTrue(r.reject("N3")?.reason.contains("\\x1b") ?? false, r.reject("N3")?.reason ?? "")
        for rj in r.rejects {
            XCTAssertFalse(rj.reason.unicodeScalars.contains { $0.value < 0x20 }, rj.reason)
            XCTAssertFalse((rj.value ?? "").unicodeScalars.contains { $0.value < 0x20 }, rj.value ?? "")
        }
        XCTAssertEqual(quoted("a\u{0}b\u{1}"), "'a\\0b\\x01'")
    }

    func testControlCharactersInGeoJSONProperties() throws {
        let g = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"G1","name":"tail\u0000ings","kind":"tailings"},"geometry":{"type":"Point","coordinates":[72,41]}}]}"#
        let r = try InventoryReader.read(data: Data(g.utf8), name: "nul.geojson")
        XCTAssertEqual(r.rejects.count, 1)
        XCTAssertTrue(r.rejects[0].reason.contains("control character \\0 in property 'name' ('tail\\0ings')"), r.rejects[0].reason)
        XCTAssertEqual(r.rejects[0].value, "tail\\0ings")
    }

    func testDuplicateStructuralKeyInGeoJSONIsAnError() throws {
        let f = #"{"type":"Feature","properties":{"id":"A","name":"A","kind":"tailings"},"geometry":{"type":"Point","coordinates":[72,41]}}"#
        let twice = "{\"type\":\"FeatureCollection\",\"features\":[\(f)],\n  \"features\":[\(f)]}"
        let r = try InventoryReader.read(data: Data(twice.utf8), name: "dup.geojson")
        let m = try XCTUnwrap(r.unreadableFiles.first)
        XCTAssertTrue(m.contains("line 2, column 3: duplicate member \"features\" (the first is at line 1, column 29)"), m)
        let coords = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[72,41],"coordinates":[10,10]}}]}"#
        XCTAssertTrue(try InventoryReader.read(data: Data(coords.utf8), name: "c.geojson").unreadableFiles.first?.contains("duplicate member \"coordinates\"") ?? false)
        // User data may repeat a name: a "type" twice inside properties is not structural.
        let props = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"P","name":"P","kind":"tailings","type":"x","type":"y"},"geometry":{"type":"Point","coordinates":[72,41]}}]}"#
        XCTAssertTrue(try InventoryReader.read(data: Data(props.utf8), name: "p.geojson").unreadableFiles.isEmpty)
        // The plain parser is unchanged.
        XCTAssertNoThrow(try JSON.parse(Data(twice.utf8)))
        XCTAssertThrowsError(try JSON.parse(Data(#"{"a":1,"a":2}"#.utf8), uniqueKeys: ["a"])) { e in
            XCTAssertEqual((e as? JSONParseError)?.column, 8)
        }
    }
}
