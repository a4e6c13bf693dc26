import Foundation
import GeoKit
import SiteKit
import ScoringKit
import AnalysisKit

/// Every computed per-site field, declared once, in output order. The CSV carries the fields marked for it,
/// in this same order (the report's reading order: rank, identity, risk, flags, distances, times, indices);
/// the GIS layers carry all but the CSV-only `lon`/`lat`. The index fields come from the rules file
/// (`indexFields`); the inventory's own columns follow all of these (`SiteFieldTable`).
enum SiteFields {
    static let layerOnly: FieldFormats = .layer

    static func leading(_ rules: RuleSet) -> [SiteField] {
        [
            .integer("risk_rank", "position in the ranking, 1 = highest risk (ties by id)") { _ in nil },
            .text("id", "the inventory's site id") { $0.site.id },
            .text("name", "the inventory's site name") { $0.site.name },
            .choice("kind", SiteKind.allCases.map(\.rawValue), "scoring kind: tailings (TRI) or other (WRI)") { $0.site.kind.rawValue },
            .text("kind_input", "the inventory's own kind text") { $0.site.kindInput },
            .text("kind_detail", "normalised meaning of the kind text (mine, waste_rock_dump, slag_heap, smelter, ...)") { $0.site.kindDetail },
            .text("country", "ISO code of the country polygon containing the site (enclaves count), else the nearest") { $0.analysis.country.iso },
            .boolean("country_inside", formats: layerOnly, "the site lies inside that country's polygon") { $0.analysis.country.inside },
            .real("country_distance_m", "m", decimals: 1, formats: layerOnly, "geodesic distance to that country's polygon (0 inside)") { $0.analysis.country.distanceM },
            .text("country_declared", formats: layerOnly, "the country the inventory gives") { $0.site.declaredCountry },
            .text("risk_index", "the index that ranks this kind (TRI for tailings, WRI for other sites)") { $0.rankingIndex },
            .text("risk_class", "class of the ranking index") { $0.rankScore?.className },
            .text("risk_class_low", "class of the ranking index with every stand-in at its least severe value") { $0.rankScore?.classLow },
            .text("risk_class_high", "class of the ranking index with every stand-in at its most severe value") { $0.rankScore?.classHigh },
            .boolean("risk_class_may_change", "the ranking class could change within the stand-ins' ranges") { $0.rankScore?.classMayChange },
            .choice("transboundary", TransboundaryState.allCases.map(\.rawValue), "transboundary impact: yes (a rule fired), no (traced to the outlet in one country), unknown") {
                $0.analysis.transboundary.rawValue
            },
            .text("transboundary_reason", "why the answer is no or unknown, with its figures") { $0.analysis.transboundaryReason },
            .text("flag_rules", "the rules that fired, comma-separated (border_proximity, water_path, runout_reach)") {
                $0.analysis.flags.map(\.rule.rawValue).joined(separator: ",")
            },
            .text("flag_details", formats: layerOnly, "each fired rule's figures, ' | '-separated") { $0.analysis.flags.map(\.detail).joined(separator: " | ") },
            .text("affected_countries", "countries affected, in downstream order, comma-separated ISO codes") { $0.analysis.affected.map(\.iso).joined(separator: ",") },
            .text("convention_applies", "per affected country (UZ:no,KZ:yes): both it and the origin are Parties to the UNECE Industrial Accidents Convention") {
                $0.analysis.affected.map { $0.iso + ":" + ($0.conventionApplies ? "yes" : "no") }.joined(separator: ",")
            },
            .text("river_name", "name of the nearest river line") { $0.analysis.river?.name },
            .integer("river_level", formats: layerOnly, "WDBII level of the nearest river line") { $0.analysis.river?.level },
            .boolean("river_in_network", formats: layerOnly, "the nearest river line is part of the traced network") { $0.analysis.river?.inNetwork },
            .real("river_distance_m", "m", decimals: 1, "geodesic distance to the nearest river line (WGS84)") { $0.analysis.river?.distanceM },
            .real("river_point_lon", "degree", decimals: 7, formats: layerOnly, "longitude of the nearest point on that river") { $0.analysis.river?.point.lon },
            .real("river_point_lat", "degree", decimals: 7, formats: layerOnly, "latitude of the nearest point on that river") { $0.analysis.river?.point.lat },
            .text("border_countries", "the two countries the nearest international border separates, '|'-separated") {
                $0.analysis.border?.countries.joined(separator: "|")
            },
            .real("border_distance_m", "m", decimals: 1, "geodesic distance to the nearest international border") { $0.analysis.border?.distanceM },
            .real("border_point_lon", "degree", decimals: 7, formats: layerOnly, "longitude of the nearest border point") { $0.analysis.border?.point.lon },
            .real("border_point_lat", "degree", decimals: 7, formats: layerOnly, "latitude of the nearest border point") { $0.analysis.border?.point.lat },
            .text("entry_river", "the network river a spill enters (nearest within the entry limit)") { $0.analysis.entry?.riverName },
            .real("entry_distance_m", "m", decimals: 1, "geodesic distance to the entry point") { $0.analysis.entry?.distanceM },
            .boolean("traced", formats: layerOnly, "a downstream path was traced from the entry point") { $0.analysis.trace != nil },
            .text("downstream_countries", "countries the river passes downstream, '>'-separated") { $0.analysis.trace.map { $0.countries.joined(separator: ">") } },
            .text("first_transboundary", "the first point where the water leaves the origin country: a crossing, a border reach, or entry abroad") {
                $0.analysis.firstTransboundary.map { $0.kind.rawValue + " " + $0.countries.joined(separator: "|") }
            },
            .real("first_transboundary_km", "km", decimals: 2, "river distance to that point") { $0.analysis.firstTransboundary?.km },
            .real("first_transboundary_h", "h", decimals: 2, "travel time to that point") { $0.analysis.firstTransboundary?.hours },
            .text("crossings", formats: layerOnly, "every border crossing downstream: from>to, km, h; ';'-separated") { r in
                r.analysis.trace.map { t in
                    t.crossings.map { "\($0.from)>\($0.to) \(NumberFormat.fixed($0.km, decimals: 1)) km \(NumberFormat.fixed($0.hours, decimals: 1)) h" }.joined(separator: "; ")
                }
            },
            .text("border_reaches", formats: layerOnly, "stretches where the river forms a border: countries, from-to km; ';'-separated") { r in
                r.analysis.trace.map { t in
                    t.borderReaches.map { "\($0.countries.joined(separator: "|")) \(NumberFormat.fixed($0.fromKm, decimals: 1))-\(NumberFormat.fixed($0.toKm, decimals: 1)) km" }
                        .joined(separator: "; ")
                }
            },
            .real("outlet_km", "km", decimals: 2, "river distance to the basin outlet") { $0.analysis.trace?.outletKm },
            .real("outlet_h", "h", decimals: 2, "travel time to the basin outlet") { $0.analysis.trace?.outletHours },
            .real("velocity_river_m_s", "m/s", decimals: 4, formats: layerOnly, "river velocity used for the times") { $0.analysis.trace?.riverVelocityMS },
            .real("velocity_reservoir_m_s", "m/s", decimals: 5, formats: layerOnly, "reservoir velocity used for the times") { $0.analysis.trace?.reservoirVelocityMS },
            // The alarm model at the first transboundary point (alarms.csv has every checkpoint and scenario).
            .text("alarm_checkpoint", "alarm model: the first checkpoint where the water leaves the origin country") { $0.analysis.alarm?.checkpoint },
            .real("alarm_leading_h", "h", decimals: 2, "alarm model: earliest credible arrival there (leading edge, Jobson 1996), hours after the release") { $0.analysis.alarm?.leadingH },
            .real("alarm_peak_h", "h", decimals: 2, "alarm model: most probable peak time there, h") { $0.analysis.alarm?.peakH },
            .real("alarm_trailing_h", "h", decimals: 2, formats: layerOnly, "alarm model: trailing edge there, h") { $0.analysis.alarm?.trailingH },
            .text("alarm_substance", "alarm model: the substance of the reported scenario (the highest guideline ratio)") { $0.analysis.alarm?.substance },
            .real("alarm_mass_kg", "kg", decimals: 3, formats: layerOnly, "alarm model: released mass of that scenario (empty: none in the inventory)") { $0.analysis.alarm?.massKg },
            significant("alarm_peak_mg_l", "mg/L", "alarm model: peak concentration there (the highest of the short-circuit and fully mixed figures)") { $0.analysis.alarm?.peakMgL },
            significant("alarm_peak_mg_l_per_t", "mg/L", formats: layerOnly, "alarm model: the same peak per tonne released") { $0.analysis.alarm?.peakMgLPerTonne },
            significant("alarm_guideline_ratio", nil, "alarm model: peak over the substance's drinking-water guideline value (empty: unknown)") { $0.analysis.alarm?.guidelineRatio },
            .text("alarm_note", formats: layerOnly, "alarm model: why a figure is missing, or the mass basis") { $0.analysis.alarm?.note },
        ]
    }

    /// A concentration or ratio spanning many decades: four significant digits.
    static func significant(_ name: String, _ unit: String?, formats: FieldFormats = .all, _ description: String,
                            _ read: @escaping @Sendable (SiteRow) -> Double?) -> SiteField {
        SiteField(name, .real(decimals: nil), unit: unit, formats: formats, description) { r in
            guard let v = read(r), v.isFinite else { return .null }
            return .real(Double(NumberFormat.fixed(v, decimals: 4, significant: true)) ?? v)
        }
    }

    /// Nine fields per index of the rules file, in its order.
    static func indexFields(_ rules: RuleSet) -> [SiteField] {
        rules.indices.enumerated().flatMap { n, idx -> [SiteField] in
            let id = idx.id
            return [
                .real(id, nil, decimals: 3, "\(id) index value") { $0.scores[n]?.value },
                .text(id + "_class", "\(id) class") { $0.scores[n]?.className },
                .real(id + "_low", nil, decimals: 3, "\(id) with every stand-in at its least severe declared value") { $0.scores[n]?.low },
                .real(id + "_high", nil, decimals: 3, "\(id) with every stand-in at its most severe declared value") { $0.scores[n]?.high },
                .text(id + "_class_low", "class of \(id)_low") { $0.scores[n]?.classLow },
                .text(id + "_class_high", "class of \(id)_high") { $0.scores[n]?.classHigh },
                .integer(id + "_stand_ins", "how many stand-ins (defaults) \(id) rests on") { $0.scores[n]?.standInCount },
                .text(id + "_terms", formats: layerOnly, "each term's points, '; '-separated; '*' marks a default that stood in") { r in
                    r.scores[n].map { s in
                        var t = ""
                        for (j, term) in s.terms.enumerated() {
                            if j > 0 { t += "; " }
                            t += term.name + "=" + NumberFormat.fixed(term.points, decimals: 3)
                            if term.usedDefault { t += "*" }
                        }
                        return t
                    }
                },
                // The reason of each stand-in is in summary.json (stand_ins), once rather than on every site.
                .text(id + "_missing", "the inputs that were missing, '; '-separated") { $0.scores[n].map { $0.missing.map(\.input).joined(separator: "; ") } },
            ]
        }
    }

    static func trailing(_ rules: RuleSet) -> [SiteField] {
        [
            .real("runout_km", "km", decimals: 2, "dam-failure runout distance (tailings with dam height and volume)") { $0.analysis.runout?.runoutKm },
            .real("runout_low_km", "km", decimals: 2, formats: layerOnly, "lower bound of the farthest runout estimate") { $0.bestRunout?.runoutKmLow },
            .real("runout_high_km", "km", decimals: 2, formats: layerOnly, "upper bound of the farthest runout estimate") { $0.bestRunout?.runoutKmHigh },
            .real("runout_released_m3", "m3", decimals: 0, formats: layerOnly, "volume released in the farthest runout estimate") { $0.bestRunout?.releasedVolumeM3 },
            .text("runout_model", formats: layerOnly, "the model of the farthest runout estimate") { $0.bestRunout?.model },
            .boolean("runout_reaches_river", "the runout reaches a river") { $0.analysis.runout?.reachesRiver },
            .boolean("runout_reaches_border", "the runout reaches an international border") { $0.analysis.runout?.reachesBorder },
            .real("runout_river_reach_km", "km", decimals: 2, formats: layerOnly, "river length the runout covers") { $0.analysis.runout?.riverReachKm },
            .text("runout_note", formats: layerOnly, "why a runout could not be estimated") { $0.analysis.runout.map { $0.unavailable.joined(separator: "; ") } },
            .text("position_precision", "the inventory's position precision (e.g. approximate)") { $0.site.positionPrecision },
            .text("source", formats: layerOnly, "the inventory's source of the record") { $0.site.source },
            .text("warnings", "warnings on this site, ' | '-separated (e.g. declared country disagrees with the computed one)") { r in
                r.site.warnings.isEmpty && r.analysis.warnings.isEmpty ? "" : (r.site.warnings + r.analysis.warnings).joined(separator: " | ")
            },
            .text("input_origin", formats: layerOnly, "file and line (or feature) of the record") { $0.site.origin.description },
            .real("lon", "degree", decimals: LayerWriter.decimals, formats: .csv, "longitude (WGS84) of the site") { $0.site.position.lon },
            .real("lat", "degree", decimals: LayerWriter.decimals, formats: .csv, "latitude (WGS84) of the site") { $0.site.position.lat },
        ]
    }

    /// All computed fields, in output order.
    static func computed(_ rules: RuleSet) -> [SiteField] { leading(rules) + indexFields(rules) + trailing(rules) }
}
