import XCTest
import GeoKit
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Names with quotes, commas, newlines, <, & and Cyrillic survive every format intact.
final class EscapingTests: XCTestCase {
    let hostile = ["Tailing \"No. 3\", <left bank> & co", "Хвостохранилище Дегмай", "Two-line\nname, with comma"]

    func testNamesSurviveGeoJSON() async throws {
        let (dir, _) = try await RunFixture.shared()
        let names = try RunFixture.features(dir, "sites.geojson").compactMap { $0["name"]?.stringValue }
        for n in hostile { XCTAssertTrue(names.contains(n), "GeoJSON lost \(n.debugDescription)") }
    }

    func testNamesSurviveCSVAndFormulasAreDefused() async throws {
        let (dir, _) = try await RunFixture.shared()
        let rows = parseCSV(try String(contentsOf: dir.appendingPathComponent("sites.csv"), encoding: .utf8))
        let col = try XCTUnwrap(rows[0].firstIndex(of: "name"))
        let names = rows.dropFirst().map { $0[col] }
        for n in hostile { XCTAssertTrue(names.contains(n), "CSV lost \(n.debugDescription)") }
        XCTAssertTrue(rows.dropFirst().allSatisfy { $0.count == rows[0].count }, "every row has every column")
        XCTAssertTrue(names.contains("'=cmd|calc"), "a cell starting with = is prefixed so spreadsheets do not run it")
        let rejects = parseCSV(try String(contentsOf: dir.appendingPathComponent("rejects.csv"), encoding: .utf8))
        XCTAssertEqual(rejects.count - 1, 3)
        XCTAssertTrue(rejects.contains { $0.contains("duplicate id 'T1' (first at e2e-sites.csv line 2)") })
    }

    func testNamesSurviveSVG() async throws {
        let (dir, _) = try await RunFixture.shared()
        let data = try Data(contentsOf: dir.appendingPathComponent("hazard-map.svg"))
        final class Collector: NSObject, XMLParserDelegate {
            var text = "", attrs: [String] = []
            func parser(_ p: XMLParser, foundCharacters s: String) { text += s }
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
                attrs.append(contentsOf: a.values)
            }
        }
        let c = Collector()
        let p = XMLParser(data: data)
        p.delegate = c
        XCTAssertTrue(p.parse(), "hazard-map.svg is not well-formed: \(p.parserError.map { "\($0)" } ?? "")")
        let all = c.text + c.attrs.joined(separator: "\u{1}")
        XCTAssertTrue(all.contains("Хвостохранилище Дегмай"))
        XCTAssertTrue(all.contains("Tailing \"No. 3\", <left bank> & co") || all.contains("Tailing \"No. 3\", <left bank> & co".prefix(20)))
    }

    func testQGISStyleIsWellFormed() async throws {
        let (dir, _) = try await RunFixture.shared()
        let p = XMLParser(data: try Data(contentsOf: dir.appendingPathComponent("sites.qml")))
        XCTAssertTrue(p.parse(), "sites.qml: \(p.parserError.map { "\($0)" } ?? "")")
        let text = try String(contentsOf: dir.appendingPathComponent("sites.qml"), encoding: .utf8)
        XCTAssertTrue(text.contains("RuleRenderer"))
        XCTAssertTrue(text.contains("&quot;transboundary&quot; = &apos;yes&apos;"))
        XCTAssertTrue(text.contains("&quot;transboundary&quot; = &apos;unknown&apos;"))
    }
}
