import Foundation
import GeoKit
import SiteKit
import AnalysisKit
import AlarmKit

/// The releases modelled for an inventory site. Tailings: the runout model's released volume V_F x the
/// declared dry density x the inventory's `<substance>_mg_kg` content. Other sites: their substance
/// tonnes. Without either, the figures are per tonne released and say so.
public enum AlarmScenarios {
    public struct Scenario: Sendable {
        public var substance: String?
        /// Nil: no mass in the inventory (figures per tonne).
        public var massKg: Double?
        public var basis: String
    }

    /// The declared dry density of tailings (scenarios.json), with its source.
    public static func density(_ dir: URL) throws -> (value: Double, source: String) {
        let url = dir.appendingPathComponent("scenarios.json")
        guard let d = try? Data(contentsOf: url), let o = (try? JSONSerialization.jsonObject(with: d)) as? [String: Any] else {
            throw HydrologyError.invalid("\(url.path): missing or not a JSON object")
        }
        guard let v = (o["tailings_dry_density_t_m3"] as? NSNumber)?.doubleValue, v > 0, v.isFinite,
              let s = o["tailings_dry_density_source"] as? String else {
            throw HydrologyError.invalid("\(url.path): tailings_dry_density_t_m3: expected a positive number with tailings_dry_density_source")
        }
        return (v, s)
    }

    /// The inventory's `<x>_mg_kg` columns by lower-cased name (the first of a name wins), found in one
    /// pass: a site with a million columns is read once, not once per guideline name and alias.
    static func contentColumns(_ extra: [(String, String)]) -> [String: String] {
        let suffix = Array("_mg_kg".utf8)
        var out: [String: String] = [:]
        for (k, v) in extra {
            let u = k.utf8
            guard u.count > suffix.count, zip(u.suffix(suffix.count), suffix).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) else { continue }
            let name = k.lowercased()
            if out[name] == nil { out[name] = v }
        }
        return out
    }

    public static func of(_ site: Site, runout: RunoutFinding?, data: BasinAlarmData, density: (value: Double, source: String)) -> [Scenario] {
        var out: [Scenario] = []
        for s in site.substances where s.tonnes > 0 {
            out.append(Scenario(substance: s.name, massKg: s.tonnes * 1000, basis: "inventory: \(NumberFormat.json(s.tonnes)) t of \(s.name)"))
        }
        if site.kind == .tailings, let vf = runout?.estimates.map(\.releasedVolumeM3).max() {
            let contents = contentColumns(site.extra)
            for g in data.guidelines {
                for key in [g.name] + g.aliases {
                    let col = "\(key)_mg_kg"
                    // The inventory's own number rules (decimal comma, digit groups), not Swift's Double(), which takes "0x10" and "inf".
                    let v = site.attributes[col]?.number ?? contents[col].flatMap(InventoryNumber.parse)
                    guard let c = v, c.isFinite, c > 0 else { continue }
                    let kg = vf * density.value * 1000 * c * 1e-6
                    out.append(Scenario(substance: g.name, massKg: kg,
                                        basis: "V_F \(NumberFormat.fixed(vf, decimals: 0)) m3 (runout model) x \(NumberFormat.json(density.value)) t/m3 (\(density.source)) x \(NumberFormat.json(c)) mg/kg (\(col))"))
                    break
                }
            }
        }
        if out.isEmpty {
            out.append(Scenario(substance: nil, massKg: nil, basis: site.kind == .tailings
                ? "no <substance>_mg_kg content\(runout?.estimates.isEmpty ?? true ? " and no runout volume" : "") in the inventory: figures per tonne released"
                : "no substance tonnes in the inventory: figures per tonne released"))
        }
        return out
    }
}
