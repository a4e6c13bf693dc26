import ArgumentParser
import Foundation
import GeoKit
import BasinKit
import AnalysisKit
import AlarmKit
import Pipeline

/// `trace` options of the spill alarm model: with --mass-kg, trace adds when, how concentrated and
/// whom to notify at every checkpoint downstream.
struct AlarmOptions: ParsableArguments {
    @Option(name: .customLong("mass-kg"), help: "Released mass, kg: turns on the alarm model (checkpoints, concentrations, notification).")
    var massKg: Double?

    @Option(name: .long, help: "Substance, for its drinking-water guideline (guidelines.json in the basin folder), e.g. uranium, lead, Pb.")
    var substance: String?

    @Option(name: .customLong("duration-h"), help: "Release duration, hours (default 0: instantaneous).")
    var durationH: Double = 0

    @Option(name: .long, help: "Release start as ISO 8601 UTC, e.g. 2026-05-01T06:00:00Z: arrival times are then also given as dates.")
    var start: String?

    @Option(name: .long, help: "Discharge at the time: mean (default), low or high, as declared in hydrology.json.")
    var flow: String?

    @Option(name: .customLong("q-ratio"), help: "Discharge at the time as a ratio to the mean annual discharge (instead of --flow).")
    var qRatio: Double?

    @Option(name: .customLong("decay-per-day"), help: "First-order decay rate, 1/day (default 0: conservative).")
    var decayPerDay: Double = 0

    @Option(name: .long, help: "Write the concentration chart (SVG) to this file.")
    var chart: String?

    func check() throws {
        if let m = massKg { guard m > 0, m.isFinite else { throw ValidationError("--mass-kg expects a positive mass in kg; got \(m)") } }
        guard durationH >= 0, durationH.isFinite else { throw ValidationError("--duration-h expects hours ≥ 0; got \(durationH)") }
        guard decayPerDay >= 0, decayPerDay.isFinite else { throw ValidationError("--decay-per-day expects a rate ≥ 0; got \(decayPerDay)") }
        if let q = qRatio { guard q > 0, q.isFinite else { throw ValidationError("--q-ratio expects a positive ratio; got \(q)") } }
        if qRatio != nil && flow != nil { throw ValidationError("give --flow or --q-ratio, not both") }
        if massKg == nil && (substance != nil || start != nil || flow != nil || qRatio != nil || chart != nil || durationH > 0 || decayPerDay > 0) {
            throw ValidationError("--substance, --duration-h, --start, --flow, --q-ratio, --decay-per-day and --chart need --mass-kg")
        }
        _ = try startDate()
    }

    func startDate() throws -> Date? {
        guard let s = start else { return nil }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        if let d = f.date(from: s) { return d }
        throw ValidationError("--start expects an ISO 8601 time such as 2026-05-01T06:00:00Z (UTC assumed without a zone); got '\(s)'")
    }

    func regime(_ data: BasinAlarmData) throws -> FlowRegime {
        if let q = qRatio { return FlowRegime(name: "q-ratio", ratio: q, source: "given on the command line (--q-ratio)") }
        let name = flow ?? "mean"
        guard let r = data.regime(name) else {
            throw ValidationError("--flow '\(name)' is not declared in hydrology.json (declared: \(data.regimes.map(\.name).joined(separator: ", ")))")
        }
        return r
    }
}

extension Trace {
    func printWithAlarm(_ p: Coordinate, _ r: TraceText.Found, _ b: Basin, analyzer: Analyzer, directory: URL) throws {
        guard let t = r.trace else {
            print(json ? TraceText.json(p, r, b) : TraceText.text(p, r, b))
            throw failure("the spill point is farther from the river network than the entry distance: no alarm figures")
        }
        let data = try BasinAlarmData.load(directory: directory)
        let release = Release(massKg: alarm.massKg!, durationH: alarm.durationH, decayPerDay: alarm.decayPerDay)
        let report = try AlarmRun.report(data: data, basin: b, tracer: analyzer.downstreamTracer, entry: r.entry, trace: t,
                                         origin: r.country.iso, release: release, substance: alarm.substance,
                                         regime: try alarm.regime(data), start: try alarm.startDate())
        if let path = alarm.chart {
            let title = "Spill alarm: \(NumberFormat.fixed(p.lon, decimals: 4)) E, \(NumberFormat.fixed(p.lat, decimals: 4)) N on the \(r.entry.riverName ?? "river network")"
            try AtomicFile.write(Data(AlarmChart.svg(report, title: title).utf8), to: URL(fileURLWithPath: path))
        }
        if json {
            var base = try JSON.parse(TraceText.json(p, r, b))
            if case .object(var m) = base { m.append(("alarm", AlarmText.json(report))); base = .object(m) }
            print(JSONWriter.string(base, indent: "  "))
        } else {
            print(TraceText.text(p, r, b))
            print(AlarmText.text(report))
        }
    }
}
