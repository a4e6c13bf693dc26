import Foundation
import GeoKit
import AnalysisKit
import ReportKit

/// report.html, made from the files this run has just staged (sites.geojson, the map) and its summary,
/// so the report can never say something the files do not.
enum ReportStage {
    static func language(_ options: RunOptions) throws -> Lang {
        do { return try Lang.load(options.reportLanguage) } catch { throw PipelineError("--lang: \(error)") }
    }

    static func write(_ r: RunResult, summary: JSON, svg: String?, lang: Lang, maxSites: Int, to out: URL) throws {
        let sites: [ReportSite]
        do { sites = try SitesFile.read(out.appendingPathComponent("sites.geojson"), limit: maxSites) } catch {
            throw PipelineError("report.html: \(error)")
        }
        var names: [String: CountryName] = [:]
        for c in r.basin.metadata.countries { names[c.iso] = CountryName(en: c.name, ru: c.nameRu) }
        for c in r.basin.metadata.neighbours { names[c.iso] = CountryName(en: c.name, ru: c.nameRu) }
        let input = ReportInput(summary: summary, sites: sites, sitesTotal: r.sites.count, svg: svg, countries: names)
        let html: String
        do { html = try Report.html(input, lang: lang) } catch { throw PipelineError("report.html: \(error)") }
        try AtomicFile.write(html, to: out.appendingPathComponent("report.html"))
    }

    /// summary.json with the report's own time added to `timings_s` (the summary is built once: with a
    /// large rules file its stand-in list is not cheap).
    static func adding(timing seconds: Double, to summary: JSON) -> JSON {
        guard case .object(var members) = summary, let k = members.firstIndex(where: { $0.0 == "timings_s" }),
              case .object(var t) = members[k].1 else { return summary }
        t.append(("write_report", .number(GeoJSON.round(seconds, 3))))
        members[k].1 = .object(t)
        return .object(members)
    }
}
