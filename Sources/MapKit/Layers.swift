import Foundation
import GeoKit
import AnalysisKit
import BasinKit

/// Symbol sizes in page millimetres (the same in the main map and the inset).
enum Symbol {
    static let triangleR = 1.95
    static let squareHalf = 1.4
    static let ringR = 2.6
    /// Half the side of the box a symbol occupies, for label collisions.
    static func extent(_ s: MapSite) -> Double { s.transboundary != .no ? ringR + 0.3 : triangleR + 0.1 }
    /// The small ring that marks a class resting on stand-ins, above right of the symbol.
    static let changeMarkR = 0.62
    static let changeMarkOffset = 1.75
}

extension MapRenderer {
    func pagePath(_ v: MapView, _ lines: [[Coordinate]], close: Bool) -> String {
        SVGOut.pathData(lines.map { $0.map(v.page) }, close: close)
    }

    func pageRings(_ v: MapView, _ polys: [Polygon]) -> [[PagePoint]] {
        polys.flatMap { $0.rings.map { $0.map(v.page) } }
    }

    // MARK: main map

    func drawMain() throws {
        let v = main!
        let f = v.frame
        defs.line("<clipPath id=\"clip-main\"><rect x=\"\(mm(f.x))\" y=\"\(mm(f.y))\" width=\"\(mm(f.w))\" height=\"\(mm(f.h))\"/></clipPath>")
        let t = v.pageToCRS
        body.line("<g id=\"main-map\" clip-path=\"url(#clip-main)\" data-crs=\"\(XML.escape(input.basin.metadata.projection))\" "
                  + "data-page-to-crs=\"\(NumberFormat.json(t.x0)) \(NumberFormat.json(t.y0)) \(NumberFormat.json(t.m))\">")
        try baseLayers(v, id: "main", graticuleStep: 2, countryNameSize: 5.2, riverNameSize: 3.0)
        let note = try insetOutline()
        aggregates()
        body.line("<g id=\"sites\">")
        // Highest risk last, so on top.
        for i in stride(from: drawnCount - 1, through: 0, by: -1) {
            let p = v.page(sitesXY[i])
            body.line(siteSymbol(sites[i], p, cls: "site", withId: true))
            let r = Symbol.extent(sites[i])
            symbolsMain.append(Rect(x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r))
        }
        body.line("</g>")
        body.line(note)
        body.line("</g>")
        body.line("<rect id=\"main-frame\" x=\"\(mm(f.x))\" y=\"\(mm(f.y))\" width=\"\(mm(f.w))\" height=\"\(mm(f.h))\" fill=\"none\" stroke=\"#222222\" stroke-width=\"0.4\"/>")
        try graticuleLabels(v, step: 2)
        let bar = try scaleBar(v, id: "scale-bar", corner: .bottomLeft, maxLength: min(60, f.w * 0.22), fontSize: 2.4)
        obstaclesMain.append(bar)
    }

    /// Draws the inset's extent; returns its note, drawn later above the sites so it stays legible.
    func insetOutline() throws -> String {
        let v = main!
        let ring = try proj.forward(lonLatRing(insetBox.lonMin, insetBox.latMin, insetBox.lonMax, insetBox.latMax)).map(v.page)
        body.line("<path id=\"inset-extent\" d=\"\(SVGOut.pathData([ring], close: true))\" fill=\"none\" stroke=\"#222222\" stroke-width=\"0.35\" stroke-dasharray=\"1.6 0.8\"/>")
        guard let minX = ring.map(\.x).min(), let minY = ring.map(\.y).min() else { return "" }
        let maxX = ring.map(\.x).max()!, maxY = ring.map(\.y).max()!
        let text = local(insetSpec.note)
        let size = 2.4
        let w = TextMetrics.width(text, size: size), h = size * 1.2
        // Above or below the outline, left or right: the first spot clear of names and symbols.
        var spots: [Rect] = []
        for t in [0.0, 1.0, 0.5, 0.25, 0.75] {
            let x = minX + 0.6 + (maxX - minX - 1.2 - w) * t
            spots.append(Rect(x: x, y: minY - 0.9 - size, w: w, h: h))
            spots.append(Rect(x: x, y: maxY + 0.6, w: w, h: h))
        }
        let avoid = obstaclesMain + symbolsMain + symbolBoxes(v)
        let box = spots.min { a, b in avoid.filter { $0.intersects(a) }.count < avoid.filter { $0.intersects(b) }.count }!
        obstaclesMain.append(box)
        textBoxes.append(("inset-note", box))
        var o = SVGOut()
        o.text(box.x, box.y + size, text, attrs: "id=\"inset-note\" class=\"halo\" font-size=\"\(mm(size))\" font-style=\"italic\"")
        return String(o.s.dropLast())
    }

    /// Sites beyond maxSites: counted per 8 mm page cell, drawn as grey dots sized by count, so the
    /// density stays visible without hiding the ranked sites.
    func aggregates() {
        guard drawnCount < sites.count else { return }
        let v = main!, cell = 8.0
        var cells: [Int: (n: Int, sx: Double, sy: Double)] = [:]
        for i in drawnCount..<sites.count {
            let p = v.page(sitesXY[i])
            let key = Int(((p.y - v.frame.y) / cell).rounded(.down)) * 100_000 + Int(((p.x - v.frame.x) / cell).rounded(.down))
            var c = cells[key] ?? (0, 0, 0)
            c.n += 1; c.sx += p.x; c.sy += p.y
            cells[key] = c
        }
        body.line("<g id=\"aggregates\" data-cell-mm=\"\(mm(cell))\">")
        for key in cells.keys.sorted() {
            let c = cells[key]!
            let x = c.sx / Double(c.n), y = c.sy / Double(c.n)
            let r = 0.7 + 0.35 * Double(c.n).squareRoot()
            body.line("<g class=\"aggregate\" data-count=\"\(c.n)\"><circle cx=\"\(mm(x))\" cy=\"\(mm(y))\" r=\"\(mm(r))\" fill=\"\(Palette.aggregate)\" fill-opacity=\"0.75\" stroke=\"#ffffff\" stroke-width=\"0.15\"/>"
                      + (c.n > 1 ? "<text x=\"\(mm(x))\" y=\"\(mm(y + 0.55))\" font-size=\"1.5\" text-anchor=\"middle\" fill=\"#ffffff\">\(c.n)</text>" : "") + "</g>")
            symbolsMain.append(Rect(x: x - r, y: y - r, w: 2 * r, h: 2 * r))
        }
        body.line("</g>")
    }

    // MARK: inset

    func drawInset() throws {
        let v = inset!
        let f = v.frame
        body.text(f.x, f.y - 1.2, local(insetSpec.title), attrs: "font-size=\"2.8\" font-weight=\"bold\"")
        defs.line("<clipPath id=\"clip-inset\"><rect x=\"\(mm(f.x))\" y=\"\(mm(f.y))\" width=\"\(mm(f.w))\" height=\"\(mm(f.h))\"/></clipPath>")
        let t = v.pageToCRS
        body.line("<g id=\"inset-map\" clip-path=\"url(#clip-inset)\" data-page-to-crs=\"\(NumberFormat.json(t.x0)) \(NumberFormat.json(t.y0)) \(NumberFormat.json(t.m))\">")
        body.line("<rect x=\"\(mm(f.x))\" y=\"\(mm(f.y))\" width=\"\(mm(f.w))\" height=\"\(mm(f.h))\" fill=\"#ffffff\"/>")
        try baseLayers(v, id: "inset", graticuleStep: 1, countryNameSize: 3.4, riverNameSize: 2.6)
        body.line("<g id=\"inset-sites\">")
        for i in stride(from: drawnCount - 1, through: 0, by: -1) {
            let p = v.page(sitesXY[i])
            guard f.inset(-3).contains(x: p.x, y: p.y) else { continue }
            body.line(siteSymbol(sites[i], p, cls: "inset-site", withId: false))
            let r = Symbol.extent(sites[i])
            symbolsInset.append(Rect(x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r))
        }
        body.line("</g>")
        body.line("</g>")
        body.line("<rect id=\"inset-frame\" x=\"\(mm(f.x))\" y=\"\(mm(f.y))\" width=\"\(mm(f.w))\" height=\"\(mm(f.h))\" fill=\"none\" stroke=\"#222222\" stroke-width=\"0.4\"/>")
        let bar = try scaleBar(v, id: "inset-scale-bar", corner: .bottomRight, maxLength: f.w * 0.3, fontSize: 2.0)
        obstaclesInset.append(bar)
    }

    // MARK: base layers

    func baseLayers(_ v: MapView, id: String, graticuleStep: Double, countryNameSize: Double, riverNameSize: Double) throws {
        let tol = 0.2 / v.k
        let clip = v.envelope(padMM: 2)
        let obstacleSink = id == "main"

        // Country fills.
        var countryRings: [(name: String, rings: [[PagePoint]])] = []
        body.line("<g id=\"\(id)-countries\" stroke=\"none\">")
        for (i, c) in countries.enumerated() {
            let polys = try clipper.polygons(c.polys, clip: clip, tolerance: tol)
            guard !polys.isEmpty else { continue }
            let rings = pageRings(v, polys)
            countryRings.append((c.name, rings))
            body.line("<path class=\"country\" data-iso=\"\(XML.escape(c.iso))\" fill=\"\(Palette.countries[i % Palette.countries.count])\" fill-rule=\"evenodd\" d=\"\(SVGOut.pathData(rings, close: true))\"/>")
        }
        body.line("</g>")

        try graticule(v, id: id, step: graticuleStep)

        // Lakes: drop those under about 1 mm² on the page (unreadable specks) unless named.
        body.line("<g id=\"\(id)-lakes\" stroke-width=\"0.15\">")
        var historical: [[PagePoint]] = []
        for (lake, poly) in lakes {
            let pageArea = lake.areaKm2 * 1e6 * v.k * v.k
            guard pageArea >= 1.0 || (lake.name != nil && pageArea >= 0.3) || lake.kind == .historical else { continue }
            let polys = try clipper.polygons([poly], clip: clip, tolerance: tol)
            guard !polys.isEmpty else { continue }
            let rings = pageRings(v, polys)
            let d = SVGOut.pathData(rings, close: true)
            let name = lake.name.map { " data-name=\"\(XML.escape($0))\"" } ?? ""
            switch lake.kind {
            case .historical:
                historical = rings
                body.line("<path class=\"lake historical\"\(name) fill=\"\(Palette.historicalFill)\" stroke=\"\(Palette.waterLine)\" stroke-width=\"0.3\" stroke-dasharray=\"1.2 0.8\" fill-rule=\"evenodd\" d=\"\(d)\"/>")
            case .reservoir:
                body.line("<path class=\"lake reservoir\"\(name) fill=\"\(Palette.waterFill)\" stroke=\"\(Palette.waterLine)\" fill-rule=\"evenodd\" d=\"\(d)\"/>")
            case .lake:
                body.line("<path class=\"lake\"\(name) fill=\"\(Palette.waterFill)\" stroke=\"\(Palette.waterLine)\" fill-rule=\"evenodd\" d=\"\(d)\"/>")
            }
        }
        body.line("</g>")

        // Rivers: network rivers strong blue, context rivers pale and thinner; width by WDBII level.
        body.line("<g id=\"\(id)-rivers\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
        var named: [String: (len: Double, pts: [PagePoint])] = [:]
        for (edge, line) in rivers {
            let parts = try clipper.lines([line], clip: clip, tolerance: tol)
            guard !parts.isEmpty else { continue }
            let w = riverWidth(edge)
            let colour = edge.inNetwork ? Palette.riverNetwork : Palette.riverContext
            let dash = edge.level >= 8 ? " stroke-dasharray=\"1 0.6\"" : ""   // WDBII 8-10 are canals
            let nm = edge.name.map { " data-name=\"\(XML.escape($0))\"" } ?? ""
            body.line("<path class=\"river\(edge.inNetwork ? " network" : "")\"\(nm) stroke=\"\(colour)\" stroke-width=\"\(mm(w))\"\(dash) d=\"\(pagePath(v, parts, close: false))\"/>")
            if edge.inNetwork, let n = edge.name, mainRiverNames.contains(n) {
                for part in parts {
                    var run: [PagePoint] = []
                    for p in part.map(v.page) + [PagePoint(x: .nan, y: .nan)] {
                        if v.frame.inset(3).contains(x: p.x, y: p.y) { run.append(p); continue }
                        let len = PageGeometry.length(run)
                        if len > (named[n]?.len ?? 0) { named[n] = (len, run) }
                        run = []
                    }
                }
            }
        }
        body.line("</g>")

        // Borders: dash-dot, dark (the cartographic convention for international boundaries).
        let bl = try clipper.lines(borders, clip: clip, tolerance: tol)
        body.line("<path id=\"\(id)-borders\" class=\"border\" fill=\"none\" stroke=\"\(Palette.border)\" stroke-width=\"0.45\" stroke-dasharray=\"2.4 0.8 0.5 0.8\" stroke-linejoin=\"round\" d=\"\(pagePath(v, bl, close: false))\"/>")

        // Country names at their visual centre inside the frame.
        body.line("<g id=\"\(id)-country-names\">")
        for (name, rings) in countryRings {
            let label = name.uppercased()
            guard let c = PageGeometry.visualCentre(rings, bounds: v.frame.inset(1)) else { continue }
            let natural = TextMetrics.width(label, size: countryNameSize, bold: true) + Double(label.count) * 0.9 * countryNameSize / 5.2
            // Shrink a name that would spill out of a narrow visible part; skip if unreadable.
            let size = min(countryNameSize, countryNameSize * (2.4 * c.clearance) / natural, c.clearance * 1.6)
            guard size >= 2.2 else { continue }
            body.text(c.x, c.y + size * 0.35, label, attrs: "class=\"country-name\" font-size=\"\(mm(size))\" text-anchor=\"middle\" fill-opacity=\"0.75\" letter-spacing=\"\(mm(0.9 * size / 5.2))\"")
            // Its box (the renderer's metrics, letter-spacing included): labels keep off it.
            let w = TextMetrics.width(label, size: size, bold: true) + Double(label.count) * 0.9 * size / 5.2
            let box = Rect(x: c.x - w / 2, y: c.y + size * 0.35 - size * 0.9, w: w, h: size * 1.15)
            if obstacleSink { obstaclesMain.append(box) } else { obstaclesInset.append(box) }
            textBoxes.append(("country", box))
        }
        body.line("</g>")

        // River names on the straightest stretch near the middle of each main river, rotated to it.
        // (Not <textPath>: librsvg and several print workflows ignore it, and the names would vanish.)
        body.line("<g id=\"\(id)-river-names\">")
        var avoid = symbolBoxes(v) + (obstacleSink ? obstaclesMain : obstaclesInset)
        for n in mainRiverNames {
            let shown = local(n)
            guard let r = named[n], let spot = riverLabelSpot(r.pts, text: shown, size: riverNameSize, avoid: avoid) else { continue }
            avoid.append(spot.box)
            body.line("<text class=\"river-name halo\" data-river=\"\(XML.escape(n))\" font-size=\"\(mm(riverNameSize))\" text-anchor=\"middle\" "
                      + "x=\"\(mm(spot.x))\" y=\"\(mm(spot.y))\" transform=\"rotate(\(mm(spot.angle)) \(mm(spot.x)) \(mm(spot.y)))\">\(XML.escape(shown))</text>")
            if obstacleSink { obstaclesMain.append(spot.box) } else { obstaclesInset.append(spot.box) }
            textBoxes.append(("river", spot.box))
        }
        body.line("</g>")

        // A historical lake is drawn at a shore it no longer has: say so on the map, not only in the legend.
        let lines = input.basin.metadata.map.historicalLakeLabel.map(local)
        if obstacleSink, !historical.isEmpty, !lines.isEmpty, let c = PageGeometry.visualCentre(historical, bounds: v.frame.inset(2)), c.clearance > 6 {
            let size = 2.5
            for (k, l) in lines.enumerated() {
                body.text(c.x, c.y + Double(k) * size * 1.2 - size, l, attrs: "class=\"halo\" font-size=\"\(mm(size))\" font-style=\"italic\" fill=\"#1c5a94\" text-anchor=\"middle\"")
            }
            let w = lines.map { TextMetrics.width($0, size: size) }.max()!
            obstaclesMain.append(Rect(x: c.x - w / 2, y: c.y - 2 * size, w: w, h: 3.6 * size))
        }

        // Runout reaches (thick, translucent) under the downstream traces (thin), both above the base.
        let zl = try clipper.paths(zones, clip: clip, tolerance: tol)
        if !zl.isEmpty {
            body.line("<path id=\"\(id)-zones\" class=\"zone\" fill=\"none\" stroke=\"\(Palette.zone)\" stroke-opacity=\"0.45\" stroke-width=\"1.8\" stroke-linecap=\"round\" stroke-linejoin=\"round\" d=\"\(pagePath(v, zl, close: false))\"/>")
        }
        let tl = try clipper.paths(traces, clip: clip, tolerance: tol)
        if !tl.isEmpty {
            body.line("<path id=\"\(id)-traces\" class=\"trace\" fill=\"none\" stroke=\"\(Palette.trace)\" stroke-width=\"0.45\" stroke-dasharray=\"1.4 0.5\" stroke-linejoin=\"round\" d=\"\(pagePath(v, tl, close: false))\"/>")
        }
    }

    /// Where a river name goes: among windows as long as the text along the smoothed line, the one
    /// whose ends are farthest apart relative to its length (straightest), nearer the middle on ties;
    /// the name sits just above the line, rotated to the window's chord and kept upright.
    /// Windows whose name would cover a site symbol or another name lose to any clear window.
    func riverLabelSpot(_ raw: [PagePoint], text: String, size: Double, avoid: [Rect]) -> (x: Double, y: Double, angle: Double, box: Rect)? {
        guard raw.count >= 2 else { return nil }
        let pts = PageGeometry.simplify(raw, tolerance: size * 0.3)
        let len = PageGeometry.length(pts)
        let tw = TextMetrics.width(text, size: size)
        guard len > tw * 1.3 else { return nil }
        func spot(_ a0: PagePoint, _ b0: PagePoint, above: Bool) -> (x: Double, y: Double, angle: Double, box: Rect) {
            var (a, b) = (a0, b0)
            if b.x < a.x { swap(&a, &b) }            // upright text reads left to right
            let angle = atan2(b.y - a.y, b.x - a.x)
            // Shift the baseline off the line, to the text's "up" side (page y grows downwards), or
            // below the line by the text's height.
            let off = above ? size * 0.45 : -size * 1.15
            let cx = (a.x + b.x) / 2 + sin(angle) * off, cy = (a.y + b.y) / 2 - cos(angle) * off
            // The box of the rotated text: its centre sits a third of the size above the baseline.
            let hw = tw / 2, hh = size * 0.6
            let c = abs(cos(angle)), s = abs(sin(angle))
            let ex = hw * c + hh * s, ey = hw * s + hh * c
            let mx = cx + sin(angle) * size * 0.35, my = cy - cos(angle) * size * 0.35
            return (cx, cy, angle * 180 / .pi, Rect(x: mx - ex, y: my - ey, w: 2 * ex, h: 2 * ey))
        }
        var best: (score: Double, spot: (x: Double, y: Double, angle: Double, box: Rect))? = nil
        let steps = 32
        for k in 0...steps {
            let mid = tw / 2 + (len - tw) * Double(k) / Double(steps)
            let w = PageGeometry.sub(pts, from: mid - tw / 2, to: mid + tw / 2)
            guard let a = w.first, let b = w.last else { continue }
            let straight = hypot(b.x - a.x, b.y - a.y) / max(PageGeometry.length(w), 1e-9)
            let centred = 1 - abs(mid / len - 0.5)
            for above in [true, false] {
                let sp = spot(a, b, above: above)
                // Fewest symbols covered first, then straightness, then the middle, then above the line.
                let hits = Double(avoid.filter { $0.intersects(sp.box) }.count)
                let score = -100 * hits + straight * 10 + centred + (above ? 0.01 : 0)
                if best == nil || score > best!.score { best = (score, sp) }
            }
        }
        return best?.spot
    }

    /// Page boxes of the individually drawn site symbols inside a view.
    func symbolBoxes(_ v: MapView) -> [Rect] {
        (0..<drawnCount).compactMap { i in
            let p = v.page(sitesXY[i])
            guard v.frame.inset(-3).contains(x: p.x, y: p.y) else { return nil }
            let r = Symbol.extent(sites[i])
            return Rect(x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r)
        }
    }

    func riverWidth(_ e: RiverEdge) -> Double {
        let base: Double
        switch e.level {
        case 1: base = 0.9
        case 2: base = 0.75
        case 3: base = 0.55
        case 4: base = 0.45
        default: base = 0.35
        }
        return e.inNetwork ? base : base * 0.5
    }

    // MARK: site symbols

    /// The fill for a site: its class's position in its index's legend, on that index's YlOrRd ramp.
    func fill(_ s: MapSite) -> String {
        guard let cn = s.className else { return Palette.unscored }
        if let li = input.legend.first(where: { $0.index == s.index }) {
            let ramp = Palette.hazard(classes: li.classes.count)
            if let k = li.classes.firstIndex(where: { $0.name == cn }) { return ramp[k] }
            if let r = s.classRank, r >= 0, r < ramp.count { return ramp[r] }
        }
        if let r = s.classRank, r >= 0 { return Palette.hazard(classes: max(4, r + 1))[r] }
        return Palette.unscored
    }

    func siteSymbol(_ s: MapSite, _ p: PagePoint, cls: String, withId: Bool) -> String {
        var g = "<g class=\"\(cls)\(s.transboundary == .yes ? " transboundary" : s.transboundary == .unknown ? " transboundary-unknown" : "")\(s.classMayChange ? " class-may-change" : "")\""
        if withId { g += " data-id=\"\(XML.escape(s.id))\" data-rank=\"\(s.rank)\" data-transboundary=\"\(s.transboundary.rawValue)\"" }
        g += ">"
        if withId { g += "<title>\(XML.escape(TextMetrics.capped(s.name)))</title>" }
        switch s.transboundary {
        case .yes:
            g += "<circle class=\"tb-mark\" cx=\"\(mm(p.x))\" cy=\"\(mm(p.y))\" r=\"\(mm(Symbol.ringR))\" fill=\"#ffffff\" fill-opacity=\"0.6\" stroke=\"\(Palette.transboundary)\" stroke-width=\"0.5\"/>"
        case .unknown:
            g += "<circle class=\"tb-unknown-mark\" cx=\"\(mm(p.x))\" cy=\"\(mm(p.y))\" r=\"\(mm(Symbol.ringR))\" fill=\"#ffffff\" fill-opacity=\"0.6\" stroke=\"\(Palette.transboundaryUnknown)\" stroke-width=\"0.4\" stroke-dasharray=\"0.7 0.45\"/>"
                + "<text class=\"tb-unknown-q\" x=\"\(mm(p.x - Symbol.ringR - 0.25))\" y=\"\(mm(p.y - Symbol.ringR + 1.1))\" font-size=\"1.9\" font-weight=\"bold\" text-anchor=\"end\" fill=\"\(Palette.transboundaryUnknown)\">?</text>"
        case .no:
            break
        }
        let style = "fill=\"\(fill(s))\" stroke=\"#333333\" stroke-width=\"0.22\" stroke-linejoin=\"round\""
        if s.kind == "tailings" {
            let r = Symbol.triangleR
            g += "<path \(style) d=\"M\(mm(p.x)) \(mm(p.y - r))L\(mm(p.x + 0.866 * r)) \(mm(p.y + 0.5 * r)) \(mm(p.x - 0.866 * r)) \(mm(p.y + 0.5 * r))Z\"/>"
        } else {
            let h = Symbol.squareHalf
            g += "<rect \(style) x=\"\(mm(p.x - h))\" y=\"\(mm(p.y - h))\" width=\"\(mm(2 * h))\" height=\"\(mm(2 * h))\"/>"
        }
        if s.classMayChange {
            let d = Symbol.changeMarkOffset
            g += "<circle class=\"change-mark\" cx=\"\(mm(p.x + d))\" cy=\"\(mm(p.y - d))\" r=\"\(mm(Symbol.changeMarkR))\" fill=\"#ffffff\" stroke=\"\(Palette.classMayChange)\" stroke-width=\"0.3\"/>"
        }
        return g + "</g>"
    }
}
