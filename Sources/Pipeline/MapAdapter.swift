import Foundation
import GeoKit
import AnalysisKit
import OutputKit
import MapKit

/// The map's plain input from a run's results.
enum MapAdapter {
    static func input(_ r: RunResult, maxSites: Int, language: String = "en") throws -> MapInput {
        let words = try MapWords.load(language)
        let ranks = r.rankOf
        let sites: [MapSite] = r.sites.indices.map { i in
            let s = r.sites[i], d = r.digests[i]
            let score = d.rankScore
            return MapSite(id: s.id, name: s.name, kind: s.kind.rawValue, position: s.position, rank: ranks[i], index: r.rules.rankingIndex(for: s.kind.rawValue),
                           value: score?.value, className: score?.className, classRank: score?.classRank, transboundary: d.transboundary,
                           classMayChange: score?.classMayChange ?? false)
        }
        let legend: [LegendIndex] = Set(r.rules.ranking.values).sorted().compactMap { id in
            guard let rule = r.rules.index(id) else { return nil }
            return LegendIndex(index: id, title: rule.title, classes: r.rules.classes(of: id),
                               method: words.t("legend.method", r.rulesFile, rule.classes.provenance.text))
        }
        // Paths only for the sites the map draws individually: thousands of paths would bury the map.
        let drawn = { (i: Int) in ranks[i] <= maxSites }
        return MapInput(basin: r.basin, sites: sites, traces: r.traces.filter { drawn($0.site) }.map(\.trace.path),
                        zones: r.zones.filter { drawn($0.site) }.map(\.trace.path),
                        legend: legend, inventoryName: r.inventoryNames.joined(separator: ", "), toolVersion: "basinmap \(Summary.toolVersion)")
    }
}
