import Foundation
import GeoKit

/// report.html: one self-contained page (styles, script and map inline; a Content-Security-Policy that
/// lets nothing load) with the map, the ranked table, the counts, sources, assumptions, the Convention
/// status and one sheet per site. Printed, each part after the cover starts a new A4 page.
public enum Report {
    static let maxStandIns = 200

    public static func html(_ input: ReportInput, lang: Lang) throws -> String {
        let css = try Lang.resourceText("report.css"), script = try Lang.resourceText("sort.js")
        let v = Values(lang: lang, countries: input.countries)
        let s = input.summary
        let basinName = s["basin"]?["name"]?.stringValue ?? ""
        let title = lang.t("report.title", basinName)
        var body = cover(input, v, title: title)
        body += table(input, v)
        body += sources(s, v)
        body += input.sites.enumerated().map { SiteSheet.html($0.element, number: $0.offset + 1, v) }.joined()
        let head = "<meta charset=\"utf-8\">"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + HTML.el("title", text: title) + HTML.el("style", css)
        return "<!DOCTYPE html>\n<html lang=\"\(lang.code)\">\n<head>\(head)</head>\n<body>\n\(body)\n<script>\(script)</script>\n</body>\n</html>\n"
    }

    static func cover(_ input: ReportInput, _ v: Values, title: String) -> String {
        let s = input.summary, l = v.lang
        let c = s["counts"]
        func n(_ k: String) -> String { l.number(c?[k]?.doubleValue ?? 0, 0) }
        let inventories = (s["inventories"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
        let sub = l.t("report.subtitle", inventories, s["tool"]?.stringValue ?? "")
        let counts = HTML.el("div", [("class", "r-counts")], [
            ("records_read", "count.read"), ("accepted", "count.accepted"), ("rejected", "count.rejected"),
            ("transboundary_unknown", "count.unknown"), ("transboundary_yes", "count.yes"), ("transboundary_no", "count.no"),
        ].map { HTML.el("div", [("class", "r-count"), ("data-count", $0.0)], HTML.el("b", text: n($0.0)) + HTML.el("span", text: l.t($0.1))) }.joined())
        var map: String
        if let svg = input.svg {
            map = HTML.el("figure", [("class", "r-map")], inlineSVG(svg) + HTML.el("figcaption", text: l.t("map.caption")))
        } else {
            map = HTML.el("p", [("class", "r-note")], text: l.t("map.none"))
        }
        return HTML.el("section", [("class", "r-cover")], HTML.el("h1", text: title) + HTML.el("p", [("class", "r-sub")], text: sub) + counts + map) + "\n"
    }

    /// The map file without its XML prolog, so it can stand inside the HTML body.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    static func table(_ input: ReportInput, _ v: Values) -> String {
        let l = v.lang
        let head = ["col.rank", "col.name", "col.kind", "col.country", "col.index", "col.value", "col.class", "col.range",
                    "col.transboundary", "col.first", "col.affected"].map { l.t($0) }
        let rows: [String] = input.sites.enumerated().map { k, site in
            let rank = site.number("risk_rank") ?? Double(k + 1)
            let idx = site.string("risk_index")
            let value = idx.flatMap { site.number($0) }
            let lowHigh = idx.flatMap { i in site.number("\(i)_low").flatMap { lo in site.number("\(i)_high").map { (lo, $0) } } }
            let firstKm = site.number("first_transboundary_km")
            func cell(_ sortKey: String, _ html: String, _ cls: String? = nil) -> String {
                HTML.el("td", [("data-v", sortKey)] + (cls.map { [("class", $0)] } ?? []), html)
            }
            let cells = [
                cell(String(Int(rank)), HTML.text(l.number(rank, 0)), "r-num"),
                cell(site.string("name") ?? "", HTML.el("a", [("href", "#site-\(k + 1)")], text: site.string("name") ?? "")),
                cell(site.string("kind") ?? "", HTML.text(v.kind(site))),
                cell(site.string("country") ?? "", HTML.text(v.country(site.string("country")))),
                cell(idx ?? "", HTML.text(idx ?? "—")),
                cell(value.map { String($0) } ?? "", HTML.text(value.map { l.number($0, 2) } ?? "—"), "r-num"),
                cell(site["risk_class_rank"]?.doubleValue.map { String($0) } ?? site.string("risk_class") ?? "", HTML.text(v.className(site.string("risk_class")))),
                cell(lowHigh.map { String($0.0) } ?? "", HTML.text(lowHigh.map { l.number($0.0, 2) + "–" + l.number($0.1, 2) } ?? "—"), "r-num"),
                cell(site.string("transboundary") ?? "", HTML.el("span", [("class", "r-tb r-tb-\(site.string("transboundary") ?? "unknown")")], text: v.state(site.string("transboundary")))),
                cell(firstKm.map { String($0) } ?? "", HTML.text(firstKm.map { v.at(km: $0, h: site.number("first_transboundary_h")) } ?? "—"), "r-right"),
                cell(site.string("affected_countries") ?? "", HTML.text(v.countryList(site.string("affected_countries")))),
            ]
            return HTML.el("tr", cells.joined())
        }
        var note = l.t("table.sort_hint")
        if input.sites.count < input.sitesTotal { note += " " + l.t("table.limited", l.number(Double(input.sites.count), 0), l.number(Double(input.sitesTotal), 0)) }
        let t = HTML.el("table", [("class", "r-ranked"), ("id", "ranked"), ("data-sites", String(input.sites.count))],
                        HTML.el("thead", HTML.el("tr", head.enumerated().map { HTML.el("th", [("data-col", String($0.offset))], text: $0.element) }.joined()))
                        + HTML.el("tbody", rows.joined()))
        return HTML.el("section", [("class", "r-page r-table")], HTML.el("h2", text: l.t("table.title")) + HTML.el("p", [("class", "r-note")], text: note) + t) + "\n"
    }

    static func sources(_ s: JSON, _ v: Values) -> String {
        let l = v.lang
        var out = HTML.el("h2", text: l.t("sources.title"))
        let prov = (s["basin"]?["provenance"]?.arrayValue ?? []).map { p in
            ["layer", "source", "package", "licence", "note"].map { HTML.text(p[$0]?.stringValue ?? "") }
        }
        out += HTML.table(["src.layer", "src.source", "src.package", "src.licence", "src.note"].map { l.t($0) }, prov, attrs: [("class", "r-small")])
        if let vintage = s["basin"]?["vintage"]?.stringValue { out += HTML.el("p", HTML.el("b", text: l.t("sources.vintage") + ": ") + HTML.text(vintage)) }
        out += HTML.el("p", HTML.el("b", text: l.t("sources.rules") + ": ") + HTML.text("\(s["rules"]?["title"]?.stringValue ?? "") (\(s["rules"]?["file"]?.stringValue ?? ""))"))

        out += HTML.el("h3", text: l.t("assumptions.title"))
        let params = (s["parameters"]?.arrayValue ?? []).map { p -> [String] in
            let unit = p["unit"]?.stringValue ?? "", value = p["value"]?.doubleValue ?? 0
            let shown = unit == "m" ? l.metres(value) : l.number(value, 2) + " " + unit
            return [HTML.text(p["name"]?.stringValue ?? ""), HTML.text(shown), HTML.text(p["reason"]?.stringValue ?? "")]
        }
        out += HTML.table([l.t("param.name"), l.t("param.value"), l.t("param.reason")], params, attrs: [("class", "r-small")])
        if let vel = s["velocities"] {
            out += HTML.table([l.t("velocity.what"), l.t("param.value"), l.t("param.reason")], [
                [HTML.text(l.t("velocity.river")), HTML.text(l.number(vel["river_m_s"]?.doubleValue ?? 0, 3) + " " + l.t("unit.m_s")), HTML.text(vel["river_source"]?.stringValue ?? "")],
                [HTML.text(l.t("velocity.reservoir")), HTML.text(l.number(vel["reservoir_m_s"]?.doubleValue ?? 0, 4) + " " + l.t("unit.m_s")), HTML.text(vel["reservoir_source"]?.stringValue ?? "")],
            ], attrs: [("class", "r-small")])
        }
        // A rules file may hold thousands of terms: the page shows the first ones, summary.json all.
        let allStandIns = s["stand_ins"]?.arrayValue ?? []
        let standIns = allStandIns.prefix(maxStandIns).map { m in
            ["index", "term", "input", "stand_in"].map { HTML.text(m[$0]?.stringValue ?? "") }
        }
        if !standIns.isEmpty {
            out += HTML.el("h3", text: l.t("standins.title"))
            out += HTML.table(["standin.index", "standin.term", "standin.input", "standin.value"].map { l.t($0) }, standIns, attrs: [("class", "r-small")])
            if allStandIns.count > maxStandIns {
                out += HTML.el("p", [("class", "r-note")], text: l.t("standins.limited", l.number(Double(maxStandIns), 0), l.number(Double(allStandIns.count), 0)))
            }
        }

        out += HTML.el("h3", text: l.t("convention.title"))
        let conv = (s["convention"]?.arrayValue ?? []).map { c -> [String] in
            let iso = c["iso"]?.stringValue ?? ""
            return [HTML.text(iso), HTML.text(v.country(iso)), HTML.text(l.t(c["party"]?.boolValue == true ? "convention.party" : "convention.not_party")),
                    HTML.text(c["note"]?.stringValue ?? "")]
        }
        out += HTML.table([l.t("convention.iso"), l.t("col.country"), l.t("convention.status"), l.t("convention.note")], conv, attrs: [("class", "r-small"), ("id", "convention")])
        let libs = s["libraries"]
        out += HTML.el("p", [("class", "r-note")], text: l.t("sources.version", s["tool"]?.stringValue ?? "", libs?["geos"]?.stringValue ?? "", libs?["proj"]?.stringValue ?? ""))
        return HTML.el("section", [("class", "r-page r-sources")], out) + "\n"
    }
}
