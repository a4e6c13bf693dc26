import Foundation
import GeoKit
import SiteKit
import AnalysisKit

/// Writes sites.geojson and sites.csv in one pass over the ranked sites, streaming both files: the
/// attribute table of a site is built once and never held for the whole inventory.
public enum SiteTableWriter {
    /// The uniform schema: the computed fields, then every inventory attribute and pass-through column
    /// met in the inventory (in ranking order of first appearance).
    static func schema(_ r: RunResult) -> [String] {
        guard let first = r.ranking.first else { return [] }
        let ranks = r.rankOf
        let full = SiteProperties.properties(site: r.sites[first], analysis: r.analyses[first], rank: ranks[first], rules: r.rules, basin: r.basin)
        let computed = full.map(\.0).prefix(full.count - SiteProperties.inputProperties(site: r.sites[first], computedKeys: []).count)
        var keys = Array(computed)
        let computedSet = Set(computed)
        var seen = computedSet
        for i in r.ranking {
            for (k, _) in SiteProperties.inputProperties(site: r.sites[i], computedKeys: computedSet) where !seen.contains(k) {
                seen.insert(k); keys.append(k)
            }
        }
        return keys
    }

    public static let csvTrailingColumns = ["runout_km", "runout_reaches_river", "runout_reaches_border", "position_precision", "warnings", "lon", "lat"]

    public static func csvColumns(_ r: RunResult) -> [String] {
        CSVOutput.siteColumns + r.rules.indices.flatMap { [$0.id, $0.id + "_class", $0.id + "_missing"] } + csvTrailingColumns
    }

    /// Returns the number of features written.
    @discardableResult
    public static func write(_ r: RunResult, geojson: URL, csv: URL, bom: Bool) throws -> Int {
        let keys = schema(r)
        let cols = csvColumns(r)
        let g = try AtomicStream(geojson), c = try AtomicStream(csv)
        var env: Envelope? = nil
        for s in r.sites { if env == nil { env = Envelope(minX: s.position.x, minY: s.position.y, maxX: s.position.x, maxY: s.position.y) } else { env!.expand(s.position) } }
        try g.write(GeoJSON.collectionHead(bbox: env, decimals: LayerWriter.decimals))
        try c.write((bom ? "\u{FEFF}" : "") + CSV.line(cols))
        // Keys escaped once; CSV columns mapped once to their position in the uniform schema.
        let escapedKeys = keys.map { k -> String in var o = ""; JSONWriter.appendEscaped(k, to: &o); return o + ":" }
        var position: [String: Int] = [:]
        for (i, k) in keys.enumerated() { position[k] = i }
        let lonCol = cols.firstIndex(of: "lon"), latCol = cols.firstIndex(of: "lat")
        let colIndex = cols.map { position[$0] }
        let ranks = r.rankOf
        var n = 0
        var line = ""
        for i in r.ranking {
            let s = r.sites[i]
            let props = LayerWriter.conform(SiteProperties.properties(site: s, analysis: r.analyses[i], rank: ranks[i], rules: r.rules, basin: r.basin), to: keys)
            line.removeAll(keepingCapacity: true)
            line += n == 0 ? "\n{\"type\":\"Feature\",\"properties\":{" : ",\n{\"type\":\"Feature\",\"properties\":{"
            var w = JSONWriter()
            for (k, (_, v)) in props.enumerated() {
                if k > 0 { w.out += "," }
                w.out += escapedKeys[k]
                w.write(v, level: 0)
            }
            line += w.out
            let lon = GeoJSON.round(s.position.lon, LayerWriter.decimals), lat = GeoJSON.round(s.position.lat, LayerWriter.decimals)
            line += "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + NumberFormat.json(lon) + "," + NumberFormat.json(lat) + "]}}"
            try g.write(line)
            var cells: [String] = []
            cells.reserveCapacity(cols.count)
            for (ci, pi) in colIndex.enumerated() {
                if ci == lonCol { cells.append(NumberFormat.json(lon)) } else if ci == latCol { cells.append(NumberFormat.json(lat)) }
                else if let pi { cells.append(CSV.cell(props[pi].1)) } else { cells.append("") }
            }
            try c.write(CSV.line(cells))
            n += 1
        }
        try g.write("\n]}\n")
        try g.commit()
        try c.commit()
        return n
    }
}
