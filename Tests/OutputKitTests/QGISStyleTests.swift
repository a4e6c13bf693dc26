import Foundation
import XCTest
import ScoringKit
import OutputKit

/// sites.qml read by xmllint, as an independent XML parser: every transboundary state has its own category.
final class QGISStyleTests: XCTestCase {
    func xmllint(_ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["xmllint"] + args
        let pipe = Pipe(), err = Pipe()
        p.standardOutput = pipe
        p.standardError = err
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func testUnknownHasItsOwnCategoryAndDashedRing() throws {
        let rules = try RuleSet.load(contentsOf: Repo.basin.appendingPathComponent("scoring.json"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sites-\(UUID().uuidString).qml")
        try QGISStyle.sites(rules).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        guard (try? xmllint(["--version"]))?.status == 0 else { throw XCTSkip("xmllint not installed (apt-get install libxml2-utils)") }
        XCTAssertEqual(try xmllint(["--noout", url.path]).status, 0, "sites.qml is well-formed")

        func rule(_ field: String, _ value: String) throws -> (label: String, symbol: String) {
            // XPath 1.0 literals cannot hold both quote kinds: match the field and the comparison apart.
            let filter = "\"\(field)\" = \(value)"
            let q = "//rules/rule[starts-with(@filter, '\"\(field)\"') and substring-after(@filter, '\"\(field)\"') = \"\(" = " + value)\"]"
            let label = try xmllint(["--xpath", "string(\(q)/@label)", url.path]).out
            let symbol = try xmllint(["--xpath", "string(\(q)/@symbol)", url.path]).out
            XCTAssertFalse(symbol.isEmpty, "no rule with filter \(filter)")
            return (label, symbol)
        }
        func option(_ symbol: String, _ name: String) throws -> String {
            try xmllint(["--xpath", "string(//symbols/symbol[@name='\(symbol)']//Option[@name='\(name)']/@value)", url.path]).out
        }
        let yes = try rule("transboundary", "'yes'")
        let unknown = try rule("transboundary", "'unknown'")
        let change = try rule("risk_class_may_change", "true")
        XCTAssertEqual(yes.label, "transboundary impact possible")
        XCTAssertTrue(unknown.label.hasPrefix("transboundary impact unknown"), unknown.label)
        XCTAssertTrue(change.label.contains("stand-ins"), change.label)
        XCTAssertNotEqual(yes.symbol, unknown.symbol)
        XCTAssertEqual(try option(unknown.symbol, "outline_style"), "dash")
        XCTAssertEqual(try option(yes.symbol, "outline_style"), "solid")
        XCTAssertNotEqual(try option(unknown.symbol, "outline_color"), try option(yes.symbol, "outline_color"))
        // No rule still filters on the old boolean.
        XCTAssertEqual(try xmllint(["--xpath", "count(//rules/rule[contains(@filter, '= true') and contains(@filter, 'transboundary')])", url.path]).out, "0")
    }
}
