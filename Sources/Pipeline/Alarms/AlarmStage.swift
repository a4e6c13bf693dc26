import Foundation
import GeoKit
import BasinKit
import SiteKit
import AnalysisKit
import AlarmKit
import OutputKit

/// The run's alarm outputs once the sites are ranked: alarms.csv (and the GeoPackage table) in risk
/// order, a concentration chart for the highest-ranked traced sites, and the summary's account.
enum AlarmStage {
    struct Written {
        var rows = 0
        var charts: [String] = []
        var assumptions: [String] = []
    }

    static func writeCSV(_ alarms: [SiteAlarms], sites: [Site], ranking: [Int], format: CSVFormat, to url: URL) throws -> Int {
        var out = AlarmTable.csvHeader(format), n = 0
        for (r, i) in ranking.enumerated() {
            for row in AlarmTable.rows(rank: r + 1, site: sites[i], alarms: alarms[i]) { out += AlarmTable.csvLine(row, format: format); n += 1 }
        }
        try AtomicFile.write(out, to: url)
        return n
    }

    static func appendLayer(_ alarms: [SiteAlarms], sites: [Site], ranking: [Int], to url: URL) throws -> Int {
        let rows = ranking.enumerated().lazy.flatMap { r, i in AlarmTable.rows(rank: r + 1, site: sites[i], alarms: alarms[i]) }
        return try AlarmTable.appendLayer(rows, to: url)
    }

    /// Charts for the first `limit` traced sites in rank order, each for the scenario the site table reports.
    static func charts(_ setup: RunAlarms, alarms: [SiteAlarms], digests: [SiteDigest], sites: [Site], ranking: [Int], basin: Basin,
                       limit: Int, to dir: URL) throws -> (files: [String], assumptions: [String]) {
        guard limit > 0 else { return ([], []) }
        let tracer = try DownstreamTracer(basin: basin)
        var files: [String] = [], assumptions: [String] = []
        for (r, i) in ranking.enumerated() where files.count < limit {
            let d = digests[i], a = alarms[i]
            guard d.traced, let entry = d.entry, !a.lines.isEmpty, let trace = try tracer.path(from: entry, maxKm: nil) else { continue }
            let sc = a.scenarios.first { $0.substance == a.summary.substance && $0.massKg == a.summary.massKg } ?? a.scenarios[0]
            let rep = try AlarmRun.report(setup.context, basin: basin, tracer: tracer, entry: entry, trace: trace, origin: d.country,
                                          release: Release(massKg: sc.massKg ?? 1000, decayPerDay: setup.decayPerDay), substance: sc.substance,
                                          regime: setup.regime, start: nil)
            if assumptions.isEmpty { assumptions = rep.assumptions }
            let s = sites[i]
            let title = "Spill alarm, rank \(r + 1): \(XML.oneLine(s.name)) (\(XML.oneLine(s.id)))\(sc.massKg == nil ? ", per tonne released" : "")"
            // Files beside the others (not a folder), so the output folder's swap and manifest treat them as any output.
            let name = String(format: "alarm-chart-%03d-", r + 1) + fileSafe(s.id) + ".svg"
            try AtomicFile.write(Data(AlarmChart.svg(rep, title: title).utf8), to: dir.appendingPathComponent(name))
            files.append(name)
        }
        return (files, assumptions)
    }

    /// A site id as a file name: letters, digits, '-' and '_' kept (any script), the rest '_', at most 40.
    static func fileSafe(_ id: String) -> String {
        var s = String(id.unicodeScalars.prefix(40).map { c -> Character in
            (CharacterSet.alphanumerics.contains(c) || c == "-" || c == "_") ? Character(c) : "_"
        })
        if s.isEmpty { s = "site" }
        return s
    }

    static func summary(_ setup: RunAlarms?, reason: String?, written: Written, alarms: [SiteAlarms]) -> JSON {
        guard let setup else {
            return .object([("status", .string("unknown")), ("reason", .string(reason ?? "not computed"))])
        }
        let withFigures = alarms.filter { $0.summary.leadingH != nil }.count
        let withRows = alarms.filter { !$0.lines.isEmpty }.count
        return .object([
            ("status", .string("computed")),
            ("model", .string("Jobson 1996 (USGS WRIR 96-4013) travel time and peak concentration; reservoirs short-circuit and fully mixed (docs/alarm-model.md)")),
            ("flow", .string(setup.regime.name)), ("q_ratio", .number(setup.regime.ratio)), ("flow_source", .string(setup.regime.source)),
            ("decay_per_day", .number(setup.decayPerDay)),
            ("tailings_dry_density_t_m3", .number(setup.density.value)), ("tailings_dry_density_source", .string(setup.density.source)),
            ("sites_with_rows", .number(Double(withRows))),
            ("sites_with_figures_at_first_transboundary_point", .number(Double(withFigures))),
            ("rows", .number(Double(written.rows))),
            ("charts", .array(written.charts.map { .string($0) })),
            ("model_warnings", .array(setup.context.warnings.map { .string($0) })),
            ("assumptions_note", .string("as written for the first charted site; the same rules hold for every site, with the reservoirs on its own path")),
            ("assumptions", .array(written.assumptions.map { .string($0) })),
        ])
    }
}
