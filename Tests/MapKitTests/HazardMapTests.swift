import Foundation
import XCTest
import GeoKit
import BasinKit
import AnalysisKit
@testable import MapKit

final class HazardMapTests: XCTestCase {
    func render(_ sites: [MapSite], basin: Basin = Fixture.basinWithoutRivers, configure: (inout MapOptions) -> Void = { _ in }) throws -> MapRendering {
        var o = MapOptions()
        o.date = "2026-11-21"
        configure(&o)
        return try HazardMap.render(Fixture.input(sites, basin: basin), options: o)
    }

    func siteGroups(_ doc: Node) -> [Node] { doc.all { $0.name == "g" && $0.classes.contains("site") } }

    // MARK: XML

    func testSVGIsWellFormedXMLAndInMillimetres() throws {
        let r = try render(Fixture.sites(60))
        let doc = try DOMBuilder.parse(r.svg)
        XCTAssertEqual(doc.name, "svg")
        XCTAssertEqual(doc.attrs["width"], "420mm")
        XCTAssertEqual(doc.attrs["viewBox"], "0 0 420 297")
        // A second, stricter opinion when libxml2's checker is installed.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapkit-\(UUID().uuidString).svg")
            try r.svg.write(to: url, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: url) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            p.arguments = ["--noout", url.path]
            let err = Pipe()
            p.standardError = err
            try p.run(); p.waitUntilExit()
            let msg = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(p.terminationStatus, 0, "xmllint: \(msg)")
        }
    }

    func testEscapedNamesRoundTripThroughTheParser() throws {
        let sites = Fixture.sites(30)
        let r = try render(sites)
        XCTAssertFalse(r.svg.contains("<No. 1>"), "a raw '<' from a site name reached the SVG")
        XCTAssertFalse(r.svg.contains("\u{7}"), "a control character reached the SVG")
        let doc = try DOMBuilder.parse(r.svg)
        let byId = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        var checked = 0
        for g in siteGroups(doc) {
            let id = try XCTUnwrap(g.attrs["data-id"])
            let s = try XCTUnwrap(byId[id], "data-id \(id) is not an input id")
            let title = try XCTUnwrap(g.children.first { $0.name == "title" })
            // BEL is not allowed in XML 1.0 and is replaced; everything else must come back exactly.
            XCTAssertEqual(title.text, s.name.replacingOccurrences(of: "\u{7}", with: "\u{FFFD}"))
            checked += 1
        }
        XCTAssertEqual(checked, 30)
        XCTAssertNotNil(byId["UZ-NV-1"])
        XCTAssertTrue(siteGroups(doc).contains { $0.attrs["data-id"] == "UZ-NV-1" })
        // Labels show names on one line, escaped and unescaped again by the parser.
        let labels = doc.all { $0.classes.contains("label") }
        for l in labels {
            let s = try XCTUnwrap(byId[l.attrs["data-id"] ?? ""])
            XCTAssertEqual(l.text, XML.oneLine(s.name))
        }
        XCTAssertTrue(labels.contains { $0.text == "Kadamjai antimony plant" } || r.droppedLabels.contains("Kadamjai\nantimony plant"))
        XCTAssertEqual(doc.first(id: "subtitle")?.text.contains("\"A&B\" <2026>"), true)
    }

    func testEscapeFunction() {
        XCTAssertEqual(XML.escape("a&b<c>\"d\"'e'"), "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;")
        XCTAssertEqual(XML.escape("x\ny\tz\u{0}\u{1F}"), "x&#10;y&#9;z\u{FFFD}\u{FFFD}")
        XCTAssertEqual(XML.escape("Майлуу-Суу"), "Майлуу-Суу")
        XCTAssertEqual(XML.oneLine(" a\n\n b\u{7}c "), "a b c")
        XCTAssertEqual(mm(1.006), "1.01")
        XCTAssertEqual(mm(-0.001), "0")
        XCTAssertEqual(mm(12.3), "12.3")
        XCTAssertEqual(mm(-7.04), "-7.04")
        XCTAssertEqual(mm(100), "100")
    }

    // MARK: sites

    func testEveryDrawnSiteAppearsOnceAndTheRestAreAggregated() throws {
        let sites = Fixture.sites(60)
        let r = try render(sites) { $0.maxSites = 25 }
        XCTAssertEqual(r.drawnSites, 25)
        XCTAssertEqual(r.drawnSites + r.aggregatedSites, sites.count)
        let doc = try DOMBuilder.parse(r.svg)
        let ids = siteGroups(doc).compactMap { $0.attrs["data-id"] }
        XCTAssertEqual(ids.count, 25)
        XCTAssertEqual(Set(ids).count, 25, "a site was drawn twice")
        // The individually drawn ones are the 25 highest-ranked.
        let expected = Set(sites.sorted { $0.rank < $1.rank }.prefix(25).map(\.id))
        XCTAssertEqual(Set(ids), expected)
        // Highest risk on top: document order is descending rank, so rank 1 comes last.
        let ranks = siteGroups(doc).compactMap { Int($0.attrs["data-rank"] ?? "") }
        XCTAssertEqual(ranks, ranks.sorted(by: >))
        XCTAssertEqual(ranks.last, 1)
        // Aggregates account for every other site.
        let counts = doc.all { $0.classes.contains("aggregate") }.compactMap { Int($0.attrs["data-count"] ?? "") }
        XCTAssertEqual(counts.reduce(0, +), 35)
    }

    func testTransboundarySitesCarryTheMarkAndOthersDoNot() throws {
        let sites = Fixture.sites(40)
        let r = try render(sites)
        let doc = try DOMBuilder.parse(r.svg)
        let state = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.transboundary) })
        XCTAssertFalse(state.values.filter { $0 == .yes }.isEmpty)
        XCTAssertFalse(state.values.filter { $0 == .unknown }.isEmpty)
        XCTAssertFalse(state.values.filter { $0 == .no }.isEmpty)
        var seen: [TransboundaryState: Int] = [:]
        for g in siteGroups(doc) {
            let id = g.attrs["data-id"]!
            let marks = g.all { $0.classes.contains("tb-mark") }
            let unknownMarks = g.all { $0.classes.contains("tb-unknown-mark") }
            XCTAssertEqual(g.attrs["data-transboundary"], state[id]!.rawValue)
            seen[state[id]!, default: 0] += 1
            switch state[id]! {
            case .yes:
                XCTAssertTrue(g.classes.contains("transboundary"), "\(id) lacks the transboundary class")
                XCTAssertEqual(marks.count, 1, "\(id) lacks the tb-mark")
                XCTAssertTrue(unknownMarks.isEmpty)
            case .unknown:
                // Never the "no impact" look: a ring of its own, dashed grey, with a question mark.
                XCTAssertTrue(g.classes.contains("transboundary-unknown"), "\(id) lacks the unknown class")
                XCTAssertEqual(unknownMarks.count, 1, "\(id) lacks the unknown mark")
                XCTAssertNotNil(unknownMarks[0].attrs["stroke-dasharray"])
                XCTAssertEqual(g.all { $0.classes.contains("tb-unknown-q") }.first?.text, "?")
                XCTAssertTrue(marks.isEmpty)
            case .no:
                XCTAssertFalse(g.classes.contains("transboundary"))
                XCTAssertFalse(g.classes.contains("transboundary-unknown"))
                XCTAssertTrue(marks.isEmpty, "\(id) is marked transboundary but is not")
                XCTAssertTrue(unknownMarks.isEmpty, "\(id) is marked unknown but is not")
            }
        }
        XCTAssertEqual(seen.count, 3, "every state is drawn: \(seen)")
    }

    func testSiteColoursFollowTheLegendRamp() throws {
        let sites = Fixture.sites(40)
        let doc = try DOMBuilder.parse(try render(sites).svg)
        let byId = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        for g in siteGroups(doc) {
            let s = byId[g.attrs["data-id"]!]!
            let shape = try XCTUnwrap(g.children.first { $0.name == "path" || $0.name == "rect" })
            XCTAssertEqual(shape.name, s.kind == "tailings" ? "path" : "rect", "shape by kind")
            let expected: String
            if let cn = s.className, let li = Fixture.legend.first(where: { $0.index == s.index }) {
                expected = Palette.hazard(classes: li.classes.count)[li.classes.firstIndex { $0.name == cn }!]
            } else {
                expected = Palette.unscored
            }
            XCTAssertEqual(shape.attrs["fill"], expected, s.id)
        }
    }

    // MARK: legend

    func testLegendClassesEqualTheIndexClasses() throws {
        let doc = try DOMBuilder.parse(try render(Fixture.sites(40)).svg)
        let entries = doc.all { $0.classes.contains("legend-class") }
        for li in Fixture.legend {
            let mine = entries.filter { $0.attrs["data-index"] == li.index }
                .map { ($0.attrs["data-class"]!, $0.attrs["data-lower"]!) }
                .sorted { (Double($0.1) ?? -.infinity) < (Double($1.1) ?? -.infinity) }
            let want = li.classes.map { ($0.name, $0.lowerBound == -.infinity ? "-inf" : NumberFormat.json($0.lowerBound)) }
            XCTAssertEqual(mine.map(\.0), want.map(\.0), li.index)
            XCTAssertEqual(mine.map(\.1), want.map(\.1), li.index)
        }
        // Wrapped lines are separate text elements: join them as a reader reads them.
        let legendText = doc.first(id: "legend")!.all { $0.name == "text" }.map(\.text).joined(separator: " ")
        XCTAssertTrue(legendText.contains("TRI: low < 16 ≤ medium < 22 ≤ high < 28 ≤ very high"))
        XCTAssertTrue(legendText.contains("Classing: fixed thresholds"))
        XCTAssertTrue(legendText.contains("border within 5 km"))
    }

    func testLegendFitsInsideThePage() throws {
        let doc = try DOMBuilder.parse(try render(Fixture.sites(40)).svg)
        let legend = Box(try XCTUnwrap(doc.first(id: "legend")?.attrs["data-bbox"]))
        XCTAssertTrue(legend.inside(Box(x: 0, y: 0, w: 420, h: 297)))
        // Every text line of the legend starts inside its box and its baseline stays above the box bottom.
        for t in doc.first(id: "legend")!.all({ $0.name == "text" }) {
            let y = Double(t.attrs["y"]!)!, x = Double(t.attrs["x"]!)!
            XCTAssertLessThanOrEqual(y, legend.y + legend.h, t.text)
            XCTAssertGreaterThanOrEqual(x, legend.x - 0.01, t.text)
        }
    }

    // MARK: labels

    func labelBoxes(_ doc: Node) -> [Box] {
        doc.all { $0.classes.contains("label") }.map { Box($0.attrs["data-bbox"]!) }
    }

    func frames(_ doc: Node) -> [Box] {
        ["main-frame", "inset-frame"].map { id in
            let n = doc.first(id: id)!
            return Box(x: Double(n.attrs["x"]!)!, y: Double(n.attrs["y"]!)!, w: Double(n.attrs["width"]!)!, h: Double(n.attrs["height"]!)!)
        }
    }

    func testLabelsDoNotOverlapAndStayInTheirFrames() throws {
        let r = try render(Fixture.sites(100))
        let doc = try DOMBuilder.parse(r.svg)
        let boxes = labelBoxes(doc)
        XCTAssertEqual(boxes.count + r.droppedLabels.count, 15)
        XCTAssertGreaterThan(boxes.count, 5)
        for i in boxes.indices { for j in boxes.indices where j > i { XCTAssertFalse(boxes[i].intersects(boxes[j]), "labels \(i) and \(j) overlap") } }
        let fr = frames(doc)
        let bar = doc.first(id: "scale-bar")!.children.first { $0.name == "rect" }!
        let barBox = Box(x: Double(bar.attrs["x"]!)!, y: Double(bar.attrs["y"]!)!, w: Double(bar.attrs["width"]!)!, h: Double(bar.attrs["height"]!)!)
        for b in boxes {
            XCTAssertTrue(fr.contains { b.inside($0) }, "label outside both frames")
            XCTAssertFalse(b.intersects(barBox), "label over the scale bar")
        }
    }

    func testCrowdedTopLabelsAreNamedByLeaderOrNumberNeverDropped() throws {
        // Twenty top-ranked sites within a few hundred metres of each other outside the inset: the old
        // placer dropped most of them; now each gets its name, on a leader line if need be, or a number.
        var sites = Fixture.sites(40)
        for i in sites.indices where sites[i].rank <= 20 {
            sites[i].position = Coordinate(lon: 68.5 + Double(sites[i].rank) * 0.004, lat: 43.5 + Double(sites[i].rank % 3) * 0.003)
            sites[i].name = "Crowded site \(sites[i].rank)"
        }
        let r = try render(sites) { $0.labelCount = 20 }
        XCTAssertEqual(r.droppedLabels, [], "a top-20 site left unnamed")
        let doc = try DOMBuilder.parse(r.svg)
        let boxes = labelBoxes(doc)
        XCTAssertEqual(boxes.count, 20)
        XCTAssertEqual(r.labelsPlaced + r.numberedMarkers, 20)
        XCTAssertGreaterThan(r.leaderLines, 0, "a cluster this tight needs leader lines")
        XCTAssertEqual(doc.all { $0.classes.contains("leader") }.count, r.leaderLines)
        for i in boxes.indices { for j in boxes.indices where j > i { XCTAssertFalse(boxes[i].intersects(boxes[j])) } }
        // The most important one keeps its name; a numbered site's name is in the legend's list.
        let placed = Set(doc.all { $0.classes.contains("label") && !$0.classes.contains("label-number") }.map(\.allText))
        XCTAssertTrue(placed.contains("Crowded site 1"))
        let legend = doc.first(id: "legend")!.allText
        for n in doc.all({ $0.classes.contains("label-number") }) {
            XCTAssertTrue(legend.contains("\(n.allText) — Crowded site \(n.allText)"), "numbered site \(n.allText) not listed")
        }
    }

    // MARK: scale bar

    /// Measures the scale bar independently: page -> CRS from the SVG's own attributes, PROJ inverse,
    /// then geodesic lengths along the bar in 50 steps.
    func assertScaleBar(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let doc = try DOMBuilder.parse(svg)
        let bar = try XCTUnwrap(doc.first(id: "scale-bar"))
        let km = try XCTUnwrap(Double(bar.attrs["data-km"] ?? ""))
        let x1 = Double(bar.attrs["data-x1"]!)!, x2 = Double(bar.attrs["data-x2"]!)!, y = Double(bar.attrs["data-y"]!)!
        let mainMap = try XCTUnwrap(doc.first(id: "main-map"))
        let t = mainMap.attrs["data-page-to-crs"]!.split(separator: " ").map { Double($0)! }
        let p = try Projection(from: "EPSG:4326", to: mainMap.attrs["data-crs"]!)
        var pts: [Coordinate] = []
        for i in 0...50 {
            let px = x1 + (x2 - x1) * Double(i) / 50
            pts.append(try p.inverse(Coordinate(x: t[0] + px * t[2], y: t[1] - y * t[2])))
        }
        let measured = Geodesic.wgs84.length(of: pts)
        XCTAssertEqual(measured / (km * 1000), 1, accuracy: 0.01, "bar of \(km) km measures \(measured) m", file: file, line: line)
        XCTAssertGreaterThan(x2 - x1, 20, "bar too short to read", file: file, line: line)
        XCTAssertTrue(bar.allText.contains("\(Int(km)) km"), file: file, line: line)
    }

    func testScaleBarAgreesWithGeodesicMeasurement() throws {
        try assertScaleBar(try render(Fixture.sites(20)).svg)
    }

    func testScaleBarIsRightInAProjectionWithLargeScaleError() throws {
        // Web Mercator is 30 % too large at 40 N: a bar from the nominal scale would fail by that much.
        var b = Fixture.basinWithoutRivers
        b.metadata.projection = "EPSG:3857"
        try assertScaleBar(try render(Fixture.sites(20), basin: b).svg)
    }

    // MARK: whole output

    func testOutputIsByteIdenticalAcrossRenders() throws {
        let sites = Fixture.sites(80)
        let a = try render(sites), b = try render(sites.reversed())
        XCTAssertEqual(a.svg, b.svg)
        XCTAssertEqual(a.droppedLabels, b.droppedLabels)
    }

    func testDefaultBasinWithHundredSitesIsUnderTwoMegabytes() throws {
        let r = try render(Fixture.sites(100), basin: Fixture.basin)
        XCTAssertLessThan(r.svg.utf8.count, 2_000_000)
        XCTAssertEqual(r.drawnSites, 100)
        XCTAssertEqual(r.aggregatedSites, 0)
        if let out = ProcessInfo.processInfo.environment["MAPKIT_SVG_OUT"] {
            try r.svg.write(toFile: out, atomically: true, encoding: .utf8)
            print("dropped labels: \(r.droppedLabels)")
        }
    }

    func testFurnitureIsPresent() throws {
        let r = try render(Fixture.sites(30))
        let doc = try DOMBuilder.parse(r.svg)
        XCTAssertEqual(doc.first(id: "title")?.text, "Tailings and hazardous sites — Syr Darya basin")
        XCTAssertTrue(doc.first(id: "subtitle")!.text.contains("2026-11-21"))
        let credits = doc.first(id: "credits")!.allText
        XCTAssertTrue(credits.contains("+proj=lcc"), "CRS missing from credits")
        XCTAssertTrue(credits.contains("LGPL-3+"), "licences missing from credits")
        XCTAssertTrue(credits.contains("test-0.1"))
        let labels = doc.first(id: "graticule-labels")!.all { $0.name == "text" }.map(\.text)
        XCTAssertTrue(labels.contains("70°E") && labels.contains("42°N"), "\(labels)")
        XCTAssertNotNil(doc.first(id: "inset-map"))
        XCTAssertNotNil(doc.first(id: "inset-extent"))
        XCTAssertNotNil(doc.all { $0.classes.contains("historical") }.first, "the Aral's historical extent is not drawn")
        XCTAssertEqual(doc.all { $0.classes.contains("country") && $0.parent?.attrs["id"] == "main-countries" }.count, 4)
        var o = MapOptions(); o.title = "Custom <title>"
        let custom = try HazardMap.render(Fixture.input(Fixture.sites(3)), options: o)
        XCTAssertEqual(try DOMBuilder.parse(custom.svg).first(id: "title")?.text, "Custom <title>")
    }

    func testRiversAreDrawnAndNamedWhenPresent() throws {
        // The committed WDBII network (rivers.geojson).
        let b = Fixture.basin
        XCTAssertFalse(b.rivers.isEmpty)
        let r = try render(Fixture.sites(20), basin: b)
        let doc = try DOMBuilder.parse(r.svg)
        let rivers = doc.all { $0.classes.contains("river") && $0.parent?.attrs["id"] == "main-rivers" }
        let network = rivers.filter { $0.classes.contains("network") }
        XCTAssertGreaterThan(network.count, 0)
        XCTAssertGreaterThan(rivers.count, network.count, "context rivers are drawn too")
        let widest = network.compactMap { Double($0.attrs["stroke-width"] ?? "") }.max()!
        let context = rivers.filter { !$0.classes.contains("network") }.compactMap { Double($0.attrs["stroke-width"] ?? "") }.max()!
        XCTAssertGreaterThan(widest, context)
        let names = doc.all { $0.classes.contains("river-name") }
        let syr = try XCTUnwrap(names.first { $0.text == "Syr Darya" && $0.parent?.attrs["id"] == "main-river-names" })
        // Rotated to the river, and placed near it: within 5 mm of the drawn line.
        XCTAssertTrue(syr.attrs["transform"]?.hasPrefix("rotate(") == true)
        let x = Double(syr.attrs["x"]!)!, y = Double(syr.attrs["y"]!)!
        let d = network.map { $0.attrs["d"]! }.joined(separator: " ").replacingOccurrences(of: "M", with: " ").replacingOccurrences(of: "L", with: " ")
        let nums = d.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        let nearest = stride(from: 0, to: nums.count - 1, by: 2).map { hypot(nums[$0] - x, nums[$0 + 1] - y) }.min()!
        XCTAssertLessThan(nearest, 15, "the name is far from its river")
        XCTAssertTrue(doc.first(id: "legend")!.allText.contains("Syr Darya network"))
        try assertScaleBar(r.svg)
    }

    func testTooSmallAPageIsRefused() {
        var o = MapOptions(); o.pageWidthMM = 100; o.pageHeightMM = 80
        XCTAssertThrowsError(try HazardMap.render(Fixture.input(Fixture.sites(3)), options: o))
    }

    func testEmptyInventoryStillDrawsTheBasin() throws {
        let r = try render([])
        XCTAssertEqual(r.drawnSites, 0)
        XCTAssertEqual(r.aggregatedSites, 0)
        let doc = try DOMBuilder.parse(r.svg)
        XCTAssertTrue(siteGroups(doc).isEmpty)
        XCTAssertNotNil(doc.first(id: "scale-bar"))
    }
}
