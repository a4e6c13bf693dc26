import GeoKit

/// One site's sheet: its figures, flags with their reasons, stand-ins and index ranges, and the
/// downstream path with countries and travel times, as the run wrote them in sites.geojson.
enum SiteSheet {
    static func html(_ site: ReportSite, number: Int, _ v: Values) -> String {
        let l = v.lang
        let name = site.string("name") ?? ""
        let rank = site.number("risk_rank").map { l.number($0, 0) } ?? "—"
        var out = HTML.el("h2", text: l.t("site.heading", rank, name))
        var facts: [(String, String)] = [
            (l.t("site.id"), HTML.text(site.string("id") ?? "")),
            (l.t("col.kind"), HTML.text(v.kind(site) + (site.string("kind_input").flatMap { $0 == site.string("kind") ? nil : " — «\($0)»" } ?? ""))),
            (l.t("col.country"), HTML.text(v.country(site.string("country")))),
        ]
        if let lon = site.lon, let lat = site.lat { facts.append((l.t("site.position"), HTML.text(l.t("site.lon_lat", l.number(lon, 4), l.number(lat, 4))))) }
        if let o = site.string("input_origin") { facts.append((l.t("site.origin"), HTML.text(o))) }
        out += HTML.dl(facts)

        out += HTML.el("h3", text: l.t("site.scores"))
        var scoreRows: [[String]] = []
        for idx in ["THI", "TRI", "WRI"] {
            guard let value = site.number(idx) else { continue }
            let lo = site.number("\(idx)_low"), hi = site.number("\(idx)_high")
            let range = lo.flatMap { a in hi.map { b in l.number(a, 2) + "–" + l.number(b, 2) } } ?? "—"
            let classes = v.className(site.string("\(idx)_class_low")) + " – " + v.className(site.string("\(idx)_class_high"))
            scoreRows.append([HTML.text(idx), HTML.text(l.number(value, 3)), HTML.text(v.className(site.string("\(idx)_class"))), HTML.text(range), HTML.text(classes),
                              HTML.text(site.number("\(idx)_stand_ins").map { l.number($0, 0) } ?? "0"),
                              HTML.text(site.string("\(idx)_terms") ?? ""), HTML.text(site.string("\(idx)_missing") ?? "")])
        }
        if scoreRows.isEmpty {
            out += HTML.el("p", text: l.t("site.not_scored"))
        } else {
            out += HTML.table(["score.index", "score.value", "score.class", "score.range", "score.range_classes", "score.stand_ins", "score.terms", "score.missing"].map { l.t($0) },
                              scoreRows, attrs: [("class", "r-small")])
            if site["risk_class_may_change"]?.boolValue == true { out += HTML.el("p", [("class", "r-note")], text: l.t("score.may_change")) }
        }

        out += HTML.el("h3", text: l.t("site.transboundary"))
        let state = site.string("transboundary") ?? "unknown"
        var tb: [(String, String)] = [
            (l.t("col.transboundary"), HTML.el("span", [("class", "r-tb r-tb-\(state)")], text: v.state(state))),
        ]
        if let why = site.string("transboundary_reason") { tb.append((l.t("site.reason"), HTML.text(why))) }
        let rules = (site.string("flag_rules") ?? "").split(separator: ",").map { v.rule(String($0)) }
        tb.append((l.t("site.flags"), HTML.text(rules.isEmpty ? l.t("site.no_flags") : rules.joined(separator: ", "))))
        if let d = site.string("flag_details") { tb.append((l.t("site.flag_details"), HTML.text(d))) }
        if let a = site.string("affected_countries") { tb.append((l.t("col.affected"), HTML.text(v.countryList(a)))) }
        if let c = site.string("convention_applies") { tb.append((l.t("site.convention"), HTML.text(convention(c, v)))) }
        out += HTML.dl(tb)

        out += HTML.el("h3", text: l.t("site.distances"))
        var dist: [(String, String)] = []
        if let m = site.number("river_distance_m") { dist.append((l.t("site.river"), HTML.text((site.string("river_name") ?? "—") + ": " + l.metres(m)))) }
        if let m = site.number("border_distance_m") { dist.append((l.t("site.border"), HTML.text(v.countryList(site.string("border_countries"), separator: " – ") + ": " + l.metres(m)))) }
        if let m = site.number("entry_distance_m") { dist.append((l.t("site.entry"), HTML.text((site.string("entry_river") ?? "—") + ": " + l.metres(m)))) }
        if let km = site.number("runout_km") { dist.append((l.t("site.runout"), HTML.text(l.km(km) + runoutRange(site, l)))) }
        out += dist.isEmpty ? "" : HTML.dl(dist)

        out += HTML.el("h3", text: l.t("site.path"))
        out += path(site, v)
        if let w = site.string("warnings") { out += HTML.el("p", [("class", "r-warn")], HTML.el("b", text: l.t("site.warnings") + ": ") + HTML.text(w)) }
        let own = inventoryAttributes(site)
        if !own.isEmpty { out += HTML.el("h3", text: l.t("site.inventory")) + HTML.dl(own.map { ($0.0, HTML.text($0.1)) }) }
        return HTML.el("section", [("class", "r-page r-site"), ("id", "site-\(number)"), ("data-site", site.string("id") ?? "")], out) + "\n"
    }

    static func runoutRange(_ site: ReportSite, _ l: Lang) -> String {
        guard let lo = site.number("runout_low_km"), let hi = site.number("runout_high_km") else { return "" }
        return " (" + l.km(lo) + " – " + l.km(hi) + ")"
    }

    /// Countries in order, every crossing and border reach, the first transboundary point and the outlet.
    static func path(_ site: ReportSite, _ v: Values) -> String {
        let l = v.lang
        guard site["traced"]?.boolValue == true else { return HTML.el("p", text: l.t("path.not_traced")) }
        var rows: [(String, String)] = [(l.t("path.countries"), HTML.text(v.countryList(site.string("downstream_countries"), separator: " → ")))]
        if let km = site.number("first_transboundary_km") {
            rows.append((l.t("col.first"), HTML.text(v.at(km: km, h: site.number("first_transboundary_h")) + (site.string("first_transboundary").map { " (" + v.firstPoint($0) + ")" } ?? ""))))
        }
        if let km = site.number("outlet_km") { rows.append((l.t("path.outlet"), HTML.text(v.at(km: km, h: site.number("outlet_h"))))) }
        var out = HTML.dl(rows)
        let crossings = (site.string("crossings") ?? "").components(separatedBy: "; ").compactMap { Crossing($0) }
        if !crossings.isEmpty {
            out += HTML.table([l.t("path.crossing"), l.t("path.km"), l.t("path.time")], crossings.map { c in
                [HTML.text(v.country(c.from) + " → " + v.country(c.to)), HTML.text(l.km(c.km)), HTML.text(l.hours(c.h))]
            }, attrs: [("class", "r-small r-crossings")])
        }
        if let reaches = site.string("border_reaches") {
            out += HTML.el("p", HTML.el("b", text: l.t("path.border_reaches") + ": ") + HTML.text(reaches.components(separatedBy: "; ").map { reach(String($0), v) }.joined(separator: "; ")))
        }
        return out
    }

    /// "KG|UZ 0-1.7 km" with names and this language's numbers; the run's text when it reads otherwise.
    static func reach(_ s: String, _ v: Values) -> String {
        let p = s.split(separator: " ")
        guard p.count == 3, p[2] == "km", let dash = p[1].firstIndex(of: "-"),
              let a = Double(p[1][..<dash]), let b = Double(p[1][p[1].index(after: dash)...]) else { return s }
        return v.countryList(String(p[0]), separator: " – ") + " " + v.lang.number(a, 1) + "–" + v.lang.km(b)
    }

    static func convention(_ s: String, _ v: Values) -> String {
        s.split(separator: ",").map { pair in
            let kv = pair.split(separator: ":")
            guard kv.count == 2 else { return String(pair) }
            return v.country(String(kv[0])) + ": " + v.word("convention.applies.\(kv[1])", or: String(kv[1]))
        }.joined(separator: "; ")
    }

    /// The inventory's own columns: in sites.geojson they follow `input_origin`.
    static func inventoryAttributes(_ site: ReportSite) -> [(String, String)] {
        guard let at = site.properties.firstIndex(where: { $0.0 == "input_origin" }) else { return [] }
        return site.properties[(at + 1)...].compactMap { k, value in
            switch value {
            case .string(let s) where !s.isEmpty: return (k, s)
            case .number(let d): return (k, JSONWriter.string(.number(d)))
            case .bool(let b): return (k, b ? "true" : "false")
            default: return nil
            }
        }
    }
}

/// One entry of the `crossings` field: "KG>UZ 22.5 km 8.7 h".
struct Crossing {
    var from: String, to: String, km: Double, h: Double
    init?(_ s: String) {
        let p = s.split(separator: " ")
        guard p.count == 5, p[2] == "km", p[4] == "h" else { return nil }
        let c = p[0].split(separator: ">")
        guard c.count == 2, let km = Double(p[1]), let h = Double(p[3]) else { return nil }
        from = String(c[0]); to = String(c[1]); self.km = km; self.h = h
    }
}
