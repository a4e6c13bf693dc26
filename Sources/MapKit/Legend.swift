import Foundation
import GeoKit
import AnalysisKit

enum LegendSymbol {
    case tailings, other, transboundary, transboundaryUnknown, classMayChange, aggregate, unscored
    case trace, zone, riverNetwork, riverContext, border, lake, reservoir, historical, graticule, insetExtent
}

enum LegendItem {
    case heading(String)
    /// `lower`/`upper`: the class's bounds (nil = open).
    case hazardClass(index: String, name: String, lower: Double, upper: Double?, colour: String, count: Int)
    case note(String)
    case symbol(LegendSymbol, String)
}

extension MapRenderer {
    static func bound(_ d: Double) -> String { d == -.infinity ? "-inf" : NumberFormat.json(d) }

    /// "TRI: low < 16 ≤ medium < 22 ≤ high": the thresholds as the index defines them.
    func thresholdLine(_ li: LegendIndex) -> String {
        var s = "\(li.index): "
        for (k, c) in li.classes.enumerated() {
            if k > 0 { s += " ≤ " }
            s += className(c.name)
            if k + 1 < li.classes.count { s += " < " + words.number(li.classes[k + 1].lowerBound) }
        }
        return s
    }

    /// A class name from the rules (low, medium, ...) in the map's language (key `class.<name>`).
    func className(_ name: String) -> String { words.t("class." + name, or: name) }
    /// An index's title from the rules in the map's language (key `index.<id>`).
    func indexTitle(_ li: LegendIndex) -> String { words.t("index." + li.index, or: li.title) }

    func legendColumns() -> ([LegendItem], [LegendItem]) {
        var a: [LegendItem] = [.heading(words.t("legend.hazard_class"))]
        for li in input.legend {
            let ramp = Palette.hazard(classes: li.classes.count)
            a.append(.heading("\(li.index) — \(indexTitle(li))"))
            a.append(.note(thresholdLine(li)))
            // Highest class first, as readers scan a hazard legend from the top.
            for k in stride(from: li.classes.count - 1, through: 0, by: -1) {
                let c = li.classes[k]
                let n = sites.filter { $0.index == li.index && $0.className == c.name }.count
                a.append(.hazardClass(index: li.index, name: c.name, lower: c.lowerBound,
                                      upper: k + 1 < li.classes.count ? li.classes[k + 1].lowerBound : nil, colour: ramp[k], count: n))
            }
            if !li.method.isEmpty { a.append(.note(words.t("legend.classing", li.method))) }
        }
        let unscored = sites.filter { $0.className == nil }.count
        if unscored > 0 { a.append(.symbol(.unscored, words.t("legend.unscored", String(unscored)))) }

        var b: [LegendItem] = [.heading(words.t("legend.sites"))]
        b.append(.symbol(.tailings, words.t("legend.tailings")))
        b.append(.symbol(.other, words.t("legend.other")))
        let yes = sites.filter { $0.transboundary == .yes }.count, unknown = sites.filter { $0.transboundary == .unknown }.count
        b.append(.symbol(.transboundary, words.t("legend.transboundary", String(yes))))
        b.append(.symbol(.transboundaryUnknown, words.t("legend.transboundary_unknown", String(unknown))))
        b.append(.note(words.t("legend.no_ring", String(sites.count - yes - unknown))))
        let changing = sites.filter(\.classMayChange).count
        if changing > 0 {
            b.append(.symbol(.classMayChange, words.t("legend.class_may_change", String(changing))))
        }
        b.append(.note(labelsNote()))
        if !numbered.isEmpty {
            b.append(.heading(words.t("labels.list_title")))
            for (rank, name) in numbered { b.append(.note("\(rank) — \(name)")) }
        }
        if drawnCount < sites.count {
            b.append(.symbol(.aggregate, words.t("legend.aggregate", String(sites.count - drawnCount))))
        }
        if !traces.isEmpty || !zones.isEmpty { b.append(.heading(words.t("legend.spill_paths"))) }
        if !traces.isEmpty { b.append(.symbol(.trace, words.t("legend.trace"))) }
        if !zones.isEmpty { b.append(.symbol(.zone, words.t("legend.zone"))) }
        b.append(.heading(words.t("legend.base_map")))
        if rivers.contains(where: { $0.edge.inNetwork }) {
            b.append(.symbol(.riverNetwork, words.t("legend.river_network", local(input.basin.metadata.name))))
        }
        if rivers.contains(where: { !$0.edge.inNetwork }) { b.append(.symbol(.riverContext, words.t("legend.river_context"))) }
        if rivers.isEmpty { b.append(.note(words.t("legend.no_rivers"))) }
        b.append(.symbol(.border, words.t("legend.border")))
        b.append(.symbol(.lake, words.t("legend.lake")))
        if lakes.contains(where: { $0.lake.kind == .reservoir }) { b.append(.symbol(.reservoir, words.t("legend.reservoir"))) }
        if lakes.contains(where: { $0.lake.kind == .historical }) { b.append(.symbol(.historical, input.basin.metadata.map.historicalLakeLegend.map(local) ?? words.t("legend.historical"))) }
        b.append(.symbol(.graticule, words.t("legend.graticule")))
        b.append(.symbol(.insetExtent, local(insetSpec.legend)))
        return (a, b)
    }

    func legend() throws {
        let top = inset.frame.maxY + 7
        let area = Rect(x: panel.x, y: top, w: panel.w, h: panel.maxY - top)
        let (a, b) = legendColumns()
        let gap = 4.0
        let cw = (area.w - gap) / 2
        // The largest type that fits both columns (120 % to 60 % of the design size).
        var s = 1.2
        while s > 0.6 {
            var scratch = SVGOut()
            let ha = a.reduce(0) { $0 + legendItem($1, x: 0, y: 0, w: cw, s: s, into: &scratch) }
            let hb = b.reduce(0) { $0 + legendItem($1, x: 0, y: 0, w: cw, s: s, into: &scratch) }
            if max(ha, hb) + 6 * s <= area.h { break }
            s -= 0.05
        }
        textBoxes.append(("legend", area))
        body.line("<g id=\"legend\" data-bbox=\"\(area.bboxAttribute)\">")
        body.text(area.x, area.y, words.t("legend.title"), attrs: "font-size=\"\(mm(3.4 * s))\" font-weight=\"bold\"")
        var y = area.y + 2.5 * s
        for item in a { y += legendItem(item, x: area.x, y: y, w: cw, s: s, into: &body) }
        y = area.y + 2.5 * s
        for item in b { y += legendItem(item, x: area.x + cw + gap, y: y, w: cw, s: s, into: &body) }
        body.line("</g>")
    }

    /// Draws one legend item with its top at `y`; returns the height used.
    func legendItem(_ item: LegendItem, x: Double, y: Double, w: Double, s: Double, into o: inout SVGOut) -> Double {
        let fs = 2.35 * s, lh = fs * 1.25, sw = 5.0 * s
        switch item {
        case .heading(let t):
            let lines = TextMetrics.wrap(t, width: w, size: fs * 1.08)
            for (k, l) in lines.enumerated() {
                o.text(x, y + lh * 1.35 + Double(k) * lh, l, attrs: "font-size=\"\(mm(fs))\" font-weight=\"bold\"")
            }
            return lh * 0.5 + Double(lines.count) * lh + lh * 0.25
        case .note(let t):
            let ns = fs * 0.88
            let lines = TextMetrics.wrap(t, width: w, size: ns)
            for (k, l) in lines.enumerated() {
                o.text(x, y + ns * 1.05 + Double(k) * ns * 1.25, l, attrs: "font-size=\"\(mm(ns))\" fill=\"#333333\"")
            }
            return Double(lines.count) * ns * 1.25 + 0.6 * s
        case .hazardClass(let index, let name, let lower, let upper, let colour, let count):
            let range: String
            if lower == -.infinity, let u = upper { range = "< \(words.number(u))" }
            else if let u = upper { range = words.t("legend.range", words.number(lower), words.number(u)) }
            else if lower == -.infinity { range = words.t("legend.all_values") }
            else { range = "≥ \(words.number(lower))" }
            let t = words.t("legend.class", className(name), range, String(count))
            o.line("<g class=\"legend-class\" data-index=\"\(XML.escape(index))\" data-class=\"\(XML.escape(name))\" data-lower=\"\(Self.bound(lower))\"\(upper.map { " data-upper=\"\(NumberFormat.json($0))\"" } ?? "")>")
            o.line("<rect x=\"\(mm(x + 0.5))\" y=\"\(mm(y + 0.35 * s))\" width=\"\(mm(sw - 1))\" height=\"\(mm(lh - 0.7 * s))\" fill=\"\(colour)\" stroke=\"#333333\" stroke-width=\"0.15\"/>")
            o.text(x + sw + 1, y + fs * 0.95, TextMetrics.truncate(t, width: w - sw - 1, size: fs), attrs: "font-size=\"\(mm(fs))\"")
            o.line("</g>")
            return lh
        case .symbol(let sym, let t):
            let lines = TextMetrics.wrap(t, width: w - sw - 1.5, size: fs)
            let h = max(Double(lines.count) * lh, lh)
            let cx = x + sw / 2, cy = y + lh / 2
            legendGlyph(sym, cx: cx, cy: cy, x: x, w: sw, into: &o)
            for (k, l) in lines.enumerated() {
                o.text(x + sw + 1.5, y + fs * 0.95 + Double(k) * lh, l, attrs: "font-size=\"\(mm(fs))\"")
            }
            return h + 0.7 * s
        }
    }

    func legendGlyph(_ sym: LegendSymbol, cx: Double, cy: Double, x: Double, w: Double, into o: inout SVGOut) {
        let grey = "#d9d9d9"
        func line(_ attrs: String) {
            o.line("<path d=\"M\(mm(x + 0.3)) \(mm(cy))L\(mm(x + w - 0.3)) \(mm(cy))\" fill=\"none\" \(attrs)/>")
        }
        func area(_ attrs: String) {
            o.line("<rect x=\"\(mm(x + 0.5))\" y=\"\(mm(cy - 1.3))\" width=\"\(mm(w - 1))\" height=\"2.6\" \(attrs)/>")
        }
        let probe = { (kind: String, tb: TransboundaryState, colour: String) -> MapSite in
            MapSite(id: "", name: "", kind: kind, position: Coordinate(x: 0, y: 0), rank: 0, index: nil, value: nil,
                    className: nil, classRank: nil, transboundary: tb)
        }
        switch sym {
        case .tailings:
            o.line(siteSymbol(probe("tailings", .no, grey), (cx, cy), cls: "legend-symbol", withId: false).replacingOccurrences(of: Palette.unscored, with: grey))
        case .other:
            o.line(siteSymbol(probe("other", .no, grey), (cx, cy), cls: "legend-symbol", withId: false).replacingOccurrences(of: Palette.unscored, with: grey))
        case .unscored:
            o.line(siteSymbol(probe("tailings", .no, Palette.unscored), (cx, cy), cls: "legend-symbol", withId: false))
        case .transboundary:
            o.line("<circle class=\"legend-tb-mark\" cx=\"\(mm(cx))\" cy=\"\(mm(cy))\" r=\"\(mm(Symbol.ringR))\" fill=\"#ffffff\" stroke=\"\(Palette.transboundary)\" stroke-width=\"0.5\"/>")
        case .transboundaryUnknown:
            o.line("<g class=\"legend-tb-unknown\">" + siteSymbol(probe("tailings", .unknown, grey), (cx, cy), cls: "legend-symbol", withId: false).replacingOccurrences(of: Palette.unscored, with: grey) + "</g>")
        case .classMayChange:
            var p = probe("tailings", .no, grey)
            p.classMayChange = true
            o.line("<g class=\"legend-change-mark\">" + siteSymbol(p, (cx, cy), cls: "legend-symbol", withId: false).replacingOccurrences(of: Palette.unscored, with: grey) + "</g>")
        case .aggregate:
            o.line("<circle cx=\"\(mm(cx))\" cy=\"\(mm(cy))\" r=\"1.6\" fill=\"\(Palette.aggregate)\" fill-opacity=\"0.75\"/><text x=\"\(mm(cx))\" y=\"\(mm(cy + 0.55))\" font-size=\"1.5\" text-anchor=\"middle\" fill=\"#ffffff\">7</text>")
        case .trace: line("stroke=\"\(Palette.trace)\" stroke-width=\"0.45\" stroke-dasharray=\"1.4 0.5\"")
        case .zone: line("stroke=\"\(Palette.zone)\" stroke-opacity=\"0.45\" stroke-width=\"1.8\" stroke-linecap=\"round\"")
        case .riverNetwork: line("stroke=\"\(Palette.riverNetwork)\" stroke-width=\"0.75\"")
        case .riverContext: line("stroke=\"\(Palette.riverContext)\" stroke-width=\"0.3\"")
        case .border: line("stroke=\"\(Palette.border)\" stroke-width=\"0.45\" stroke-dasharray=\"2.4 0.8 0.5 0.8\"")
        case .graticule: line("stroke=\"\(Palette.graticule)\" stroke-width=\"0.15\"")
        case .lake, .reservoir: area("fill=\"\(Palette.waterFill)\" stroke=\"\(Palette.waterLine)\" stroke-width=\"0.15\"")
        case .historical: area("fill=\"\(Palette.historicalFill)\" stroke=\"\(Palette.waterLine)\" stroke-width=\"0.3\" stroke-dasharray=\"1.2 0.8\"")
        case .insetExtent: area("fill=\"none\" stroke=\"#222222\" stroke-width=\"0.35\" stroke-dasharray=\"1.6 0.8\"")
        }
    }
}
