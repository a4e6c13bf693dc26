import Foundation
import SiteKit
import ScoringKit
import BasinKit

extension Analyzer {
    /// Site attributes as scoring inputs (the names are the shared contract of SiteKit and ScoringKit).
    func scoringInputs(_ site: Site) -> ScoringInputs {
        var values: [String: InputValue] = [:]
        for (k, v) in site.attributes where ScoringInputs.knownNames.contains(k) {
            switch v {
            case .number(let d): values[k] = .number(d)
            case .text(let s): values[k] = .text(s)
            case .flag(let b): values[k] = .flag(b)
            }
        }
        let subs = site.substances.map { ScoringKit.Substance(name: $0.name, tonnes: $0.tonnes, waterHazardClass: $0.waterHazardClass) }
        return ScoringInputs(values: values, substances: subs)
    }

    /// Analysis results as scoring inputs. Inputs that could not be computed are left out, so the rules
    /// report them as missing with their stand-in rather than scoring them as zero.
    func addAnalysisInputs(_ inputs: inout ScoringInputs, entry: EntryFinding?, border: BorderFinding?, trace: DownstreamTrace?,
                           first: TransboundaryPoint?, runout: RunoutFinding?) {
        if let e = entry { inputs.values["river_distance_m"] = .number(e.distanceM) }
        if let b = border { inputs.values["border_distance_m"] = .number(b.distanceM) }
        if let t = trace {
            if let f = first {
                inputs.values["crosses_border_downstream"] = .flag(true)
                inputs.values["km_to_first_crossing"] = .number(f.km)
                inputs.values["hours_to_first_crossing"] = .number(f.hours)
            } else if let e = entry, tracedToOutlet(t, entry: e) {
                inputs.values["crosses_border_downstream"] = .flag(false)
            }
            // A trace that stopped early (trace limit, a loop, a network end short of the outlet) settles
            // nothing: the input stays missing and the rules' precautionary stand-in applies.
        }
        if let r = runout, r.runoutKm != nil {
            inputs.values["runout_reaches_river"] = .flag(r.reachesRiver)
            inputs.values["runout_reaches_border"] = .flag(r.reachesBorder)
        }
    }
}

/// The first point downstream where water from `origin` reaches another country: the river entered
/// abroad, a crossing into a country other than the origin, or the start of a border reach.
public func firstTransboundaryPoint(_ t: DownstreamTrace, origin: String?) -> TransboundaryPoint? {
    if let o = origin, let s = t.stretches.first, s.countries.count == 1, s.countries[0] != o {
        return TransboundaryPoint(kind: .entryAbroad, km: 0, hours: 0, countries: s.countries)
    }
    let c = t.crossings.first { $0.to != origin }.map { TransboundaryPoint(kind: .crossing, km: $0.km, hours: $0.hours, countries: [$0.to]) }
    let r = t.borderReaches.first.map { TransboundaryPoint(kind: .borderReach, km: $0.fromKm, hours: $0.fromHours, countries: $0.countries) }
    switch (c, r) {
    case (nil, nil): return nil
    case (let c?, nil): return c
    case (nil, let r?): return r
    case (let c?, let r?): return c.km <= r.km ? c : r
    }

}

extension Analyzer {
    /// Whether the trace from `entry` ran to the basin outlet (the same test the transboundary state uses).
    func tracedToOutlet(_ t: DownstreamTrace, entry e: EntryFinding) -> Bool {
        if let limit = parameters.traceMaxKm, t.outletKm >= limit - 1e-6 { return false }
        guard let end = index.terminalEdge(of: e.edge) else { return false }
        return index.outletEdges.contains(end)
    }
}
