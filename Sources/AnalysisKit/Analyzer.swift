import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit

/// Analyses sites against one basin. Not Sendable (it owns GEOS/PROJ state): one per task.
public final class Analyzer {
    public let parameters: AnalysisParameters
    /// Nil for trace-only use (no scoring, no runout).
    public let rules: RuleSet?
    let index: BasinIndex
    let tracer: DownstreamTracer

    public init(basin: Basin, rules: RuleSet?, parameters: AnalysisParameters) throws {
        self.parameters = parameters
        self.rules = rules
        index = try BasinIndex(basin: basin)
        tracer = try DownstreamTracer(basin: basin)
    }

    public var basin: Basin { index.basin }

    /// Country, nearest river and border, entry into the network and the downstream trace, flags, scores.
    /// Without `detail`, scoring and runout leave out their explanatory texts (term notes, stand-in
    /// reasons, runout steps), which a bulk run does not write per site.
    public func analyze(_ site: Site, at siteIndex: Int, detail: Bool = true) throws -> SiteAnalysis {
        let p = site.position
        let country = try index.country(at: p)
        var warnings: [String] = []
        if !country.inside, let iso = country.iso {
            warnings.append("outside every country polygon; nearest country \(iso) at \(km(country.distanceM)) km")
        }
        if let declared = site.declaredCountry, let found = country.iso, declared != found {
            warnings.append("declared country \(declared) but the position lies in \(found)\(country.inside ? "" : " (nearest)")")
        }

        var river: RiverFinding? = nil
        if let n = try index.rivers.nearest(to: p) {
            let e = basin.rivers[n.line]
            river = RiverFinding(edge: e.id, name: e.name, level: e.level, inNetwork: e.inNetwork, point: n.point, distanceM: n.distance)
        }
        var border: BorderFinding? = nil
        if let n = try index.borders.nearest(to: p) {
            border = BorderFinding(countries: basin.borders[n.line].countries, point: n.point, distanceM: n.distance)
        }

        var entry: EntryFinding? = nil
        var trace: DownstreamTrace? = nil
        if let n = try index.network.nearest(to: p) {
            let edgeId = index.networkEdgeIds[n.line]
            let within = n.distance <= parameters.entryMaxDistanceM
            let offset = index.offsetAlong(edge: edgeId, segment: n.segment, fraction: n.fraction)
            entry = EntryFinding(edge: edgeId, offsetM: offset, riverName: basin.rivers[index.edgePosition[edgeId]!].name, point: n.point,
                                 distanceM: n.distance, withinEntryDistance: within)
            if within {
                trace = try tracer.trace(edge: edgeId, offsetM: offset, maxKm: parameters.traceMaxKm, includePath: false)
            } else {
                warnings.append("far from any mapped basin river: nearest at \(km(n.distance)) km (entry limit \(km(parameters.entryMaxDistanceM)) km); no downstream trace")
            }
        }

        let origin = country.iso
        let first = trace.flatMap { firstTransboundaryPoint($0, origin: origin) }
        var inputs = scoringInputs(site)
        var runout: RunoutFinding? = nil
        if site.kind == .tailings, rules != nil {
            runout = runoutFinding(site: site, inputs: inputs, river: entry, first: first, border: border, detail: detail)
        }
        addAnalysisInputs(&inputs, entry: entry, border: border, trace: trace, first: first, runout: runout)

        let flags = transboundaryFlags(origin: origin, border: border, entry: entry, trace: trace, first: first, runout: runout)
        let affected = affectedCountries(origin: origin, flags: flags)
        let scores = rules?.score(kind: site.kind.rawValue, inputs: inputs, detail: detail) ?? []
        let (state, reason) = transboundaryState(country: country, river: river, border: border, entry: entry, trace: trace,
                                                 first: first, flags: flags)
        return SiteAnalysis(siteIndex: siteIndex, country: country, river: river, border: border, entry: entry, trace: trace,
                            firstTransboundary: first, runout: runout, flags: flags, affected: affected, scores: scores, warnings: warnings,
                            transboundary: state, transboundaryReason: reason)
    }

    /// The downstream trace from an arbitrary point (the `trace` command), with its path.
    public func traceFrom(_ p: Coordinate, includePath: Bool = true) throws -> (entry: EntryFinding, trace: DownstreamTrace?, country: CountryFinding)? {
        guard let n = try index.network.nearest(to: p) else { return nil }
        let edgeId = index.networkEdgeIds[n.line]
        let within = n.distance <= parameters.entryMaxDistanceM
        let offset = index.offsetAlong(edge: edgeId, segment: n.segment, fraction: n.fraction)
        let entry = EntryFinding(edge: edgeId, offsetM: offset, riverName: basin.rivers[index.edgePosition[edgeId]!].name, point: n.point,
                                 distanceM: n.distance, withinEntryDistance: within)
        let t = within ? try tracer.trace(edge: edgeId, offsetM: offset, maxKm: parameters.traceMaxKm, includePath: includePath) : nil
        return (entry, t, try index.country(at: p))
    }

}

extension DownstreamTracer {
    /// The path downstream of an analysed site's entry point (for traces.geojson), to `maxKm` or the outlet.
    public func path(from entry: EntryFinding?, maxKm: Double?) throws -> DownstreamTrace? {
        guard let e = entry, e.withinEntryDistance else { return nil }
        // The entry edge and offset were found during the analysis: no second nearest-line search.
        return try trace(edge: e.edge, offsetM: e.offsetM, maxKm: maxKm, includePath: true)
    }
}

func km(_ m: Double) -> String { NumberFormat.fixed(m / 1000, decimals: 1) }
func hours(_ h: Double) -> String { NumberFormat.fixed(h, decimals: 1) }
