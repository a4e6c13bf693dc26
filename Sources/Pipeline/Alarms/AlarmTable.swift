import Foundation
import GeoKit
import SiteKit
import AnalysisKit
import OutputKit

/// alarms.csv and the GeoPackage's `alarms` table: one row per site, release scenario and checkpoint, in
/// risk order. A site without a trace still has one row, saying why. The columns are declared once here
/// and both formats follow from them (and `basinmap fields` documents them).
public enum AlarmTable {
    public enum Kind: Sendable { case text, integer, fixed(Int), significant }
    public struct Column: Sendable {
        public let name: String
        public let kind: Kind
        public let description: String
    }

    public static let layerName = "alarms"

    public static let columns: [Column] = [
        Column(name: "risk_rank", kind: .integer, description: "the site's position in the run's ranking (empty from the alarms command, which does not rank)"),
        Column(name: "site_id", kind: .text, description: "the inventory's site id (joins to the sites layer's id)"),
        Column(name: "site_name", kind: .text, description: "the inventory's site name"),
        Column(name: "substance", kind: .text, description: "the substance released (empty: figures per tonne of any conservative substance)"),
        Column(name: "mass_kg", kind: .fixed(3), description: "released mass, kg (empty: none in the inventory)"),
        Column(name: "mass_basis", kind: .text, description: "how the mass was found (inventory tonnes, or runout volume x dry density x content)"),
        Column(name: "checkpoint", kind: .text, description: "border crossing (from > to), start of a border reach, named gauge or town, or the outlet"),
        Column(name: "checkpoint_kind", kind: .text, description: "crossing, border reach, named (what it is), outlet"),
        Column(name: "countries", kind: .text, description: "the country (or the two countries of a border reach) at the checkpoint"),
        Column(name: "km", kind: .fixed(2), description: "river distance from the entry point, km"),
        Column(name: "warning_leading_h", kind: .fixed(2), description: "earliest credible arrival (leading edge, maximum probable velocity or fully mixed), hours after the release"),
        Column(name: "leading_most_probable_h", kind: .fixed(2), description: "leading edge at Jobson's most probable velocity, h"),
        Column(name: "peak_most_probable_h", kind: .fixed(2), description: "peak at the most probable velocity, h"),
        Column(name: "trailing_h", kind: .fixed(2), description: "trailing edge at the most probable velocity, h"),
        Column(name: "peak_mg_l", kind: .significant, description: "the warning's peak concentration (the highest of all figures), mg/L"),
        Column(name: "peak_mg_l_per_t", kind: .significant, description: "the same peak per tonne released, mg/L"),
        Column(name: "guideline_mg_l", kind: .significant, description: "the substance's drinking-water guideline value (guidelines.json), mg/L"),
        Column(name: "guideline_ratio", kind: .significant, description: "peak over the guideline value (empty: no mass or no guideline: unknown)"),
        Column(name: "full_mix_peak_mg_l", kind: .significant, description: "peak with each reservoir above fully mixed, mg/L"),
        Column(name: "full_mix_mean_h", kind: .fixed(1), description: "mean arrival with the reservoirs fully mixed, h"),
        Column(name: "note", kind: .text, description: "why a site has no figures, or the model's warnings for it"),
    ]

    /// The rows of one site, as `FieldValue`s in column order.
    public static func rows(rank: Int?, site: Site, alarms a: SiteAlarms) -> [[FieldValue]] {
        func t(_ s: String?) -> FieldValue { s.map(FieldValue.text) ?? .null }
        func r(_ d: Double?) -> FieldValue { d.flatMap { $0.isFinite ? FieldValue.real($0) : nil } ?? .null }
        let rk = rank.map(FieldValue.integer) ?? .null
        guard !a.lines.isEmpty else {
            var row = [FieldValue](repeating: .null, count: columns.count)
            row[0] = rk; row[1] = .text(site.id); row[2] = .text(site.name); row[columns.count - 1] = t(a.note ?? a.summary.note)
            return [row]
        }
        return a.lines.map { l in
            let sc = a.scenarios[l.scenario]
            return [rk, .text(site.id), .text(site.name), t(sc.substance), r(sc.massKg), .text(sc.basis), .text(l.checkpoint), .text(l.kind),
                    .text(l.countries), r(l.km), r(l.warningLeadingH), r(l.leadingMostH), r(l.peakMostH), r(l.trailingH), r(l.peakMgL),
                    r(l.peakPerTonne), r(l.guidelineMgL), r(l.peakMgL.flatMap { p in l.guidelineMgL.map { p / $0 } }), r(l.fullMixPeakMgL),
                    r(l.fullMixMeanH), t(a.note)]
        }
    }

    static func text(_ v: FieldValue, _ kind: Kind) -> String {
        switch (v, kind) {
        case (.null, _): return ""
        case (.text(let s), _): return s
        case (.integer(let i), _): return String(i)
        case (.real(let d), .fixed(let n)): return NumberFormat.fixed(d, decimals: n)
        case (.real(let d), _): return AlarmText.mg(d)
        case (.boolean(let b), _): return b ? "true" : "false"
        }
    }

    public static func csvHeader(_ format: CSVFormat = CSVFormat()) -> String { CSV.header(columns.map(\.name), format: format) }

    public static func csvLine(_ row: [FieldValue], format: CSVFormat = CSVFormat()) -> String {
        CSV.line(zip(row, columns).map { v, c in
            var s = text(v, c.kind)
            if format.decimalComma, case .real = v { s = s.replacingOccurrences(of: ".", with: ",") }
            if case .text = v { return CSV.field(s, delimiter: format.delimiter) }
            return CSV.field(s, text: false, delimiter: format.delimiter)
        }, delimiter: format.delimiter)
    }

    /// The table as a layer without geometry in an existing GeoPackage (QGIS opens it as a table and
    /// joins it to the sites layer on site_id). Reals are rounded as in the CSV, so both say the same.
    public static func appendLayer(_ rows: some Sequence<[FieldValue]>, to url: URL) throws -> Int {
        let ds = try VectorDataset.openForUpdate(url.path)
        let fields = columns.map { c -> VectorField in
            switch c.kind {
            case .text: VectorField(c.name, .string)
            case .integer: VectorField(c.name, .integer64)
            case .fixed, .significant: VectorField(c.name, .real)
            }
        }
        let layer = try ds.createLayer(layerName, geometry: .none, epsg: nil, fields: fields, options: ["FID=fid"])
        var values = [VectorValue](repeating: .null, count: fields.count), n = 0
        try ds.transaction {
            for row in rows {
                for (k, v) in row.enumerated() {
                    switch v {
                    case .null: values[k] = .null
                    case .text(let s): values[k] = .string(s)
                    case .integer(let i): values[k] = .integer(i)
                    case .boolean(let b): values[k] = .boolean(b)
                    case .real(let d): values[k] = .real(Double(text(v, columns[k].kind)) ?? d)
                    }
                }
                try layer.add(values, geometry: nil)
                n += 1
            }
        }
        try ds.close()
        if !ds.warnings.isEmpty { throw VectorError.library(operation: "write", path: url.path, message: "warnings: " + ds.warnings.joined(separator: "; ")) }
        return n
    }
}
