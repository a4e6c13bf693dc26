import XCTest
import Foundation
import GeoKit
@testable import ReportKit

/// The report's words are data: every language has every key English has, and every key the code asks
/// for is in English.
final class ReportLangTests: XCTestCase {
    var sourceDir: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ReportKit") }

    func testEveryLanguageHasEveryEnglishKey() throws {
        for code in Lang.supported where code != "en" {
            let l = try Lang.load(code)
            XCTAssertEqual(l.missingKeys, [], "keys missing in \(code).json (they fall back to English): \(l.missingKeys.joined(separator: ", "))")
        }
    }

    func testEveryKeyTheCodeUsesIsInEnglish() throws {
        let en = try Lang.table("en")
        let literal = try NSRegularExpression(pattern: #""([a-z_]+\.[a-z_]+)""#)
        var used = Set<String>()
        for f in try FileManager.default.contentsOfDirectory(atPath: sourceDir.path) where f.hasSuffix(".swift") {
            let text = try String(contentsOf: sourceDir.appendingPathComponent(f), encoding: .utf8)
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        // File names in the code are not keys.
        used.subtract(["report.css", "sort.js", "sites.geojson", "en.json"])
        XCTAssertGreaterThan(used.count, 50, "the scan found the keys")
        XCTAssertEqual(used.filter { en[$0] == nil }.sorted(), [], "keys the code uses that en.json lacks")
    }

    func testAMissingKeyFallsBackToEnglish() throws {
        let en = try Lang.table("en")
        var ru = try Lang.table("ru")
        ru["col.name"] = nil
        let l = Lang(code: "ru", words: ru, english: en)
        XCTAssertEqual(l.t("col.name"), en["col.name"])
        XCTAssertEqual(l.missingKeys, ["col.name"])
        XCTAssertEqual(l.t("col.rank"), ru["col.rank"])
    }

    func testNumbersFollowTheLanguage() throws {
        let en = try Lang.load("en"), ru = try Lang.load("ru")
        XCTAssertEqual(en.number(1289.68, 1), "1,289.7")
        XCTAssertEqual(ru.number(1289.68, 1), "1\u{A0}289,7")
        XCTAssertEqual(ru.km(22.47), "22,5\u{A0}км")
        XCTAssertEqual(ru.km(1.74), "1,7\u{A0}км")
        XCTAssertEqual(ru.hours(8.72), "8,7\u{A0}ч")
        XCTAssertEqual(ru.hours(1929.1), "80,4\u{A0}сут")
        XCTAssertEqual(en.hours(1929.1), "80.4\u{A0}d")
        XCTAssertEqual(en.number(-0.04, 1), "0.0")
        XCTAssertThrowsError(try Lang.load("de"))
    }

    func testInventoryTextIsEscapedEverywhere() throws {
        let hostile = #"<script>alert("x")</script>&'"#
        let site = ReportSite(properties: [
            ("risk_rank", .number(1)), ("id", .string(hostile)), ("name", .string(hostile)), ("kind", .string("tailings")),
            ("country", .string("KG")), ("risk_index", .string("TRI")), ("TRI", .number(5)), ("TRI_class", .string(hostile)),
            ("transboundary", .string("yes")), ("transboundary_reason", .string(hostile)), ("flag_rules", .string("water_path")),
            ("flag_details", .string(hostile)), ("traced", .bool(true)), ("downstream_countries", .string("KG>UZ")),
            ("crossings", .string("KG>UZ 22.5 km 8.7 h")), ("warnings", .string(hostile)), ("input_origin", .string(hostile)),
            ("notes", .string(hostile)),
        ], lon: 72.5, lat: 41.3)
        let summary = JSON.object([("basin", .object([("name", .string(hostile))])), ("inventories", .array([.string(hostile)])),
                                   ("counts", .object([("records_read", .number(1)), ("accepted", .number(1))]))])
        let input = ReportInput(summary: summary, sites: [site], sitesTotal: 1, svg: nil,
                                countries: ["KG": CountryName(en: "Kyrgyzstan", ru: "Киргизия"), "UZ": CountryName(en: hostile, ru: nil)])
        for code in Lang.supported {
            let html = try Report.html(input, lang: try Lang.load(code))
            XCTAssertFalse(html.contains("<script>alert"), code)
            XCTAssertFalse(html.contains(#"alert("x")"#), code)
            XCTAssertEqual(html.components(separatedBy: "<script>").count, 2, "only the report's own script: \(code)")
            XCTAssertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;"), code)
            XCTAssertEqual(try Report.html(input, lang: try Lang.load(code)), html, "the same input gives the same bytes")
        }
        XCTAssertTrue(try Report.html(input, lang: try Lang.load("ru")).contains("8,7\u{A0}ч"))
    }
}
