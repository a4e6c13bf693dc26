import Foundation
import XCTest
import GeoKit
import BasinKit
import AnalysisKit
@testable import MapKit

/// Realistic inventories: the example inventory's real facilities (Basins/syr-darya/sites.csv), with
/// variants under long Russian names a few kilometres away, so that 20+ sites crowd the Fergana Valley.
/// Measured with the renderer's own text metrics (the boxes it placed), at A3 and A4, in English and
/// Russian: no text overprints another text or a symbol, no leader line crosses a text, and every one
/// of the top N is named (beside its symbol, on a leader line, or as a numbered marker).
final class LabelOverlapTests: XCTestCase {
    static let variants: [String] = [
        "хвостохранилище № {n}, старая часть (рекультивация не завершена)",
        "отвалы и хвосты обогатительной фабрики, участок {n}",
        "законсервированное хвостохранилище {n} у реки",
    ]

    /// The real facilities, then one to three variants of each Fergana Valley facility (Russian names,
    /// offsets of 2-6 km), ranked by a fixed interleaving so the top 15 mixes both.
    static func inventory() throws -> [MapSite] {
        let text = try String(contentsOf: Fixture.root.appendingPathComponent("Basins/syr-darya/sites.csv"), encoding: .utf8)
        var rows: [(id: String, name: String, kind: String, lat: Double, lon: Double)] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = Self.csvFields(String(line))
            guard f.count > 5, let lat = Double(f[4]), let lon = Double(f[5]) else { continue }
            rows.append((f[0], f[1], f[2] == "tailings" ? "tailings" : "other", lat, lon))
        }
        XCTAssertGreaterThanOrEqual(rows.count, 14)
        let ferganaBox = Fixture.basin.metadata.map.inset!.box
        var sites: [(String, String, String, Double, Double)] = rows.map { ($0.id, $0.name, $0.kind, $0.lat, $0.lon) }
        for (k, r) in rows.enumerated() where ferganaBox.contains(Coordinate(lon: r.lon, lat: r.lat)) || r.lon < 70.2 && r.lat < 41.3 && r.lat > 40 {
            for v in 0..<(2 + k % 2) {
                let name = Self.russianName(r.name) + ", " + Self.variants[v].replacingOccurrences(of: "{n}", with: String(v + 2))
                let d = 0.02 + 0.015 * Double(v)
                sites.append(("\(r.id)-V\(v)", name, r.kind, r.lat + d * (v % 2 == 0 ? 1 : -1), r.lon + d))
            }
        }
        // Interleave originals and variants in rank order, deterministic.
        let ordered = sites.enumerated().sorted { a, b in
            let ka = (a.offset * 7919) % 101, kb = (b.offset * 7919) % 101
            return (ka, a.offset) < (kb, b.offset)
        }.map(\.element)
        return ordered.enumerated().map { rank, s in
            let li = s.2 == "tailings" ? Fixture.legend[0] : Fixture.legend[1]
            let value = s.2 == "tailings" ? 30 - Double(rank) * 0.5 : 4 - Double(rank) * 0.1
            let (cn, cr) = Fixture.classify(value, li)
            return MapSite(id: s.0, name: s.1, kind: s.2, position: Coordinate(lon: s.4, lat: s.3), rank: rank + 1, index: li.index,
                           value: value, className: cn, classRank: cr, transboundary: rank % 3 == 0 ? .yes : rank % 3 == 1 ? .unknown : .no,
                           classMayChange: rank % 4 == 1)
        }
    }

    static func russianName(_ english: String) -> String {
        let table: [(String, String)] = [("Mailuu-Suu", "Майлуу-Суу"), ("Khaidarkan", "Хайдаркан"), ("Kadamjay", "Кадамжай"),
                                         ("Sumsar", "Сумсар"), ("Shekaftar", "Шекафтар"), ("Degmay", "Дегмай"), ("Taboshar", "Табошар"),
                                         ("Adrasman", "Адрасман"), ("Yangiabad", "Янгиабад"), ("Almalyk", "Алмалыкский ГМК")]
        for (en, ru) in table where english.hasPrefix(en) { return ru }
        return english
    }

    static func csvFields(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { out.append(cur); cur = "" } else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }

    struct Figures { var placed = 0, leaders = 0, numbered = 0, crossing = 0, overlaps = 0, dropped = 0, sites = 0, fergana = 0 }

    func measure(page: (Double, Double), lang: String, labels: Int, inventoryName: String) throws -> Figures {
        let sites = try Self.inventory()
        var o = MapOptions()
        o.pageWidthMM = page.0; o.pageHeightMM = page.1
        o.language = lang
        o.labelCount = labels
        o.date = "2026-11-21"
        var input = Fixture.input(sites, basin: Fixture.basin)
        input.inventoryName = inventoryName
        let r = try MapRenderer(input, o)
        let out = try r.render()
        var f = Figures(placed: out.labelsPlaced, leaders: out.leaderLines, numbered: out.numberedMarkers, dropped: out.droppedLabels.count, sites: sites.count)
        let box = Fixture.basin.metadata.map.inset!.box
        f.fergana = sites.filter { box.contains($0.position) }.count
        let texts = r.textBoxes
        var problems: [String] = []
        // Text against text.
        for i in texts.indices {
            for j in texts.indices where j > i && texts[i].box.intersects(texts[j].box) {
                problems.append("\(texts[i].kind) \(texts[i].box) over \(texts[j].kind) \(texts[j].box)")
            }
        }
        // Labels and numbers against every symbol and every obstacle the renderer knows (scale bars, notes).
        let symbols = r.symbolsMain + r.symbolsInset
        for t in texts where t.kind == "label" || t.kind == "number" {
            for s in symbols where s.intersects(t.box) { problems.append("\(t.kind) \(t.box) over a symbol \(s)") }
            for s in r.obstaclesMain + r.obstaclesInset where s.intersects(t.box) && s != t.box && !texts.contains(where: { $0.box == s && $0.kind != "label" }) {
                problems.append("\(t.kind) \(t.box) over furniture \(s)")
            }
        }
        // Header lines against the page width.
        for t in texts where ["title", "subtitle", "summary"].contains(t.kind) {
            if t.box.x < 0 || t.box.maxX > page.0 + 1e-9 { problems.append("\(t.kind) runs off the page: \(t.box)") }
        }
        // Leader lines cross no text.
        let doc = try DOMBuilder.parse(out.svg)
        f.crossing = r.leadersCrossingLabels
        for l in doc.all({ $0.classes.contains("leader") }) where r.leadersCrossingLabels == 0 {
            let v = l.attrs["d"]!.dropFirst().split(whereSeparator: { $0 == " " || $0 == "L" }).map { Double($0)! }
            for t in texts where LabelPlacer.segment((v[0], v[1], v[2], v[3]), hits: t.box) { problems.append("leader of \(l.attrs["data-id"]!) crosses \(t.kind) \(t.box)") }
        }
        // Words are never cut mid-word: every word shown is a word of the source (an ellipsis may end a line).
        for n in doc.all({ $0.classes.contains("label") && !$0.classes.contains("label-number") }) {
            let id = n.attrs["data-id"]!
            let shown = n.children.isEmpty ? n.text : n.children.map(\.allText).joined(separator: " ")
            let source = Set(TextMetrics.oneLinePrefix(sites.first { $0.id == id }!.name).split(separator: " ").map(String.init))
            for w in shown.replacingOccurrences(of: "…", with: " ").split(separator: " ").map(String.init)
            where !source.contains(w) && !shown.contains(w + "…") { problems.append("label of \(id): '\(w)' is not a whole word") }
        }
        let subtitle = doc.all { $0.attrs["id"] == "subtitle" || $0.classes.contains("subtitle-more") }.map(\.allText).joined(separator: " ")
        let full = Set(r.subtitleText().split(separator: " ").map(String.init))
        for w in subtitle.split(separator: " ") where w.hasSuffix("…") {
            XCTAssertTrue(full.contains(String(w.dropLast())) || full.contains(String(w.dropLast()) + ",") || w == "…", "subtitle cut mid-word: \(w)")
        }
        f.overlaps = problems.count
        for p in problems.prefix(10) { print("  overlap (\(page.0)x\(page.1) \(lang)): \(p)") }
        XCTAssertEqual(problems, [], "\(page) \(lang)")
        XCTAssertEqual(out.droppedLabels, [], "a top-\(labels) site was left unnamed (\(page) \(lang))")
        XCTAssertEqual(f.placed + f.numbered, min(labels, sites.count))
        XCTAssertEqual(doc.all { $0.classes.contains("label") }.count, min(labels, sites.count))
        return f
    }

    func testRealisticFerganaInventoryHasNoOverlapsAtA3AndA4InBothLanguages() throws {
        let long = "Реестр хвостохранилищ и опасных объектов Ферганской долины — сводная таблица министерств, окончательная редакция 2026-11.xlsx"
        var lines: [String] = []
        for (name, page) in [("A3", (420.0, 297.0)), ("A4", (297.0, 210.0))] {
            for lang in ["en", "ru"] {
                for labels in [15, 25] {
                    let f = try measure(page: page, lang: lang, labels: labels, inventoryName: long)
                    XCTAssertGreaterThanOrEqual(f.sites, 20); XCTAssertGreaterThanOrEqual(f.fergana, 20)
                    lines.append("\(name) \(lang) top \(labels): \(f.sites) sites (\(f.fergana) in the Fergana Valley), labels placed \(f.placed), leader lines \(f.leaders), numbered markers \(f.numbered) (leaders over a label \(f.crossing)), dropped \(f.dropped), overlaps \(f.overlaps)")
                }
            }
        }
        print("Label figures (renderer's own text metrics):\n" + lines.map { "  " + $0 }.joined(separator: "\n"))
    }

    func testPlacementIsDeterministic() throws {
        let sites = try Self.inventory()
        var o = MapOptions(); o.language = "ru"; o.pageWidthMM = 297; o.pageHeightMM = 210
        let a = try HazardMap.render(Fixture.input(sites, basin: Fixture.basin), options: o).svg
        let b = try HazardMap.render(Fixture.input(sites, basin: Fixture.basin), options: o).svg
        XCTAssertEqual(a, b)
    }
}

/// The map's words: every English key has a Russian text, and every basin text the map shows has a
/// Russian translation in basin.json (a missing one would print English on a Russian map).
final class MapWordsTests: XCTestCase {
    func testRussianHasEveryKey() throws {
        let ru = try MapWords.load("ru")
        print("MapKit ru missing keys: \(ru.missingKeys.count) \(ru.missingKeys)")
        XCTAssertEqual(ru.missingKeys, [])
        XCTAssertEqual(try MapWords.load("en").missingKeys, [])
        XCTAssertThrowsError(try MapWords.load("xx"))
    }

    func testEveryBasinTextOnTheMapHasARussianTranslation() throws {
        for id in ["syr-darya"] {
            let md = try BasinLoader.load(directory: Fixture.root.appendingPathComponent("Basins/\(id)")).metadata
            let m = md.map
            var texts = [md.name] + m.labelledRivers + m.historicalLakeLabel + (m.historicalLakeLegend.map { [$0] } ?? [])
            if let i = m.inset { texts += [i.title, i.note, i.legend, i.labelsNote] }
            let missing = texts.filter { m.translations["ru"]?[$0] == nil }
            XCTAssertEqual(missing, [], id)
            XCTAssertEqual(md.countries.filter { $0.nameRu == nil }.map(\.iso), [], id)
        }
    }

    func testRussianMapHasNoEnglishWordsOfItsOwn() throws {
        var o = MapOptions(); o.language = "ru"; o.date = "2026-11-21"
        let svg = try HazardMap.render(Fixture.input(Fixture.sites(30), basin: Fixture.basin), options: o).svg
        for english in ["Legend", "Hazard class", "Tailings facility", "International border", "along the bar", " km<", "basin (", "Kazakhstan", "KAZAKHSTAN", "Syr Darya<", "Naryn<", "°E", "°N"] {
            XCTAssertFalse(svg.contains(english), "'\(english)' on the Russian map")
        }
        for russian in ["Условные обозначения", "Хвостохранилище", "км", "КАЗАХСТАН", "Сырдарья", "в. д.", "очень высокий"] {
            XCTAssertTrue(svg.contains(russian), "'\(russian)' missing from the Russian map")
        }
        XCTAssertTrue(svg.range(of: "≥ 28") != nil || svg.contains("28"))
    }
}
