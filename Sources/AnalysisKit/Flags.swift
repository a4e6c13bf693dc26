import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit

extension Analyzer {
    func runoutFinding(site: Site, inputs: ScoringInputs, river: EntryFinding?, first: TransboundaryPoint?, border: BorderFinding?,
                       detail: Bool) -> RunoutFinding {
        let outcomes = rules?.runout(inputs: inputs, detail: detail) ?? []
        var estimates: [RunoutEstimate] = [], unavailable: [String] = []
        for o in outcomes {
            switch o {
            case .estimate(let e): estimates.append(e)
            case .unavailable(let model, let reason): unavailable.append("\(model): \(reason)")
            }
        }
        let runoutKm = estimates.map(\.runoutKm).max()
        var reachesRiver = false, reachesBorder = false
        var reach: Double? = nil
        if let r = runoutKm {
            if let e = river, e.distanceM / 1000 <= r {
                reachesRiver = true
                // What is left of the runout travels along the river from the entry point.
                reach = r - e.distanceM / 1000
                if let f = first, f.km <= reach! { reachesBorder = true }
            }
            if let b = border, b.distanceM / 1000 <= r { reachesBorder = true }
        }
        return RunoutFinding(estimates: estimates, unavailable: unavailable, runoutKm: runoutKm,
                             reachesRiver: reachesRiver, reachesBorder: reachesBorder, riverReachKm: reach)
    }

    func transboundaryFlags(origin: String?, border: BorderFinding?, entry: EntryFinding?, trace: DownstreamTrace?,
                            first: TransboundaryPoint?, runout: RunoutFinding?) -> [FlagFinding] {
        var flags: [FlagFinding] = []
        if let b = border, b.distanceM <= parameters.borderProximityM {
            let others = b.countries.filter { $0 != origin }
            flags.append(FlagFinding(rule: .borderProximity,
                                     detail: "border \(b.countries.joined(separator: "|")) at \(km(b.distanceM)) km <= \(km(parameters.borderProximityM)) km",
                                     affected: others))
        }
        if let e = entry, e.withinEntryDistance, e.distanceM <= parameters.waterPathMaxDistanceM, let t = trace, let f = first {
            let downstream = downstreamCountries(origin: origin, trace: t)
            flags.append(FlagFinding(rule: .waterPath,
                                     detail: "enters \(e.riverName ?? "an unnamed river") at \(km(e.distanceM)) km; downstream the river \(f.text) after \(NumberFormat.fixed(f.km, decimals: 1)) km, \(hours(f.hours)) h",
                                     affected: downstream))
        }
        if let r = runout, r.reachesBorder, let rk = r.runoutKm {
            var affected: [String] = []
            if let t = trace { affected = downstreamCountries(origin: origin, trace: t) }
            if affected.isEmpty, let b = border { affected = b.countries.filter { $0 != origin } }
            flags.append(FlagFinding(rule: .runoutReach,
                                     detail: "dam-failure runout \(NumberFormat.fixed(rk, decimals: 1)) km reaches a border\(r.reachesRiver ? " (via the river)" : "")",
                                     affected: affected))
        }
        return flags
    }

    /// Countries other than the origin that the river passes through or borders, in downstream order.
    func downstreamCountries(origin: String?, trace t: DownstreamTrace) -> [String] {
        var out: [String] = []
        for s in t.stretches { for c in s.countries where c != origin && !out.contains(c) { out.append(c) } }
        return out
    }

    func affectedCountries(origin: String?, flags: [FlagFinding]) -> [AffectedCountry] {
        var order: [String] = []
        for f in flags { for c in f.affected where !order.contains(c) { order.append(c) } }
        let meta = basin.metadata
        return order.map { iso in
            let o = origin.flatMap { meta.country($0) }, a = meta.country(iso)
            let applies = (o?.conventionParty ?? false) && (a?.conventionParty ?? false)
            let note: String
            if o == nil || a == nil {
                note = "Convention status unknown for \(o == nil ? (origin ?? "origin") : iso) in the basin metadata"
            } else if applies {
                note = "both \(o!.iso) and \(iso) are Parties to the Industrial Accidents Convention: its notification duties apply"
            } else {
                let non = [o!, a!].filter { !$0.conventionParty }.map(\.iso).joined(separator: " and ")
                note = "\(non) not a Party to the Industrial Accidents Convention: bilateral arrangements only"
            }
            return AffectedCountry(iso: iso, conventionApplies: applies, note: note)
        }
    }
}
