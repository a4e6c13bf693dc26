import Foundation
import GeoKit
import BasinKit
import SiteKit
import AnalysisKit
import ScoringKit

/// summary.json: counts, parameters with reasons, velocities, data provenance, library versions, timings.
/// Every member is a function of the inputs except `timings_s`, which is measured.
public enum Summary {
    /// Every stand-in that scored a missing input in this run, with its reason, once.
    static func standIns(_ r: RunResult) -> [JSON] {
        // Terms by index and name, built once: a rule set may hold hundreds of thousands of terms.
        var terms: [String: [String: TermRule]] = [:]
        for u in r.standIns where terms[u.index] == nil {
            guard let idx = r.rules.index(u.index) else { continue }
            var byName: [String: TermRule] = [:]
            for t in idx.terms where byName[t.name] == nil { byName[t.name] = t }
            terms[u.index] = byName
        }
        let items = r.standIns.map { m -> (key: String, json: JSON) in
            var o: [(String, JSON)] = [("index", .string(m.index)), ("term", .string(m.term)), ("input", .string(m.input)), ("stand_in", .string(m.standIn))]
            // The range the stand-in may take, which the index's _low and _high use.
            if let t = terms[m.index]?[m.term] {
                let range = t.standInRange
                o.append(("range_points", .array([.number(range.low), .number(range.high)])))
                o.append(("range_basis", .string(range.basis + (range.provenance.map { " (\($0.text))" } ?? ""))))
            }
            let json = JSON.object(o)
            return (JSONWriter.string(json), json)
        }
        return items.sorted { $0.key < $1.key }.map(\.json)
    }

    public static let toolVersion = "0.1.0"

    public static func json(_ r: RunResult, outputs: [(file: String, features: Int)]) -> JSON {
        let m = r.basin.metadata
        var counts: [(String, JSON)] = [
            ("records_read", .number(Double(r.recordsRead))),
            ("accepted", .number(Double(r.sites.count))),
            ("rejected", .number(Double(r.rejects.count))),
            ("warned", .number(Double(r.warnedCount))),
            ("basin_warnings", .number(Double(r.basin.warnings.count))),
            ("transboundary_yes", .number(Double(r.transboundaryCount(.yes)))),
            ("transboundary_no", .number(Double(r.transboundaryCount(.no)))),
            ("transboundary_unknown", .number(Double(r.transboundaryCount(.unknown)))),
            ("risk_class_may_change", .number(Double(r.classMayChangeCount))),
            ("traced", .number(Double(r.digests.filter(\.traced).count))),
        ]
        for kind in ["tailings", "other"] {
            counts.append(("accepted_\(kind)", .number(Double(r.sites.filter { $0.kind.rawValue == kind }.count))))
        }
        return .object([
            ("tool", .string("basinmap \(toolVersion)")),
            ("basin", .object([
                ("id", .string(m.id)), ("name", .string(m.name)), ("projection", .string(m.projection)),
                ("outlet", .string(m.outletName)), ("vintage", .string(m.vintage)),
                ("provenance", .array(m.provenance.map { p in .object([("layer", .string(p.layer)), ("source", .string(p.source)),
                    ("package", .string(p.package)), ("licence", .string(p.licence)), ("note", .string(p.note))]) })),
                ("warnings", .array(r.basin.warnings.map { .string($0) })),
            ])),
            ("inventories", .array(r.inventoryNames.map { .string($0) })),
            ("rules", .object([("file", .string(r.rulesFile)), ("title", .string(r.rules.title))])),
            ("rank_by", .string(r.rankBy.rawValue)),
            ("counts", .object(counts)),
            ("parameters", .array(r.parameters.described(reasons: m.parameterReasons).map { p in
                .object([("name", .string(p.name)), ("value", .number(p.value)), ("unit", .string(p.unit)), ("reason", .string(p.reason))]) })),
            ("velocities", .object([
                ("river_m_s", .number(m.velocities.riverMS)), ("river_source", .string(m.velocities.riverSource)),
                ("reservoir_m_s", .number(m.velocities.reservoirMS)), ("reservoir_source", .string(m.velocities.reservoirSource)),
            ])),
            ("convention", .array(m.countries.map { c in .object([("iso", .string(c.iso)), ("name", .string(c.name)),
                ("party", .bool(c.conventionParty)), ("note", .string(c.conventionNote))]) })),
            ("stand_ins", .array(standIns(r))),
            ("libraries", .object([("geos", .string(GEOSContext.version)), ("proj", .string(Projection.version))])),
            ("outputs", .array(outputs.map { .object([("file", .string($0.file)), ("features", .number(Double($0.features)))]) })),
            ("notes", .object(r.notes)),
            ("timings_s", .object(r.timings.map { ($0.stage, .number(GeoJSON.round($0.seconds, 3))) })),
        ])
    }
}
