import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit
import OutputKit
import MapKit
import ReportKit

/// What a finished run reports back to the command.
public struct RunReport: Sendable {
    public var result: RunResult
    public var outputs: [(file: String, features: Int)]
    public var exitStatus: ExitStatus
    public var droppedLabels: [String]
    public var mapSites: (drawn: Int, aggregated: Int)
    /// What happened to the output folder (a lock taken over, leftovers removed, no atomic swap).
    public var folderNotes: [String] = []
}

public enum Pipeline {
    /// Loads the basin with the command line's velocity overrides applied.
    public static func loadBasin(_ options: RunOptions) throws -> Basin {
        var basin: Basin
        try InputCheck.folder(options.basinDirectory, what: "the basin folder")
        do { basin = try BasinLoader.load(directory: options.basinDirectory) } catch {
            throw PipelineError("basin \(options.basinDirectory.path): \(error)")
        }
        if let v = options.riverVelocityMS {
            basin.metadata.velocities.riverMS = v
            basin.metadata.velocities.riverSource = "command line override"
        }
        if let v = options.reservoirVelocityMS {
            basin.metadata.velocities.reservoirMS = v
            basin.metadata.velocities.reservoirSource = "command line override"
        }
        return basin
    }

    public static func rulesURL(_ options: RunOptions) -> URL {
        options.rulesFile ?? options.basinDirectory.appendingPathComponent("scoring.json")
    }

    public static func siteURLs(_ options: RunOptions) -> [URL] {
        options.siteFiles.isEmpty ? [options.basinDirectory.appendingPathComponent("sites.csv")] : options.siteFiles
    }

    /// Ingest, analyse, score, rank, trace, write every output.
    public static func run(_ options: RunOptions, progress: ProgressReporter) async throws -> RunReport {
        var timings: [(String, Double)] = []
        @Sendable func seconds(since t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
        func timed<T>(_ stage: String, _ f: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try f()
            timings.append((stage, seconds(since: t0)))
            return r
        }

        // Locked and staged before anything is read, so a busy or unwritable folder fails at once.
        let folder = try OutputFolder(options.outputDirectory)
        for n in folder.notes { progress.warn(n) }
        let earlyNotes = folder.notes.count
        // The language file is read before the work, so a broken one fails the run at once.
        let lang: Lang? = options.writeReport && options.formats.contains(.geojson) ? try ReportStage.language(options) : nil
        if options.writeReport && lang == nil { progress.warn("report.html is made from sites.geojson: --format without geojson writes no report") }
        progress.begin("loading basin \(options.basinDirectory.lastPathComponent)", total: 1)
        let basin = try timed("load_basin") { try loadBasin(options) }
        let rulesURL = rulesURL(options)
        let rules: RuleSet
        try InputCheck.file(rulesURL, option: options.rulesFile == nil ? "the basin's scoring rules" : "--rules")
        do { rules = try timed("load_rules") { try RuleSet.load(contentsOf: rulesURL) } } catch {
            throw PipelineError("\(error)")
        }

        let files = siteURLs(options)
        progress.begin("reading \(files.map(\.lastPathComponent).joined(separator: ", "))", total: 1)
        let inventory: InventoryResult
        for f in files { try InputCheck.file(f, option: options.siteFiles.isEmpty ? "the basin's example inventory" : "--sites") }
        do {
            inventory = try timed("read_inventory") {
                try InventoryReader.read(files, options: options.withSelection(InventoryOptions(countries: basin.metadata.countrySpellings, extent: basin.metadata.extent, crs: options.defaultCRS, strict: options.strict,
                                                                          encoding: options.encoding, columns: options.columns)))
            }
        } catch {
            throw PipelineError("\(error)")
        }
        // A file that yields nothing must not end as an empty map and exit status 0.
        if !inventory.unreadableFiles.isEmpty { throw PipelineError(inventory.unreadableFiles.joined(separator: "\n")) }

        // The alarm model's data is read before the work, so a broken hydrology file fails the run at once.
        var alarmSetup: RunAlarms? = nil, noAlarms: String? = nil
        if !options.writeAlarms {
            noAlarms = "the alarm model was not run (--no-alarms)"
        } else if let why = RunAlarms.missingData(options.basinDirectory) {
            noAlarms = why
            progress.warn("alarm figures unknown: \(why)")
        } else {
            alarmSetup = try timed("load_alarm_model") { try RunAlarms.load(options, basin: basin) }
        }

        let out = URL(fileURLWithPath: folder.staging)
        let schema = timed("schema") { SiteSchema(rules: rules, sites: inventory.sites) }
        progress.begin("analysing \(inventory.sites.count) sites", total: inventory.sites.count)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let sinks = SiteSinks.chosen(options, schema: schema, bbox: Envelope(of: inventory.sites.lazy.map(\.position)))
        let stage = try await SiteStage.run(inventory.sites, basin: basin, rules: rules, parameters: options.parameters, schema: schema,
                                            sinks: sinks, alarms: alarmSetup, noAlarms: noAlarms, spillDirectory: out, workers: options.workers, progress: { progress.advance($0) })
        timings.append(("analyse_and_write_rows", seconds(since: t0)))
        let digests = stage.digests

        let ranking = timed("rank") {
            RuleSet.rankOrder(ids: inventory.sites.map(\.id), keys: digests.map { $0.rankKey(by: options.rankBy) })
        }

        let (traces, zones, overLimit) = try timed("trace_paths") { try paths(digests, ranking: ranking, basin: basin, options: options) }

        let flaggedCount = digests.filter { $0.transboundary == .yes && $0.traced }.count
        var result = RunResult(basin: basin, inventoryNames: files.map(\.lastPathComponent), sites: inventory.sites, digests: digests,
                               standIns: stage.standIns, rejects: inventory.rejects, recordsRead: inventory.recordsRead, rules: rules,
                               rulesFile: rulesURL.lastPathComponent, parameters: options.parameters, ranking: ranking,
                               traces: traces, zones: zones, tracesToOutlet: options.tracesToOutlet)
        result.rankBy = options.rankBy

        if !inventory.readParts.isEmpty {
            result.notes.append(("inventory_parts_read", .array(inventory.readParts.map { .string($0) })))
        }
        result.notes.append(("inventory_file_warnings", .object([
            ("count", .number(Double(inventory.fileWarnings.count))), ("warnings", .array(inventory.fileWarnings.map { .string($0) })),
        ])))
        result.notes.append(("traces", .object([
            ("flagged_sites_with_a_path", .number(Double(flaggedCount))),
            ("written", .number(Double(traces.count))),
            ("limit", .number(Double(options.traceLimit))),
            ("over_limit", .number(Double(overLimit))),
            ("note", .string(traceNote(flagged: flaggedCount, written: traces.count, overLimit: overLimit, options: options))),
        ])))
        progress.begin("writing outputs to \(folder.target)", total: 1)
        // The site sinks write their files (side by side) while this task writes the other layers and
        // draws the map.
        let rows = stage.rows
        async let siteTables: [(file: String, rows: Int, timing: String, seconds: Double)] = SiteSinks.publish(sinks, rows, ranking: ranking, to: out)
        // The map is drawn in a third task.
        let mapResult = result
        async let map: (rendering: MapRendering, inputSeconds: Double, renderSeconds: Double)? = {
            guard options.writeMap else { return nil }
            var mo = MapOptions()
            mo.maxSites = options.mapMaxSites
            mo.date = options.mapDate
            mo.pageWidthMM = options.mapPageMM.width
            mo.pageHeightMM = options.mapPageMM.height
            mo.marginMM = options.mapMarginMM
            mo.labelCount = options.mapLabels
            mo.language = options.reportLanguage
            let t0 = DispatchTime.now().uptimeNanoseconds
            let mapInput = try MapAdapter.input(mapResult, maxSites: mo.maxSites, language: mo.language)
            let inputSeconds = seconds(since: t0)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let rendering = try HazardMap.render(mapInput, options: mo)
            try AtomicFile.write(rendering.svg, to: out.appendingPathComponent("hazard-map.svg"))
            return (rendering, inputSeconds, seconds(since: t1))
        }()
        let contextLayers = timed("context_layers") { LayerWriter.contextLayers(result) }
        var outputs: [(file: String, features: Int)] = []
        if options.formats.contains(.geojson) {
            outputs = try timed("write_layers") { try LayerWriter.writeGeoJSON(contextLayers, rules: rules, to: out) }
        }
        try timed("write_rejects") {
            try AtomicFile.write(CSVOutput.rejects(result.rejects, format: options.csvFormat), to: out.appendingPathComponent("rejects.csv"))
        }
        let siteOutputsAt = outputs.count
        outputs.append(("rejects.csv", result.rejects.count))
        var dropped: [String] = []
        var mapSites = (0, 0)
        var mapSVG: String? = nil
        if let m = try await map {
            timings.append(("map_input", m.inputSeconds))
            timings.append(("render_map", m.renderSeconds))
            let rendering = m.rendering
            mapSVG = rendering.svg
            outputs.append(("hazard-map.svg", rendering.drawnSites))
            dropped = rendering.droppedLabels
            mapSites = (rendering.drawnSites, rendering.aggregatedSites)
            result.notes.append(("map", .object([
                ("sites_drawn", .number(Double(rendering.drawnSites))),
                ("sites_aggregated", .number(Double(rendering.aggregatedSites))),
                ("labels_placed", .number(Double(rendering.labelsPlaced))),
                ("leader_lines", .number(Double(rendering.leaderLines))),
                ("numbered_markers", .number(Double(rendering.numberedMarkers))),
                ("dropped_labels", .array(dropped.map { .string($0) })),
            ])))
        }
        // sites.geojson heads the list of outputs; the other site tables come after the layers.
        var later: [(String, Int)] = []
        for t in try await siteTables {
            timings.append((t.timing, t.seconds))
            if t.file == "sites.geojson" { outputs.insert((t.file, t.rows), at: 0) } else { later.append((t.file, t.rows)) }
        }
        // The GeoPackage's sites layer is written; its other layers and the styles go in after it.
        // alarms.csv is written beside the GeoPackage's layers (one core each).
        let alarmRows = stage.alarms, sites = inventory.sites, csvFormat = options.csvFormat, alarmsURL = out.appendingPathComponent("alarms.csv")
        let wantAlarmCSV = alarmSetup != nil
        async let alarmCSV: (rows: Int, seconds: Double)? = {
            guard wantAlarmCSV else { return nil }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let n = try AlarmStage.writeCSV(alarmRows, sites: sites, ranking: ranking, format: csvFormat, to: alarmsURL)
            return (n, seconds(since: t0))
        }()
        for case let shp as GeoPackageSink in sinks where shp.target == .shapefiles {
            try timed("write_shp_layers") {
                _ = try GeoPackageLayers.append(contextLayers, sitesFields: shp.layerFields, sites: result.sites.count, rules: rules,
                                                to: out.appendingPathComponent(shp.fileName), target: .shapefiles)
            }
        }
        if let gpkg = sinks.lazy.compactMap({ $0 as? GeoPackageSink }).first(where: { $0.target == .geoPackage }) {
            if gpkg.overflowCount > 0 {
                let note = "basinmap.gpkg: \(gpkg.overflowCount) inventory columns beyond the GeoPackage's \(GeoPackageSink.maxColumns) are in its \(GeoPackageSink.overflowField) column (JSON); sites.geojson has each as its own field"
                progress.warn(note)
                result.notes.append(("gpkg_columns", .object([("overflow_columns", .number(Double(gpkg.overflowCount))), ("note", .string(note))])))
            }
            let written = try timed("write_gpkg_layers") {
                try GeoPackageLayers.append(contextLayers, sitesFields: gpkg.layerFields, sites: result.sites.count, rules: rules,
                                            to: out.appendingPathComponent(gpkg.fileName))
            }
            if alarmSetup != nil {
                _ = try timed("write_gpkg_alarms") {
                    try AlarmStage.appendLayer(stage.alarms, sites: inventory.sites, ranking: ranking, to: out.appendingPathComponent(gpkg.fileName))
                }
            }
            let md = basin.metadata
            try timed("write_qgis_project") {
                let qgs = try written.project(title: "Tailings and hazardous sites — \(md.name) basin", projection: md.projection, extent: md.extent, gpkg: gpkg.fileName)
                try AtomicFile.write(qgs, to: out.appendingPathComponent(QGISProject.fileName))
            }
            later.append((QGISProject.fileName, written.layers.count))
        }
        outputs.insert(contentsOf: later, at: siteOutputsAt + (outputs.first?.0 == "sites.geojson" ? 1 : 0))
        var alarmsWritten = AlarmStage.Written()
        if let alarmSetup {
            if let c = try await alarmCSV { alarmsWritten.rows = c.rows; timings.append(("write_alarms_csv", c.seconds)) }
            outputs.append(("alarms.csv", alarmsWritten.rows))
            let charts = try timed("write_alarm_charts") {
                try AlarmStage.charts(alarmSetup, alarms: stage.alarms, digests: digests, sites: inventory.sites, ranking: ranking, basin: basin,
                                      limit: options.alarmCharts, to: out)
            }
            alarmsWritten.charts = charts.files; alarmsWritten.assumptions = charts.assumptions
            for f in charts.files { outputs.append((f, 1)) }
        }
        result.notes.append(("alarms", AlarmStage.summary(alarmSetup, reason: noAlarms, written: alarmsWritten, alarms: stage.alarms)))
        if lang != nil { outputs.append(("report.html", min(result.sites.count, options.reportMaxSites))) }
        outputs.append(("summary.json", 0))
        result.timings = timings
        // The report shows the summary but never its measured timings, so it can be written first and
        // its own time still counted.
        var summary = Summary.json(result, outputs: outputs)
        if let lang {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try ReportStage.write(result, summary: summary, svg: mapSVG, lang: lang, maxSites: options.reportMaxSites, to: out)
            let took = seconds(since: t0)
            result.timings.append(("write_report", took))
            summary = ReportStage.adding(timing: took, to: summary)
        }
        try AtomicFile.write(JSONWriter.string(summary, indent: "  ") + "\n", to: out.appendingPathComponent("summary.json"))
        try folder.publish()
        for n in folder.notes.dropFirst(earlyNotes) { progress.warn(n) }
        let status = ExitStatus.forInventory(strict: options.strict, rejects: result.rejects.count, warnings: inventory.warningCount)
        return RunReport(result: result, outputs: outputs, exitStatus: status, droppedLabels: dropped, mapSites: mapSites,
                         folderNotes: folder.notes)
    }

    /// What traces.geojson holds and, when it misses flagged sites, which rule left each group out.
    static func traceNote(flagged: Int, written: Int, overLimit: Int, options: RunOptions) -> String {
        let rule = options.tracesToOutlet ? "each traced to the outlet"
            : "each traced to its first transboundary point (to the outlet when that point is the entry point itself: a river entered abroad or forming the border there)"
        if written == flagged { return "every flagged site's path is in traces.geojson, \(rule)" }
        var why: [String] = []
        if overLimit > 0 { why.append("\(overLimit) beyond --trace-limit \(options.traceLimit) (the highest-ranked are kept)") }
        let noPath = flagged - written - overLimit
        if noPath > 0 { why.append("\(noPath) with no river path downstream of the entry point (it is the outlet)") }
        return "traces.geojson holds \(written) of the \(flagged) flagged sites with a path, \(rule); left out: " + why.joined(separator: "; ")
    }

    /// Paths of transboundary sites (to the first crossing, or the outlet) and runout river reaches, for
    /// the highest-ranked sites up to the trace limit; also how many flagged sites the limit left out.
    static func paths(_ digests: [SiteDigest], ranking: [Int], basin: Basin,
                      options: RunOptions) throws -> ([(site: Int, trace: DownstreamTrace)], [(site: Int, trace: DownstreamTrace)], Int) {
        var flagged: [Int] = [], withZone: [Int] = [], overLimit = 0
        for i in ranking {
            let d = digests[i]
            guard d.traced else { continue }
            if d.transboundary == .yes { if flagged.count < options.traceLimit { flagged.append(i) } else { overLimit += 1 } }
            if (d.runout?.riverReachKm ?? 0) > 0 && withZone.count < options.traceLimit { withZone.append(i) }
        }
        if flagged.isEmpty && withZone.isEmpty { return ([], [], overLimit) }
        // Only the tracer is needed here (the entry points were found by the analysis).
        let tracer = try DownstreamTracer(basin: basin)
        var traces: [(Int, DownstreamTrace)] = [], zones: [(Int, DownstreamTrace)] = []
        for i in flagged {
            let d = digests[i]
            // A river entered abroad, or forming the border where it is entered, is transboundary at 0 km:
            // its path is the one the spill takes from there, to the outlet.
            let limit = options.tracesToOutlet || (d.firstTransboundary?.km ?? 0) <= 0 ? nil : d.firstTransboundary?.km
            if let t = try tracer.path(from: d.entry, maxKm: limit), t.path.count >= 2 { traces.append((i, t)) }
        }
        for i in withZone {
            let d = digests[i]
            if let t = try tracer.path(from: d.entry, maxKm: d.runout!.riverReachKm!), t.path.count >= 2 { zones.append((i, t)) }
        }
        return (traces, zones, overLimit)
    }
}
