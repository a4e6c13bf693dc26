import GeoKit

/// The few HTML pieces the report is built from. Every text that reaches the page goes through `text`
/// (GeoKit's one XML escaper: HTML5 reads its references the same way), so an inventory's name or note can
/// never open a tag or an attribute.
enum HTML {
    static func text(_ s: String) -> String { XML.escape(s) }

    /// `<tag attrs>inner</tag>`; `inner` is HTML already built by these functions.
    static func el(_ tag: String, _ attrs: [(String, String)], _ inner: String) -> String {
        "<\(tag)\(attributes(attrs))>\(inner)</\(tag)>"
    }

    static func el(_ tag: String, _ inner: String) -> String { el(tag, [], inner) }

    /// `<tag attrs>` + escaped `content` + `</tag>`.
    static func el(_ tag: String, _ attrs: [(String, String)], text content: String) -> String {
        el(tag, attrs, HTML.text(content))
    }

    static func el(_ tag: String, text content: String) -> String { el(tag, [], text: content) }

    static func attributes(_ attrs: [(String, String)]) -> String {
        attrs.map { " \($0.0)=\"\(text($0.1))\"" }.joined()
    }

    /// A definition list of label/value rows; values are HTML.
    static func dl(_ rows: [(String, String)]) -> String {
        el("dl", rows.map { el("dt", text: $0.0) + el("dd", $0.1) }.joined())
    }

    static func table(_ head: [String], _ rows: [[String]], attrs: [(String, String)] = []) -> String {
        el("table", attrs, el("thead", el("tr", head.map { el("th", text: $0) }.joined()))
            + el("tbody", rows.map { r in el("tr", r.map { el("td", $0) }.joined()) }.joined()))
    }
}
