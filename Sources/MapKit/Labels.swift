import Foundation
import GeoKit

/// A site label that found a free place.
struct PlacedLabel: Equatable {
    var lines: [String]
    var box: Rect
    /// Text anchor point (first baseline) and SVG text-anchor.
    var x: Double, y: Double
    var anchor: String
    /// UR, LR, UL, LL beside the symbol; "leader" at the end of a leader line.
    var position: String
    /// The leader line from the symbol's edge to the label, if any.
    var leader: (x1: Double, y1: Double, x2: Double, y2: Double)?
    static func == (a: PlacedLabel, b: PlacedLabel) -> Bool {
        a.lines == b.lines && a.box == b.box && a.x == b.x && a.y == b.y && a.position == b.position
    }
}

/// Greedy cartographic label placement, most important first. For each label: the four places beside
/// the symbol in Imhof's order (upper-right, lower-right, upper-left, lower-left); then places on rings
/// further out with a leader line back to the symbol. A place is taken when it stays inside `bounds` and
/// touches no placed label, no obstacle (site symbols, names, scale bar, notes) and no leader line, and
/// its own leader crosses no label and no symbol but its own. Deterministic: fixed order, no randomness.
struct LabelPlacer {
    var bounds: Rect
    /// Texts and furniture: neither a label nor a leader line may touch them.
    var obstacles: [Rect]
    /// Site symbols: no label may cover one; a leader line may pass over them.
    var symbols: [Rect]
    var placed: [Rect] = []
    var leaders: [(Double, Double, Double, Double)] = []

    init(bounds: Rect, obstacles: [Rect], symbols: [Rect] = []) { self.bounds = bounds; self.obstacles = obstacles; self.symbols = symbols }

    /// Space between symbol edge and text.
    static let gap = 0.5
    /// Leader rings (mm from the symbol centre) and directions (degrees, y up), nearest first.
    static let rings: [Double] = [6, 9, 12, 16, 21, 27, 34, 42, 51, 61]
    static let angles: [Double] = {
        // Upper right first, then alternating sides and heights: 30°, -30°, 150°, -150°, 0°, 180°, ...
        let first: [Double] = [30, -30, 150, -150, 0, 180, 60, -60, 120, -120, 90, -90]
        var more: [Double] = []
        for a in stride(from: 7.5, to: 90, by: 7.5) where !first.contains(a) { more += [a, -a, 180 - a, a - 180] }
        return first + more
    }()

    func free(_ box: Rect) -> Bool {
        bounds.contains(box) && !placed.contains { $0.intersects(box) } && !obstacles.contains { $0.intersects(box) }
            && !symbols.contains { $0.intersects(box) }
            && !leaders.contains { Self.segment($0, hits: box) }
    }

    mutating func place(_ lines: [String], x sx: Double, y sy: Double, symbolRadius r: Double, fontSize f: Double,
                        leaders allowLeaders: Bool = true, leaderMayCrossLabels: Bool = false) -> PlacedLabel? {
        let w = lines.map { TextMetrics.width($0, size: f) }.max() ?? 0
        let lh = f * 1.2, h = lh * Double(lines.count)
        let d = r + Self.gap
        // Boxes beside the symbol, vertically offset so the text sits off the symbol's corner.
        let upY = sy - h + f * 0.15 - r * 0.35, lowY = sy - f * 0.15 + r * 0.35
        let near: [(String, Rect, String)] = [
            ("UR", Rect(x: sx + d, y: upY, w: w, h: h), "start"),
            ("LR", Rect(x: sx + d, y: lowY, w: w, h: h), "start"),
            ("UL", Rect(x: sx - d - w, y: upY, w: w, h: h), "end"),
            ("LL", Rect(x: sx - d - w, y: lowY, w: w, h: h), "end"),
        ]
        for (pos, box, anchor) in near where free(box) {
            return take(lines, box, anchor, pos, lh, nil)
        }
        guard allowLeaders else { return nil }
        for ring in Self.rings {
            for deg in Self.angles {
                let a = deg * .pi / 180
                let c = cos(a), s = -sin(a)          // page y grows downwards
                let px = sx + ring * c, py = sy + ring * s
                let right = c > 0.2 ? true : c < -0.2 ? false : nil
                let box: Rect
                let end: (Double, Double)
                switch right {
                case true?: box = Rect(x: px, y: py - h / 2, w: w, h: h); end = (box.x - 0.3, py)
                case false?: box = Rect(x: px - w, y: py - h / 2, w: w, h: h); end = (box.maxX + 0.3, py)
                case nil:
                    // Straight above or below: the box centred on the leader.
                    box = Rect(x: px - w / 2, y: s < 0 ? py - h : py, w: w, h: h); end = (px, s < 0 ? box.maxY + 0.2 : box.y - 0.2)
                }
                guard free(box) else { continue }
                let len = hypot(end.0 - sx, end.1 - sy)
                guard len > r + 0.5 else { continue }
                let start = (sx + (end.0 - sx) * (r + 0.2) / len, sy + (end.1 - sy) * (r + 0.2) / len)
                let seg = (start.0, start.1, end.0, end.1)
                if !leaderMayCrossLabels && placed.contains(where: { Self.segment(seg, hits: $0) }) { continue }
                if obstacles.contains(where: { Self.segment(seg, hits: $0) }) { continue }
                leaders.append(seg)
                let anchor = right == true ? "start" : right == false ? "end" : "middle"
                return take(lines, box, anchor, "leader", lh, seg)
            }
        }
        return nil
    }

    private mutating func take(_ lines: [String], _ box: Rect, _ anchor: String, _ pos: String, _ lh: Double,
                               _ leader: (Double, Double, Double, Double)?) -> PlacedLabel {
        placed.append(box)
        // Baseline: descenders take about a fifth of a line.
        let x = anchor == "start" ? box.x : anchor == "end" ? box.maxX : box.midX
        return PlacedLabel(lines: lines, box: box, x: x, y: box.y + lh * 0.78, anchor: anchor, position: pos,
                           leader: leader.map { (x1: $0.0, y1: $0.1, x2: $0.2, y2: $0.3) })
    }

    /// Whether the segment passes through the rectangle (Liang-Barsky clipping).
    static func segment(_ s: (Double, Double, Double, Double), hits r: Rect) -> Bool {
        let (x1, y1, x2, y2) = s
        let dx = x2 - x1, dy = y2 - y1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, x1 - r.x), (dx, r.maxX - x1), (-dy, y1 - r.y), (dy, r.maxY - y1)] {
            if p == 0 { if q < 0 { return false }; continue }
            let t = q / p
            if p < 0 { if t > t1 { return false }; t0 = max(t0, t) } else { if t < t0 { return false }; t1 = min(t1, t) }
        }
        return t0 < t1
    }
}

extension MapRenderer {
    static let labelSize = 2.6
    static let labelWidth = 42.0
    static let numberSize = 2.3

    /// The legend's sentence on labels: what the map did, including any failure.
    func labelsNote() -> String {
        let n = min(max(options.labelCount, 0), drawnCount)
        if !topDropped.isEmpty { return words.t("legend.labels_dropped", String(topDropped.count), String(n)) }
        return words.t("legend.labels", String(n), local(insetSpec.labelsNote))
    }

    /// Names the `labelCount` highest-ranked sites, each in the view it is drawn largest (the inset for
    /// sites inside its box): beside the symbol, else at the end of a leader line, else as a numbered
    /// marker whose name is listed in the legend panel. A top site left without any of them is a
    /// renderer error: listed in `topDropped` (and `dropped`), said in the legend, failed by tests.
    func placeLabels() {
        let n = min(max(options.labelCount, 0), drawnCount)
        var mainPlacer = LabelPlacer(bounds: main.frame.inset(0.8), obstacles: obstaclesMain, symbols: symbolsMain)
        var insetPlacer = LabelPlacer(bounds: inset.frame.inset(0.8), obstacles: obstaclesInset, symbols: symbolsInset)
        let size = Self.labelSize
        body.line("<g id=\"labels\">")
        for i in 0..<n {
            let s = sites[i]
            let name = TextMetrics.oneLinePrefix(s.name)
            let lines = TextMetrics.lines(name, width: Self.labelWidth, size: size, maxLines: 2)
            let ll = s.position
            let inInset = ll.lon >= insetBox.lonMin && ll.lon <= insetBox.lonMax && ll.lat >= insetBox.latMin && ll.lat <= insetBox.latMax
            let v: MapView = inInset ? inset : main
            let p = v.page(sitesXY[i])
            let r = Symbol.extent(s)
            func attempt(_ l: [String], _ f: Double, cross: Bool = false) -> PlacedLabel? {
                inInset ? insetPlacer.place(l, x: p.x, y: p.y, symbolRadius: r, fontSize: f, leaderMayCrossLabels: cross)
                        : mainPlacer.place(l, x: p.x, y: p.y, symbolRadius: r, fontSize: f, leaderMayCrossLabels: cross)
            }
            guard !lines.isEmpty else { dropped.append(s.name); topDropped.append(s.name); continue }
            if let l = attempt(lines, size) {
                labelsPlaced += 1
                if l.leader != nil { leaderLines += 1 }
                write(l, site: s, cls: "label halo", size: size)
            } else if let l = attempt(["\(s.rank)"], Self.numberSize) ?? crossing(attempt(["\(s.rank)"], Self.numberSize, cross: true)) {
                numberedMarkers += 1
                if l.leader != nil { leaderLines += 1 }
                numbered.append((s.rank, TextMetrics.shorten(name, width: 200, size: size)))
                write(l, site: s, cls: "label label-number halo", size: Self.numberSize)
            } else if inInset, let l = mainPlacer.place(["\(s.rank)"], x: main.page(sitesXY[i]).x, y: main.page(sitesXY[i]).y,
                                                         symbolRadius: r, fontSize: Self.numberSize) {
                // The inset is full: the site's number goes on the main map, its name in the list.
                numberedMarkers += 1
                if l.leader != nil { leaderLines += 1 }
                numbered.append((s.rank, TextMetrics.shorten(name, width: 200, size: size)))
                write(l, site: s, cls: "label label-number halo", size: Self.numberSize)
            } else {
                dropped.append(s.name); topDropped.append(s.name)
            }
        }
        body.line("</g>")
    }

    /// A numbered marker walled in by other labels: its thin leader passes over a label (never a text
    /// over a text or a symbol); counted so tests and summary.json can show it.
    func crossing(_ l: PlacedLabel?) -> PlacedLabel? {
        if l != nil { leadersCrossingLabels += 1 }
        return l
    }

    func write(_ l: PlacedLabel, site s: MapSite, cls: String, size: Double) {
        if let d = l.leader {
            body.line("<path class=\"leader\" data-id=\"\(XML.escape(s.id))\" d=\"M\(mm(d.x1)) \(mm(d.y1))L\(mm(d.x2)) \(mm(d.y2))\" fill=\"none\" stroke=\"#444444\" stroke-width=\"0.2\"/>")
        }
        let fs = size == Self.labelSize ? "" : " font-size=\"\(mm(size))\""
        let head = "<text class=\"\(cls)\" data-id=\"\(XML.escape(s.id))\" data-rank=\"\(s.rank)\" data-pos=\"\(l.position)\" data-bbox=\"\(l.box.bboxAttribute)\" x=\"\(mm(l.x))\" y=\"\(mm(l.y))\" text-anchor=\"\(l.anchor)\"\(fs)>"
        if l.lines.count == 1 {
            body.line(head + XML.escape(l.lines[0]) + "</text>")
        } else {
            var t = head
            for (k, line) in l.lines.enumerated() {
                t += "<tspan x=\"\(mm(l.x))\" y=\"\(mm(l.y + Double(k) * size * 1.2))\">\(XML.escape(line))</tspan>"
            }
            body.line(t + "</text>")
        }
        textBoxes.append((cls.contains("number") ? "number" : "label", l.box))
    }
}
