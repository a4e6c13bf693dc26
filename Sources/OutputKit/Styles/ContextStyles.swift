import Foundation
import GeoKit
import MapKit

/// QGIS styles (QML) of the context layers, stored as each layer's default in the GeoPackage so QGIS
/// opens them drawn as on the SVG map: the map's own colours (MapKit's Palette), rivers by network and
/// level, dashed borders, pale countries, lakes and reservoirs told apart.
public enum ContextStyles {
    /// The style of a context layer, nil for a layer drawn with QGIS's default.
    public static func qml(_ layer: ContextLayer) -> String? {
        switch layer.name {
        case "countries":
            let isos = layer.features.compactMap { f -> String? in if case .text(let s) = f.values[0] { return s }; return nil }
            return rules(isos.enumerated().map { i, iso in
                Rule(label: iso, filter: "\"iso\" = \(QML.literal(iso))", symbol: fill(Palette.countries[i % Palette.countries.count], outline: "#ffffff", width: 0.2))
            } + [Rule(label: "other", filter: "ELSE", symbol: fill("#f0f0f0", outline: "#ffffff", width: 0.2))])
        case "lakes":
            return rules([
                Rule(label: "lake", filter: "\"kind\" = 'lake'", symbol: fill(Palette.waterFill, outline: Palette.waterLine, width: 0.2)),
                Rule(label: "reservoir", filter: "\"kind\" = 'reservoir'", symbol: fill(Palette.waterFill, outline: Palette.waterLine, width: 0.45)),
                Rule(label: "former extent (historical)", filter: "\"kind\" = 'historical'", symbol: fill(Palette.historicalFill, outline: Palette.waterLine, width: 0.2, style: "dash")),
            ])
        case "rivers":
            var r: [Rule] = []
            for (level, width) in [(1, 0.9), (2, 0.75), (3, 0.55), (4, 0.45)] {
                r.append(Rule(label: "network river, level \(level)", filter: "\"in_network\" AND \"level\" = \(level)", symbol: line(Palette.riverNetwork, width: width)))
            }
            r.append(Rule(label: "network river, level 5-7", filter: "\"in_network\" AND \"level\" BETWEEN 5 AND 7", symbol: line(Palette.riverNetwork, width: 0.35)))
            r.append(Rule(label: "canal (level 8-10)", filter: "\"level\" >= 8", symbol: line(Palette.riverContext, width: 0.3, style: "dash")))
            r.append(Rule(label: "river outside the traced network", filter: "ELSE", symbol: line(Palette.riverContext, width: 0.3)))
            return rules(r)
        case "borders":
            return rules([Rule(label: "international border", filter: "ELSE", symbol: line(Palette.border, width: 0.5, style: "dash"))])
        case "traces":
            return rules([Rule(label: "downstream path of a transboundary site", filter: "ELSE", symbol: line(Palette.trace, width: 0.8))])
        case "zones":
            return rules([Rule(label: "river reach a dam-failure runout puts at risk", filter: "ELSE", symbol: line(Palette.zone, width: 1.6, alpha: 0.55))])
        case "footprints":
            return rules([Rule(label: "facility footprint", filter: "ELSE", symbol: fill("#8c6d31", outline: "#5a4520", width: 0.3, alpha: 0.5))])
        default:
            return nil
        }
    }

    struct Rule {
        var label: String
        var filter: String
        var symbol: (Int) -> String
    }

    static func rgba(_ hex: String, _ alpha: Double = 1) -> String {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        return "\(v >> 16 & 255),\(v >> 8 & 255),\(v & 255),\(Int((alpha * 255).rounded()))"
    }

    static func option(_ name: String, _ value: String) -> String {
        "          <Option name=\"\(name)\" type=\"QString\" value=\"\(XML.escape(value))\"/>\n"
    }

    static func fill(_ colour: String, outline: String, width: Double, style: String = "solid", alpha: Double = 1) -> (Int) -> String {
        { n in
            "    <symbol type=\"fill\" name=\"\(n)\" alpha=\"\(alpha)\" clip_to_extent=\"1\" force_rhr=\"0\">\n      <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n        <Option type=\"Map\">\n"
                + option("color", rgba(colour)) + option("outline_color", rgba(outline)) + option("outline_width", "\(width)")
                + option("outline_width_unit", "MM") + option("outline_style", style) + option("style", "solid")
                + "        </Option>\n      </layer>\n    </symbol>\n"
        }
    }

    static func line(_ colour: String, width: Double, style: String = "solid", alpha: Double = 1) -> (Int) -> String {
        { n in
            "    <symbol type=\"line\" name=\"\(n)\" alpha=\"\(alpha)\" clip_to_extent=\"1\" force_rhr=\"0\">\n      <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n        <Option type=\"Map\">\n"
                + option("line_color", rgba(colour)) + option("line_width", "\(width)") + option("line_width_unit", "MM")
                + option("line_style", style) + option("capstyle", "round") + option("joinstyle", "round")
                + "        </Option>\n      </layer>\n    </symbol>\n"
        }
    }

    static func rules(_ rs: [Rule]) -> String {
        var ruleText = "", symbols = ""
        for (n, r) in rs.enumerated() {
            let filter = r.filter == "ELSE" ? " filter=\"ELSE\"" : " filter=\"\(XML.escape(r.filter))\""
            ruleText += "      <rule key=\"r\(n)\" symbol=\"\(n)\" label=\"\(XML.escape(r.label))\"\(filter)/>\n"
            symbols += r.symbol(n)
        }
        return """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis version="3.22.0" styleCategories="Symbology">
          <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">
            <rules key="root">
        \(ruleText)    </rules>
            <symbols>
        \(symbols)    </symbols>
          </renderer-v2>
        </qgis>

        """
    }
}

/// QGIS expression syntax.
enum QML {
    /// A string literal in a QGIS expression: single quotes, a quote doubled.
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The `<aliases>` block of a layer style: every field's readable name.
    static func aliases(_ fields: [VectorField]) -> String {
        var s = "  <aliases>\n"
        for (i, f) in fields.enumerated() {
            s += "    <alias field=\"\(XML.escape(f.name))\" index=\"\(i)\" name=\"\(XML.escape(f.alias ?? ""))\"/>\n"
        }
        return s + "  </aliases>\n"
    }
}
