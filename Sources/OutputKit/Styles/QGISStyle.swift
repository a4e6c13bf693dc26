import Foundation
import ScoringKit
import GeoKit

/// A QGIS layer style (sites.qml beside sites.geojson, loaded automatically by QGIS): sites coloured by
/// the class of their ranking index (ColorBrewer YlOrRd, colour-blind safe), shaped by kind (triangle
/// tailings, square other), transboundary sites ringed in dark blue, sites of unknown transboundary impact
/// ringed with a dashed grey line (their own category, never drawn like "no impact"), and sites whose class
/// rests on stand-ins marked with a small ring.
public enum QGISStyle {
    /// ColorBrewer YlOrRd, light to dark, for up to 5 classes.
    public static func ylOrRd(_ n: Int) -> [(Int, Int, Int)] {
        let all: [[(Int, Int, Int)]] = [
            [(240, 59, 32)],
            [(254, 178, 76), (240, 59, 32)],
            [(255, 237, 160), (254, 178, 76), (240, 59, 32)],
            [(255, 255, 178), (254, 204, 92), (253, 141, 60), (227, 26, 28)],
            [(255, 255, 178), (254, 204, 92), (253, 141, 60), (240, 59, 32), (189, 0, 38)],
        ]
        return all[max(0, min(n, 5) - 1)]
    }

    /// Class names of the ranking indices, lowest first, merged in order.
    public static func classNames(_ rules: RuleSet) -> [String] {
        var names: [String] = []
        for id in Set(rules.ranking.values).sorted() {
            for c in rules.classes(of: id) where !names.contains(c.name) { names.append(c.name) }
        }
        return names
    }

    public static func sites(_ rules: RuleSet) -> String {
        let classes = classNames(rules)
        let colours = ylOrRd(classes.count)
        var rules = "", symbols = ""
        var n = 0
        func marker(_ shape: String, _ fill: String, _ outline: String, _ width: String, _ size: String,
                    style: String = "solid", offset: String = "0,0") -> String {
            """
                <symbol type="marker" name="\(n)" alpha="1" clip_to_extent="1" force_rhr="0">
                  <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
                    <Option type="Map">
                      <Option name="name" type="QString" value="\(shape)"/>
                      <Option name="color" type="QString" value="\(fill)"/>
                      <Option name="outline_color" type="QString" value="\(outline)"/>
                      <Option name="outline_width" type="QString" value="\(width)"/>
                      <Option name="outline_style" type="QString" value="\(style)"/>
                      <Option name="outline_width_unit" type="QString" value="MM"/>
                      <Option name="offset" type="QString" value="\(offset)"/>
                      <Option name="offset_unit" type="QString" value="MM"/>
                      <Option name="size" type="QString" value="\(size)"/>
                      <Option name="size_unit" type="QString" value="MM"/>
                    </Option>
                  </layer>
                </symbol>

            """
        }
        for (kind, shape, label) in [("tailings", "triangle", "tailings facility"), ("other", "square", "other hazardous site")] {
            for (k, c) in classes.enumerated() {
                let (r, g, b) = colours[k]
                let filter = "\"kind\" = '\(kind)' AND \"risk_class\" = '\(c)'"
                rules += "      <rule key=\"r\(n)\" symbol=\"\(n)\" label=\"\(XML.escape("\(label), \(c)"))\" filter=\"\(XML.escape(filter))\"/>\n"
                symbols += marker(shape, "\(r),\(g),\(b),255", "60,60,60,255", "0.3", "3.2")
                n += 1
            }
            let filter = "\"kind\" = '\(kind)' AND \"risk_class\" IS NULL"
            rules += "      <rule key=\"r\(n)\" symbol=\"\(n)\" label=\"\(XML.escape("\(label), not scored"))\" filter=\"\(XML.escape(filter))\"/>\n"
            symbols += marker(shape, "200,200,200,255", "60,60,60,255", "0.3", "3.2")
            n += 1
        }
        rules += "      <rule key=\"r\(n)\" symbol=\"\(n)\" label=\"transboundary impact possible\" filter=\"\(XML.escape("\"transboundary\" = 'yes'"))\"/>\n"
        symbols += marker("circle", "0,0,0,0", "8,48,107,255", "0.6", "5.6")
        n += 1
        rules += "      <rule key=\"r\(n)\" symbol=\"\(n)\" label=\"transboundary impact unknown (see transboundary_reason)\" filter=\"\(XML.escape("\"transboundary\" = 'unknown'"))\"/>\n"
        symbols += marker("circle", "0,0,0,0", "99,99,99,255", "0.45", "5.6", style: "dash")
        n += 1
        rules += "      <rule key=\"r\(n)\" symbol=\"\(n)\" label=\"class rests on stand-ins (would change within their range)\" filter=\"\(XML.escape("\"risk_class_may_change\" = true"))\"/>\n"
        symbols += marker("circle", "255,255,255,255", "0,0,0,255", "0.3", "1.3", offset: "1.8,-1.8")
        return """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis version="3.22.0" styleCategories="Symbology|Labeling">
          <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="1" forceraster="0">
            <rules key="root">
        \(rules)    </rules>
            <symbols>
        \(symbols)    </symbols>
            <orderby>
              <orderByClause asc="0" nullsFirst="0">"risk_rank"</orderByClause>
            </orderby>
          </renderer-v2>
          <labeling type="simple">
            <settings calloutType="simple">
              <text-style fieldName="CASE WHEN &quot;risk_rank&quot; &lt;= 15 THEN &quot;name&quot; END" isExpression="1" fontSize="8" textColor="30,30,30,255"/>
              <text-buffer bufferDraw="1" bufferSize="0.8" bufferColor="255,255,255,255"/>
              <placement placement="6" dist="1.5"/>
            </settings>
          </labeling>
        </qgis>

        """
    }
}
