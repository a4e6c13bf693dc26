import Foundation
import GeoKit
import BasinKit
import AnalysisKit
import AlarmKit

/// The alarm model's answer for one release traced from a point: checkpoints with their figures,
/// the notification table, and every assumption behind them.
public struct AlarmReport: Sendable {
    public var release: Release
    public var substance: String?
    public var guideline: Guideline?
    public var regime: FlowRegime
    public var start: Date?
    public var model: PlumeModel
    public var checkpoints: [CheckpointFigures]
    public var notifications: [NotificationRow]
    public var assumptions: [String]
    public var warnings: [String]
}

public enum AlarmRun {
    /// Longest step of the path: Qa and Da are taken at each step's middle.
    static let stepKm = 2.0

    /// What every release in a basin shares: the data files, the hydrology and the snapped checkpoints.
    public struct Context: Sendable {
        public var data: BasinAlarmData
        public var hydro: NetworkHydrology
        public var checkpoints: [(point: SourcedPoint, edge: Int, offsetM: Double, distanceM: Double)]
        public var warnings: [String]
        /// Per edge, its steps of at most `stepKm` from its upstream end, with Qa and Da at each step's middle
        /// (nil Qa: no gauge above or below). Cut once per basin so that every site entering an edge walks the
        /// same steps, and a site's path costs a copy rather than a hydrology lookup per step.
        var edgeSteps: [[FixedStep]]
    }

    struct FixedStep: Sendable {
        var fromM: Double
        var toM: Double
        var qaM3s: Double?
        var daM2: Double
    }

    static func fixedSteps(_ basin: Basin, _ hydro: NetworkHydrology) -> [[FixedStep]] {
        basin.rivers.map { edge in
            guard edge.inNetwork, edge.lengthM > 0 else { return [] }
            let len = edge.lengthM, n = max(1, Int((len / 1000 / stepKm).rounded(.up)))
            return (0..<n).map { k in
                let a = len * Double(k) / Double(n), b = len * Double(k + 1) / Double(n), mid = (a + b) / 2
                return FixedStep(fromM: a, toM: b, qaM3s: hydro.meanDischarge(edge: edge.id, offsetM: mid), daM2: hydro.drainageArea(edge: edge.id, offsetM: mid))
            }
        }
    }

    public static func context(data: BasinAlarmData, basin: Basin, tracer: DownstreamTracer) throws -> Context {
        var warnings: [String] = []
        let snapM = data.checkpointMaxSnapKm * 1000
        let edges = basin.rivers.map { e in HydroEdge(id: e.id, lengthM: e.inNetwork ? e.lengthM : 0, downstream: e.inNetwork ? e.downstreamEdge : nil) }
        var gauges: [PlacedGauge] = []
        for (i, g) in data.gauges.enumerated() {
            guard let s = try tracer.locate(Coordinate(lon: g.point.lon, lat: g.point.lat), maxDistanceM: snapM) else {
                throw HydrologyError.invalid("hydrology.json: gauges[\(i)] '\(g.point.name)': more than \(data.checkpointMaxSnapKm) km from the river network")
            }
            let name = basin.rivers[s.edge].name ?? "(unnamed)"
            guard name == g.river else {
                throw HydrologyError.invalid("hydrology.json: gauges[\(i)] '\(g.point.name)': river '\(g.river)' expected, but the point snaps to the \(name)")
            }
            gauges.append(PlacedGauge(name: g.point.name, edge: s.edge, offsetM: s.offsetM, qaM3s: g.qaM3s))
        }
        let hydro = try NetworkHydrology(edges: edges, gauges: gauges, outletDaM2: data.outletDaKm2 * 1e6)
        var cps: [(point: SourcedPoint, edge: Int, offsetM: Double, distanceM: Double)] = []
        for (i, p) in data.checkpoints.enumerated() {
            guard let s = try tracer.locate(Coordinate(lon: p.lon, lat: p.lat), maxDistanceM: snapM) else {
                warnings.append("checkpoints.json: checkpoints[\(i)] '\(p.name)' is more than \(data.checkpointMaxSnapKm) km from the network: left out"); continue
            }
            cps.append((p, s.edge, s.offsetM, s.distanceM))
        }
        return Context(data: data, hydro: hydro, checkpoints: cps, warnings: warnings, edgeSteps: fixedSteps(basin, hydro))
    }

    public static func report(data: BasinAlarmData, basin: Basin, tracer: DownstreamTracer, entry: EntryFinding, trace: DownstreamTrace,
                       origin: String?, release: Release, substance: String?, regime: FlowRegime, start: Date?) throws -> AlarmReport {
        try report(context(data: data, basin: basin, tracer: tracer), basin: basin, tracer: tracer, entry: entry, trace: trace,
                   origin: origin, release: release, substance: substance, regime: regime, start: start)
    }

    /// Without `texts`, the assumptions (the same for every site of a run) are left out.
    public static func report(_ ctx: Context, basin: Basin, tracer: DownstreamTracer, entry: EntryFinding, trace: DownstreamTrace,
                              origin: String?, release: Release, substance: String?, regime: FlowRegime, start: Date?,
                              texts: Bool = true) throws -> AlarmReport {
        let data = ctx.data, hydro = ctx.hydro
        var warnings = ctx.warnings
        // The path from the entry to the outlet in steps of at most `stepKm`.
        var steps: [PathStep] = [], reservoirs: [ReservoirOnPath] = [], resIndex: [Int: Int] = [:]
        var cur: Int? = entry.edge, lo = entry.offsetM, km0 = 0.0, guardN = 0
        while let e = cur, guardN <= basin.rivers.count {
            let edge = basin.rivers[e], len = edge.lengthM
            var res: Int? = nil
            if case .reservoir(let lakeId) = edge.reach {
                if let k = resIndex[lakeId] { res = k }
                else if let spec = data.reservoirs.first(where: { $0.lakeId == lakeId }) {
                    resIndex[lakeId] = reservoirs.count; res = reservoirs.count
                    reservoirs.append(ReservoirOnPath(name: spec.name, mixingVolumeM3: spec.mixingVolumeKm3 * 1e9))
                } else {
                    warnings.append("lake \(lakeId) on the path has no volume in hydrology.json: no fully mixed figure for it (short-circuit only)")
                }
            }
            for st in ctx.edgeSteps[e] where st.toM - lo > 1e-4 {
                let a = max(st.fromM, lo), b = st.toM
                guard let qa = st.qaM3s else {
                    throw HydrologyError.invalid("no mean annual discharge is known at \(NumberFormat.fixed(km0 + ((a + b) / 2 - lo) / 1000, decimals: 1)) km below the entry (edge \(e), \(edge.name ?? "unnamed")): no gauge above or below it in hydrology.json")
                }
                steps.append(PathStep(kmFrom: km0 + (a - lo) / 1000, kmTo: km0 + (b - lo) / 1000, qaM3s: qa, daM2: st.daM2, reservoir: res))
            }
            km0 += max(0, len - lo) / 1000
            cur = edge.downstreamEdge; lo = 0; guardN += 1
        }
        guard !steps.isEmpty else { throw HydrologyError.invalid("the entry point is at the outlet: nothing downstream to model") }
        let model = try PlumeModel(steps: steps, reservoirs: reservoirs, qRatio: regime.ratio, release: release)

        func countries(atKm km: Double) -> [String] {
            (trace.stretches.first { km >= $0.fromKm && km < $0.toKm } ?? trace.stretches.last)?.countries ?? []
        }
        let endKm = steps.last!.kmTo
        var cps: [(km: Double, name: String, kind: String, source: String, countries: [String])] = []
        for c in trace.crossings {
            let reach = trace.borderReaches.contains { abs($0.fromKm - c.km) < 1e-6 }
            cps.append((c.km, "\(c.from) > \(c.to)", reach ? "border reach" : "crossing",
                        reach ? "start of the stretch where the river forms the \(countries(atKm: c.km).joined(separator: "|")) border (network trace)" : "border crossing on the network trace",
                        reach ? countries(atKm: c.km) : [c.to]))
        }
        for c in ctx.checkpoints {
            guard let m = tracer.distanceDownstream(from: (entry.edge, entry.offsetM), to: (c.edge, c.offsetM)), m > 0 else { continue }
            cps.append((m / 1000, c.point.name, "named (\(c.point.detail))", c.point.source + String(format: "; snapped %.1f km", c.distanceM / 1000), countries(atKm: m / 1000)))
        }
        cps.append((endKm, "outlet", "outlet", basin.metadata.outletName, countries(atKm: endKm)))
        cps.sort { ($0.km, $0.name) < ($1.km, $1.name) }
        let figures = cps.map { CheckpointFigures(name: $0.name, kind: $0.kind, source: $0.source, countries: $0.countries, result: model.at(km: min($0.km, endKm))) }

        let guideline = substance.flatMap { data.guideline($0) }
        if let s = substance, guideline == nil {
            warnings.append("no guideline value for '\(s)' in guidelines.json (known: \(data.guidelines.map(\.name).joined(separator: ", "))): peak ratios unknown")
        }
        let rows = Notification.rows(origin: origin, checkpoints: figures, guidelineMgL: guideline?.mgL) { iso in
            basin.metadata.country(iso)?.conventionParty ?? false
        }
        if figures.contains(where: { $0.result.mostProbable.extrapolated || $0.result.maximumProbable.extrapolated }) {
            warnings.append("some checkpoints lie beyond Jobson's fitted range (the peak would come after the passage ends): their trailing edge is set symmetric about the peak and holds more than the released mass (conservative)")
        }
        var assumptions = !texts ? [] : [
            "velocities: Jobson 1996 (USGS WRIR 96-4013) Eq. 14 (most probable) and 15 (maximum probable) from Da, Qa and Q; no slope data, so not Eq. 12/13",
            "leading edge 0.890 x peak travel time (Eq. 18); unit peak Eq. 7; passage time 2e6/Cup s (Eq. 19); peak concentration Eq. 4 with recovery ratio 1",
            "cloud shape: Jobson's triangle from the leading edge over the passage time (its area is the released mass)",
            "short-circuit figures: reservoirs crossed along the old channel at Jobson's river velocity; fully mixed figures: each reservoir a stirred tank of its mixing volume, washout over volume/discharge",
            "water diverted or lost (discharge falling downstream) takes its share of the mass; tributary inflow dilutes",
            "Qa: " + data.qaRule,
            "Da: " + data.daRule + " (" + data.daSource + ")",
            "flow '\(regime.name)': Q = \(regime.ratio) x Qa (\(regime.source))",
            release.decayPerDay > 0 ? "first-order decay \(release.decayPerDay) per day" : "no decay (conservative substance)",
        ]
        if texts { for g in data.gauges { assumptions.append("gauge \(g.point.name): Qa \(NumberFormat.json(g.qaM3s)) m3/s (\(g.point.source)); \(g.position)") }
        }
        for r in data.reservoirs where texts && resIndex[r.lakeId] != nil {
            assumptions.append("\(r.name): \(NumberFormat.json(r.volumeKm3)) km3, \(NumberFormat.json(r.areaKm2)) km2 (\(r.source)); mixing volume \(NumberFormat.json(r.mixingVolumeKm3)) km3 (\(r.mixingNote))")
        }
        if texts, let g = guideline { assumptions.append("guideline \(g.name): \(NumberFormat.json(g.mgL)) mg/L\(g.note.map { " (\($0))" } ?? "") — \(data.guidelineSource)") }
        return AlarmReport(release: release, substance: substance, guideline: guideline, regime: regime, start: start, model: model,
                           checkpoints: figures, notifications: rows, assumptions: assumptions, warnings: warnings)
    }
}
