import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import GeoKit
import BasinKit
@testable import MapKit

/// The committed Syr Darya basin, loaded once per test process.
enum Fixture {
    static let root: URL = {
        var u = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while u.path != "/" {
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
            u.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let basin: Basin = try! BasinLoader.load(directory: root.appendingPathComponent("Basins/syr-darya"))

    /// The committed basin without rivers: for tests about sites and furniture, independent of the network.
    static var basinWithoutRivers: Basin { var b = basin; b.rivers = []; return b }

    static let legend: [LegendIndex] = [
        LegendIndex(index: "TRI", title: "Tailings Risk Index",
                    classes: [("low", -.infinity), ("medium", 16), ("high", 22), ("very high", 28)],
                    method: "fixed thresholds from scoring.json (BasinMap assumptions, not the official UBA classes)"),
        LegendIndex(index: "WRI", title: "Water Risk Index",
                    classes: [("low", -.infinity), ("medium", 1), ("high", 2), ("very high", 3)],
                    method: "log10 of t WRC-3 equivalent, fixed thresholds"),
    ]

    /// Real places in the basin, with the kinds of names partner agencies send.
    static let towns: [(String, String, Double, Double, String)] = [
        ("KG-MS-3", "Mailuu-Suu \"Tailing No. 3\"", 72.45, 41.27, "tailings"),
        ("KG-SH-1", "Shekaftar <No. 1> & dump", 72.35, 41.44, "tailings"),
        ("TJ-TB-1", "Taboshar & Istiqlol", 69.64, 40.57, "tailings"),
        ("KG-MS-5", "Майлуу-Суу, хвостохранилище №5", 72.47, 41.29, "tailings"),
        ("KG-KD-1", "Kadamjai\nantimony plant", 71.75, 40.13, "other"),
        ("UZ-AL-1", "Almalyk MMC 'copper' tailings", 69.60, 40.85, "tailings"),
        ("UZ-CH-1", "Chirchiq \u{7}chemical plant", 69.58, 41.47, "other"),
        ("KZ-KT-1", "Kentau polymetallic tailings", 68.51, 43.52, "tailings"),
        ("UZ-AN-1", "Angren ash & coal", 70.14, 41.01, "other"),
        ("KG-KH-1", "Khaidarkan mercury", 71.34, 39.95, "tailings"),
        ("KG-MK-1", "Min-Kush uranium", 74.30, 41.68, "tailings"),
        ("KZ-SH-1", "Shymkent lead smelter", 69.59, 42.32, "other"),
        ("KZ-KO-1", "Kyzylorda oil (Кызылорда)", 65.50, 44.85, "other"),
        ("UZ-NV-1", "Navoi id=<\"x\">", 65.38, 40.10, "other"),
    ]

    /// SplitMix64: a fixed sequence on every platform (SystemRandomNumberGenerator is not seedable).
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static func classify(_ v: Double, _ li: LegendIndex) -> (String, Int) {
        var k = 0
        for (i, c) in li.classes.enumerated() where v >= c.lowerBound { k = i }
        return (li.classes[k].name, k)
    }

    /// `count` sites: the towns first, then seeded positions in the basin's populated part; ranks are
    /// a seeded permutation and the array is handed over shuffled (the renderer must sort).
    static func sites(_ count: Int, seed: UInt64 = 42) -> [MapSite] {
        var rng = Rng(s: seed)
        var out: [MapSite] = []
        for i in 0..<count {
            let id: String, name: String, lon: Double, lat: Double, kind: String
            if i < towns.count {
                (id, name, lon, lat, kind) = towns[i]
            } else {
                id = String(format: "GEN-%03d", i)
                name = "Generated site \(i)"
                lon = 64 + rng.unit() * 12
                lat = 39.6 + rng.unit() * 4.5
                kind = rng.unit() < 0.6 ? "tailings" : "other"
            }
            let li = kind == "tailings" ? legend[0] : legend[1]
            let value = kind == "tailings" ? 8 + rng.unit() * 26 : rng.unit() * 4
            let scored = i % 9 != 8
            let (cn, cr) = classify(value, li)
            out.append(MapSite(id: id, name: name, kind: kind, position: Coordinate(lon: lon, lat: lat), rank: 0,
                               index: scored ? li.index : nil, value: scored ? value : nil,
                               className: scored ? cn : nil, classRank: scored ? cr : nil,
                               transboundary: i % 4 == 1 ? .yes : i % 4 == 3 ? .unknown : .no, classMayChange: scored && i % 5 == 2))
        }
        // Ranks: a seeded permutation of 1...count.
        var ranks = Array(1...max(count, 1)).prefix(count).map { $0 }
        for i in stride(from: ranks.count - 1, to: 0, by: -1) { ranks.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for i in out.indices { out[i].rank = ranks[i] }
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return out
    }

    static func input(_ sites: [MapSite], basin: Basin = basinWithoutRivers) -> MapInput {
        let tb = sites.filter { $0.transboundary == .yes }.sorted { $0.id < $1.id }.prefix(5)
        let traces = tb.map { s in [s.position, Coordinate(lon: s.position.lon - 0.4, lat: s.position.lat + 0.1), Coordinate(lon: s.position.lon - 0.7, lat: s.position.lat)] }
        let zones = tb.prefix(3).map { s in [s.position, Coordinate(lon: s.position.lon - 0.3, lat: s.position.lat + 0.05)] }
        return MapInput(basin: basin, sites: sites, traces: Array(traces), zones: Array(zones), legend: legend,
                        inventoryName: "Test inventory \"A&B\" <2026>", toolVersion: "test-0.1")
    }
}

/// A minimal DOM from Foundation's XMLParser: enough to query the SVG like a reader would.
final class Node {
    let name: String
    let attrs: [String: String]
    var children: [Node] = []
    var text = ""
    weak var parent: Node?
    init(name: String, attrs: [String: String]) { self.name = name; self.attrs = attrs }

    var classes: [String] { (attrs["class"] ?? "").split(separator: " ").map(String.init) }
    func all(_ pred: (Node) -> Bool) -> [Node] {
        var out: [Node] = []
        var stack: [Node] = [self]
        while let n = stack.popLast() {
            if pred(n) { out.append(n) }
            stack.append(contentsOf: n.children.reversed())
        }
        return out
    }
    func first(id: String) -> Node? { all { $0.attrs["id"] == id }.first }
    var allText: String { text + children.map(\.allText).joined() }
}

final class DOMBuilder: NSObject, XMLParserDelegate {
    var root: Node?
    var stack: [Node] = []
    var error: Error?
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let n = Node(name: name, attrs: attributes)
        n.parent = stack.last
        stack.last?.children.append(n)
        if root == nil { root = n }
        stack.append(n)
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    /// Parses or fails the test with the parser's message.
    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> Node {
        let p = XMLParser(data: Data(svg.utf8))
        let b = DOMBuilder()
        p.delegate = b
        let ok = p.parse()
        XCTAssertTrue(ok, "SVG is not well-formed XML: \(String(describing: p.parserError ?? b.error))", file: file, line: line)
        XCTAssertNil(b.error, file: file, line: line)
        return try XCTUnwrap(b.root, file: file, line: line)
    }
}

struct Box {
    var x, y, w, h: Double
    init(_ s: String) {
        let v = s.split(separator: " ").map { Double($0)! }
        x = v[0]; y = v[1]; w = v[2]; h = v[3]
    }
    init(x: Double, y: Double, w: Double, h: Double) { self.x = x; self.y = y; self.w = w; self.h = h }
    func intersects(_ o: Box) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
    func inside(_ o: Box) -> Bool { x >= o.x - 1e-6 && y >= o.y - 1e-6 && x + w <= o.x + o.w + 1e-6 && y + h <= o.y + o.h + 1e-6 }
}
