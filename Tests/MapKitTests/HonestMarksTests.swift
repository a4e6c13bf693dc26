import Foundation
import XCTest
import GeoKit
import BasinKit
import AnalysisKit
@testable import MapKit

/// The map's honest marks (unknown transboundary impact, classes resting on stand-ins) and the cost of
/// very long names.
final class HonestMarksTests: XCTestCase {
    func render(_ sites: [MapSite], configure: (inout MapOptions) -> Void = { _ in }) throws -> MapRendering {
        var o = MapOptions()
        o.date = "2026-11-21"
        configure(&o)
        return try HazardMap.render(Fixture.input(sites), options: o)
    }

    func legendText(_ doc: Node) -> String {
        doc.first(id: "legend")!.all { $0.name == "text" }.map(\.text).joined(separator: " ")
    }

    func testLegendCountsUnknownSeparatelyWithItsOwnSymbol() throws {
        let sites = Fixture.sites(40)
        let doc = try DOMBuilder.parse(try render(sites).svg)
        let text = legendText(doc)
        let yes = sites.filter { $0.transboundary == .yes }.count, unknown = sites.filter { $0.transboundary == .unknown }.count
        XCTAssertGreaterThan(unknown, 0)
        XCTAssertTrue(text.contains("Transboundary impact unknown:"), text)
        XCTAssertTrue(text.contains("the reason is in sites.csv (n = \(unknown))"), text)
        XCTAssertTrue(text.contains("reaches a border (n = \(yes))"), text)
        XCTAssertTrue(text.contains("(n = \(sites.count - yes - unknown))"), text)
        // The legend's unknown glyph is the map's unknown mark, not the "no impact" look.
        let glyph = try XCTUnwrap(doc.all { $0.classes.contains("legend-tb-unknown") }.first)
        XCTAssertEqual(glyph.all { $0.classes.contains("tb-unknown-mark") }.count, 1)
        XCTAssertTrue(glyph.all { $0.classes.contains("tb-mark") }.isEmpty)
        let summary = try XCTUnwrap(doc.first(id: "summary")).text
        XCTAssertTrue(summary.contains("\(yes) with possible transboundary impact, \(unknown) unknown"), summary)
    }

    func testClassesRestingOnStandInsAreMarkedAndExplained() throws {
        let sites = Fixture.sites(40)
        let r = try render(sites)
        let doc = try DOMBuilder.parse(r.svg)
        let marked = Set(sites.filter(\.classMayChange).map(\.id))
        XCTAssertFalse(marked.isEmpty)
        var drawnMarked = 0
        for g in doc.all({ $0.name == "g" && $0.classes.contains("site") }) {
            let id = g.attrs["data-id"]!
            let marks = g.all { $0.classes.contains("change-mark") }
            XCTAssertEqual(marks.count, marked.contains(id) ? 1 : 0, id)
            XCTAssertEqual(g.classes.contains("class-may-change"), marked.contains(id), id)
            if marked.contains(id) { drawnMarked += 1 }
        }
        XCTAssertGreaterThan(drawnMarked, 0)
        let text = legendText(doc)
        XCTAssertTrue(text.contains("Class rests on stand-ins:"), text)
        XCTAssertTrue(text.contains("(n = \(marked.count);"), text)
        XCTAssertEqual(doc.all { $0.classes.contains("legend-change-mark") }.count, 1)
        // Without any marked site the legend leaves the entry out.
        var plain = sites
        for i in plain.indices { plain[i].classMayChange = false }
        XCTAssertFalse(legendText(try DOMBuilder.parse(try render(plain).svg)).contains("Class rests on stand-ins"))
    }

    // MARK: long names

    /// The old truncation, cut one character at a time and re-measured: the reference for short texts.
    func referenceTruncate(_ s: String, width: Double, size: Double) -> String {
        if TextMetrics.width(s, size: size) <= width { return s }
        var t = s
        while !t.isEmpty && TextMetrics.width(t + "…", size: size) > width { t.removeLast() }
        return t + "…"
    }

    func testTruncateCutsWhereTheOldOneDid() {
        let texts = ["", "A", "Mailuu-Suu tailing No. 3", "Хвостохранилище Дегмай, Бустон (Чкаловск)", String(repeating: "W", count: 200),
                     "e\u{301}" + String(repeating: "i", count: 90) + "👩‍👩‍👧", "Kadamjay antimony plant and tailings management facility No. 2"]
        for t in texts {
            for width in [0.0, 1.0, 5.5, 20, 48, 400] {
                XCTAssertEqual(TextMetrics.truncate(t, width: width, size: 2.6), referenceTruncate(t, width: width, size: 2.6), "\(t) at \(width) mm")
            }
        }
    }

    func testLabelPrefixGivesTheSameLabelAsTheWholeName() {
        let long = "  Kadamjay\n antimony\t" + String(repeating: "tailings ", count: 5_000)
        for name in [long, "Short name", "Two-line\nname, with comma", String(repeating: "\u{301}", count: 3_000), "a" + String(repeating: " ", count: 2_000) + "b"] {
            XCTAssertEqual(TextMetrics.truncate(TextMetrics.oneLinePrefix(name), width: 48, size: 2.6),
                           TextMetrics.truncate(XML.oneLine(name), width: 48, size: 2.6), name.prefix(40).description)
        }
    }

    /// Render time with the top-ranked site named `n` characters long (the name goes through labels and titles).
    func renderSeconds(nameLength n: Int) throws -> Double {
        var sites = Fixture.sites(12)
        let top = sites.indices.min { sites[$0].rank < sites[$1].rank }!
        sites[top].name = String(String(repeating: "Tailings facility ", count: n / 18 + 1).prefix(n))
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = try render(sites)
        let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        // The tooltip keeps the first 1,000 characters (the full name is in the site table).
        XCTAssertTrue(r.svg.contains("<title>" + String(sites[top].name.prefix(1000)) + (n > 1000 ? "…" : "") + "</title>"))
        XCTAssertLessThan(r.svg.utf8.count, 3_000_000 + n / 100)
        return dt
    }

    func testLongNamesRenderInLinearTime() throws {
        // Warm up once so the first size does not pay for lazily built state.
        _ = try renderSeconds(nameLength: 100)
        var times: [(Int, Double)] = []
        for n in [10_000, 100_000, 1_000_000] {
            let dt = try renderSeconds(nameLength: n)
            times.append((n, dt))
            print("map render with a \(n / 1000) KB site name: \(String(format: "%.3f", dt)) s")
            // Quadratic truncation took 24 s at 100 KB; stop before a 1 MB name would take an hour.
            XCTAssertLessThan(dt, 60, "\(n)-character name")
            if dt > 60 { return }
        }
        // Tenfold names: linear growth is at most tenfold on top of the fixed cost of the map;
        // quadratic growth would be a hundredfold.
        for k in 1..<times.count {
            let (n0, t0) = times[k - 1], (n1, t1) = times[k]
            XCTAssertLessThan(t1, 30 * max(t0, 0.05), "growth from \(n0) to \(n1) characters is worse than linear: \(t0) s -> \(t1) s")
        }
    }
}
