import Foundation
import GeoKit
import AnalysisKit
import BasinKit

/// Draws one hazard map. Holds the projected layers and the page layout; not shared across tasks.
final class MapRenderer {
    let input: MapInput
    let options: MapOptions
    let proj: Projection
    let clipper = Clipper()
    var body = SVGOut()
    var defs = SVGOut()

    // Layers projected once (metres), drawn into both the main map and the inset.
    var countries: [(iso: String, name: String, polys: [Polygon])] = []   // name in the map's language
    var borders: [[Coordinate]] = []
    var lakes: [(lake: Lake, poly: Polygon)] = []
    var rivers: [(edge: RiverEdge, line: [Coordinate])] = []
    var traces: [[Coordinate]] = []
    var zones: [[Coordinate]] = []
    /// Sites by rank (1 first), ties by id, and their projected positions.
    var sites: [MapSite] = []
    var sitesXY: [Coordinate] = []
    var drawnCount = 0

    // Layout.
    var main: MapView!
    var inset: MapView!
    var panel = Rect(x: 0, y: 0, w: 0, h: 0)
    var creditLines: [String] = []
    let creditSize = 2.1
    var obstaclesMain: [Rect] = []
    var obstaclesInset: [Rect] = []
    /// Site symbols and aggregate dots: no text may cover them, a leader line may pass over them.
    var symbolsMain: [Rect] = []
    var symbolsInset: [Rect] = []
    var dropped: [String] = []
    /// Top-N sites left without a name, a number or a leader: a renderer error (never expected).
    var topDropped: [String] = []
    var labelsPlaced = 0
    var leaderLines = 0
    var numberedMarkers = 0
    var leadersCrossingLabels = 0
    /// Sites named by number only, with the name listed in the legend panel: (rank, name).
    var numbered: [(Int, String)] = []
    /// Every text box the renderer placed and measured (its own metrics): kind and page box.
    var textBoxes: [(kind: String, box: Rect)] = []

    init(_ input: MapInput, _ options: MapOptions) throws {
        self.input = input
        self.options = options
        proj = try Projection(from: "EPSG:4326", to: input.basin.metadata.projection)
        // The basin's most site-dense area, drawn at a larger scale (basin.json map.inset).
        guard let spec = input.basin.metadata.map.inset else {
            throw MapError.badOptions("basin.json: 'map.inset': missing; expected the inset's box, title, note, legend and labels_note (see Basins/README.md)")
        }
        insetSpec = spec
        words = try MapWords.load(options.language)
    }

    let insetSpec: InsetSpec
    /// Generic words in the map's language.
    let words: MapWords
    /// A basin text (a name, the inset's texts) in the map's language (basin.json map.translations).
    func local(_ text: String) -> String { input.basin.metadata.map.text(text, in: options.language) }
    /// A country's name in the map's language.
    func countryName(_ c: CountryInfo) -> String { options.language == "ru" ? (c.nameRu ?? c.name) : c.name }
    /// The name of the country with code `iso` (a basin country or a neighbour) in the map's language.
    func countryName(iso: String, _ english: String) -> String {
        guard options.language == "ru" else { return english }
        let md = input.basin.metadata
        return md.countries.first { $0.iso == iso }?.nameRu ?? md.neighbours.first { $0.iso == iso }?.nameRu ?? english
    }
    var insetBox: (lonMin: Double, latMin: Double, lonMax: Double, latMax: Double) {
        (insetSpec.box.minX, insetSpec.box.minY, insetSpec.box.maxX, insetSpec.box.maxY)
    }
    /// The main rivers named on the map (as named by the network build; basin.json map.labelled_rivers).
    var mainRiverNames: [String] { input.basin.metadata.map.labelledRivers }

    // MARK: projection of the layers

    func projectLayers() throws {
        let b = input.basin
        for c in b.countries.sorted(by: { $0.iso < $1.iso }) {
            countries.append((c.iso, countryName(iso: c.iso, c.name), try c.polygons.map { try projectPolygon($0) }))
        }
        borders = try b.borders.sorted { $0.id < $1.id }.map { try proj.forward($0.coordinates) }
        lakes = try b.lakes.sorted { $0.id < $1.id }.map { ($0, try projectPolygon($0.polygon)) }
        // Bridges through reservoirs (level 0) are topology, not water courses: the lake is drawn instead.
        rivers = try b.rivers.filter { $0.reach == .river }.sorted { $0.id < $1.id }.map { ($0, try proj.forward($0.coordinates)) }
        traces = try input.traces.filter { $0.count >= 2 }.map { try proj.forward($0) }
        zones = try input.zones.filter { $0.count >= 2 }.map { try proj.forward($0) }
        sites = input.sites.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
        sitesXY = try proj.forward(sites.map(\.position))
        drawnCount = min(max(options.maxSites, 0), sites.count)
    }

    func projectPolygon(_ p: Polygon) throws -> Polygon {
        Polygon(exterior: try proj.forward(p.exterior), holes: try p.holes.map { try proj.forward($0) })
    }

    /// A lon/lat box as a densified ring (edges of a lon/lat box are curves on a conic).
    func lonLatRing(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double) -> [Coordinate] {
        let n = 40
        var r: [Coordinate] = []
        for i in 0..<n { r.append(Coordinate(lon: lon0 + (lon1 - lon0) * Double(i) / Double(n), lat: lat0)) }
        for i in 0..<n { r.append(Coordinate(lon: lon1, lat: lat0 + (lat1 - lat0) * Double(i) / Double(n))) }
        for i in 0..<n { r.append(Coordinate(lon: lon1 - (lon1 - lon0) * Double(i) / Double(n), lat: lat1)) }
        for i in 0..<n { r.append(Coordinate(lon: lon0, lat: lat1 - (lat1 - lat0) * Double(i) / Double(n))) }
        r.append(r[0])
        return r
    }

    // MARK: layout

    /// Main map extent: the drainage network, the outlet and every site, padded 4 %; the basin's
    /// declared lon/lat box when there is no network yet. Fitting the network rather than the whole
    /// 58-80 E box spends the page on the basin instead of the deserts and mountains around it.
    func mainExtent() throws -> Envelope {
        let e = input.basin.metadata.extent
        let box = Envelope(of: try proj.forward(lonLatRing(e.minX, e.minY, e.maxX, e.maxY)))!
        let network = rivers.filter { $0.edge.inNetwork }.flatMap(\.line)
        var env: Envelope
        if network.isEmpty {
            env = box
        } else {
            env = Envelope(of: network)!
            env.expand(try proj.forward(input.basin.metadata.outlet))
            env.expand(Envelope(of: try proj.forward(lonLatRing(insetBox.lonMin, insetBox.latMin, insetBox.lonMax, insetBox.latMax)))!)
        }
        for c in sitesXY where box.contains(c) { env.expand(c) }
        let px = env.width * 0.04, py = env.height * 0.04
        return Envelope(minX: env.minX - px, minY: env.minY - py, maxX: env.maxX + px, maxY: env.maxY + py)
    }

    func layout() throws {
        let W = options.pageWidthMM, H = options.pageHeightMM, m = options.marginMM
        guard W >= 200, H >= 140, m >= 0, W - 2 * m >= 180, H - 2 * m >= 120 else {
            throw MapError.badOptions("page \(W) x \(H) mm with margin \(m) mm is too small for map, inset and legend (at least 200 x 140 mm)")
        }
        creditLines = credits().flatMap { TextMetrics.wrap($0, width: W - 2 * m, size: creditSize) }
        let headerH = headerLayout().height
        let creditsH = Double(creditLines.count) * creditSize * 1.3 + 2
        let top = m + headerH, bottom = H - m - creditsH
        let pw = min(112, (W - 2 * m) * 0.3)
        panel = Rect(x: W - m - pw, y: top, w: pw, h: bottom - top)
        // Room outside the frame for the graticule's degree labels.
        let frame = Rect(x: m + 8, y: top + 4, w: panel.x - 9 - (m + 8), h: bottom - 4 - (top + 4))
        main = MapView.fit(try mainExtent(), into: frame)
        let ienv = Envelope(of: try proj.forward(lonLatRing(insetBox.lonMin, insetBox.latMin, insetBox.lonMax, insetBox.latMax)))!
        let ih = min(pw * ienv.height / ienv.width, panel.h * 0.42)
        let iw = ih * ienv.width / ienv.height
        inset = MapView.fit(ienv, into: Rect(x: panel.x + (pw - iw) / 2, y: panel.y + 5, w: iw, h: ih))
    }

    func credits() -> [String] {
        let md = input.basin.metadata
        var lines: [String] = []
        let sources = md.provenance.map { "\($0.layer): \($0.source) (\($0.package), \($0.licence))" }
        lines.append(words.t("credits.data", sources.joined(separator: "; "), input.inventoryName))
        if !md.vintage.isEmpty { lines.append(words.t("credits.vintage", md.vintage)) }
        lines.append(words.t("credits.crs", md.projection, input.toolVersion))
        return lines.map(XML.oneLine)
    }

    // MARK: whole document

    func render() throws -> MapRendering {
        try projectLayers()
        try layout()
        let W = options.pageWidthMM, H = options.pageHeightMM
        body.line("<rect x=\"0\" y=\"0\" width=\"\(mm(W))\" height=\"\(mm(H))\" fill=\"#ffffff\"/>")
        header()
        try drawMain()
        try drawInset()
        placeLabels()
        try legend()
        footer()

        var doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        doc += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
        doc += "width=\"\(mm(W))mm\" height=\"\(mm(H))mm\" viewBox=\"0 0 \(mm(W)) \(mm(H))\">\n"
        doc += "<title>\(XML.escape(titleText))</title>\n"
        doc += "<style>\n" + Self.css + "</style>\n"
        doc += "<defs>\n" + defs.s + "</defs>\n"
        doc += body.s
        doc += "</svg>\n"
        var out = MapRendering(svg: doc, drawnSites: drawnCount, aggregatedSites: sites.count - drawnCount, droppedLabels: dropped)
        out.labelsPlaced = labelsPlaced; out.leaderLines = leaderLines; out.numberedMarkers = numberedMarkers
        return out
    }

    // Only properties no element sets as an attribute: CSS outranks presentation attributes.
    static let css = """
    text { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; }
    .halo { paint-order: stroke; stroke: #ffffff; stroke-width: 0.55px; stroke-linejoin: round; }
    .label { font-size: 2.6px; fill: #111111; }
    .country-name { fill: #707070; font-weight: bold; }
    .river-name { fill: #1c5a94; font-style: italic; }
    .grat-label { font-size: 2.3px; fill: #555555; }
    .credits { font-size: 2.1px; fill: #444444; }

    """

    var titleText: String { options.title ?? words.t("title", local(input.basin.metadata.name)) }

    /// The header measured: the title (at most two lines of the page width), the subtitle (at most two
    /// lines, left of the site count) and the site count, each line broken at a space and, when still too
    /// long, shortened at a word boundary. Baselines in page mm; `height` from the margin down.
    func headerLayout() -> (title: [(String, Double)], sub: [(String, Double)], summary: (String, Double), height: Double) {
        let m = options.marginMM, W = options.pageWidthMM
        let tb = sites.filter { $0.transboundary == .yes }.count, unknown = sites.filter { $0.transboundary == .unknown }.count
        let summary = words.t("summary", String(sites.count), String(drawnCount), String(sites.count - drawnCount), String(tb), String(unknown))
        let sub = subtitleText()
        let titleLines = TextMetrics.lines(TextMetrics.oneLinePrefix(titleText), width: (W - 2 * m) / 1.08, size: Self.titleSize, maxLines: 2)
        let subWidth = W - 2 * m - TextMetrics.width(summary, size: Self.summarySize) - 6
        let subLines = TextMetrics.lines(XML.oneLine(sub), width: subWidth, size: Self.subtitleSize, maxLines: 2)
        var y = m + 7
        var title: [(String, Double)] = []
        for l in titleLines { title.append((l, y)); y += 8.5 }
        y += 6 - 8.5
        var subs: [(String, Double)] = []
        for l in subLines { subs.append((l, y)); y += 4.3 }
        let first = subs.first?.1 ?? y
        return (title, subs, (summary, first), y - 4.3 + 4 - m)
    }

    /// The whole subtitle before wrapping: basin, countries, inventory, data date.
    func subtitleText() -> String {
        var sub = words.t("subtitle", local(input.basin.metadata.name), input.basin.metadata.countries.map(countryName).joined(separator: ", "),
                          TextMetrics.oneLinePrefix(input.inventoryName))
        if !options.date.isEmpty { sub += words.t("subtitle.date", options.date) }
        return sub
    }

    static let titleSize = 7.5, subtitleSize = 3.6, summarySize = 3.0

    func header() {
        let m = options.marginMM, W = options.pageWidthMM
        let h = headerLayout()
        func box(_ x: Double, _ base: Double, _ w: Double, _ size: Double) -> Rect { Rect(x: x, y: base - size * 0.8, w: w, h: size * 1.05) }
        for (k, (l, y)) in h.title.enumerated() {
            body.text(m, y, l, attrs: "\(k == 0 ? "id=\"title\" " : "class=\"title-more\" ")font-size=\"7.5\" font-weight=\"bold\"")
            textBoxes.append(("title", box(m, y, TextMetrics.width(l, size: Self.titleSize, bold: true), Self.titleSize)))
        }
        for (k, (l, y)) in h.sub.enumerated() {
            body.text(m, y, l, attrs: "\(k == 0 ? "id=\"subtitle\" " : "class=\"subtitle-more\" ")font-size=\"3.6\" fill=\"#333333\"")
            textBoxes.append(("subtitle", box(m, y, TextMetrics.width(l, size: Self.subtitleSize), Self.subtitleSize)))
        }
        let sw = TextMetrics.width(h.summary.0, size: Self.summarySize)
        body.text(W - m, h.summary.1, h.summary.0, attrs: "id=\"summary\" font-size=\"3\" fill=\"#333333\" text-anchor=\"end\"")
        textBoxes.append(("summary", box(W - m - sw, h.summary.1, sw, Self.summarySize)))
    }

    func footer() {
        let m = options.marginMM, H = options.pageHeightMM
        var y = H - m - Double(creditLines.count - 1) * creditSize * 1.3
        body.line("<g id=\"credits\">")
        for l in creditLines {
            body.text(m, y, l, attrs: "class=\"credits\"")
            y += creditSize * 1.3
        }
        body.line("</g>")
    }
}
