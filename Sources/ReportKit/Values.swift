/// How the report words the run's values in one language: country names from the basin data, states,
/// classes and rule names from the language file (the run's own text where the file has no word for it).
struct Values {
    let lang: Lang
    let countries: [String: CountryName]

    func country(_ iso: String?) -> String {
        guard let iso, !iso.isEmpty else { return "—" }
        guard let c = countries[iso] else { return iso }
        return lang.code == "ru" ? (c.ru ?? c.en) : c.en
    }

    /// "UZ,KZ", "KG>UZ>KZ" or "KG|UZ" as names, in the same order.
    func countryList(_ codes: String?, separator: String = ", ") -> String {
        guard let codes, !codes.isEmpty else { return "—" }
        return codes.split(whereSeparator: { ",>|".contains($0) }).map { country(String($0)) }.joined(separator: separator)
    }

    func state(_ s: String?) -> String { lang.t("state.\(s ?? "unknown")") }

    func className(_ c: String?) -> String {
        guard let c else { return "—" }
        return word("class.\(c)", or: c)
    }

    func rule(_ r: String) -> String { word("rule.\(r)", or: r) }

    func kind(_ site: ReportSite) -> String {
        let k = site.string("kind") ?? ""
        let detail = site.string("kind_detail").flatMap { $0 == k ? nil : $0 }.map { " (" + word("kind.\($0)", or: $0.replacingOccurrences(of: "_", with: " ")) + ")" } ?? ""
        return word("kind.\(k)", or: k) + detail
    }

    /// "crossing UZ", "border_reach KG|UZ", "entry_abroad UZ": what the first transboundary point is, and where.
    func firstPoint(_ s: String) -> String {
        let p = s.split(separator: " ", maxSplits: 1).map(String.init)
        return word("first.\(p[0])", or: p[0]) + (p.count > 1 ? ": " + countryList(p[1], separator: " – ") : "")
    }

    func word(_ key: String, or fallback: String) -> String {
        let w = lang.t(key)
        return w == key ? fallback : w
    }

    /// "34 km, 13.2 h" in this language.
    func at(km: Double, h: Double?) -> String {
        lang.km(km) + (h.map { ", " + lang.hours($0) } ?? "")
    }
}
