import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit

/// Where one site's row sits in a worker's spill files. The risk rank is not known when the row is
/// written, so each row is stored in two parts around the place where the rank goes.
public struct RowSpan: Sendable {
    public var geoOffset: Int64
    public var geoLength: Int32
    public var geoRankAt: Int32
    public var csvOffset: Int64
    public var csvLength: Int32
    public var csvRankAt: Int32
}

/// Serialises a site's attribute row straight into bytes: one GeoJSON Feature (uniform schema, nulls for
/// absent values) and one CSV line. One function feeds both files, so they never disagree. Not shared
/// between tasks: each worker owns one (it reuses its buffers from row to row).
public struct SiteRowWriter {
    let schema: SiteSchema
    let rules: RuleSet
    let computedSet: Set<String>
    /// Escaped `"key":` of every schema position, end to end, and where each one ends.
    let keyBytes: [UInt8]
    let keyEnds: [Int]
    /// CSV column of every schema position, -1 when the field is not in the CSV.
    let csvColumnOf: [Int]
    let inputPosition: [String: Int]
    let rankColumn: Int, lonColumn: Int, latColumn: Int
    let csvFormat: CSVFormat
    var cells: [[UInt8]]
    var inputs: [InputCell?]
    var touched: [Int] = []
    var names: [String] = []
    var attributeKeys: [String] = []
    var field = 0
    var scratch = ""

    enum InputCell { case number(Double), text(String), flag(Bool) }

    public init(schema: SiteSchema, rules: RuleSet, csv: CSVFormat = CSVFormat()) {
        self.schema = schema
        self.rules = rules
        csvFormat = csv
        computedSet = Set(schema.keys.prefix(schema.computedCount))
        var kb: [UInt8] = [], ends: [Int] = []
        for k in schema.keys { JSONWriter.appendEscaped(k, to: &kb); kb.append(UInt8(ascii: ":")); ends.append(kb.count) }
        keyBytes = kb
        keyEnds = ends
        var col: [String: Int] = [:]
        for (i, c) in schema.csvColumns.enumerated() { col[c] = i }
        csvColumnOf = schema.keys.enumerated().map { i, k in i < schema.computedCount ? col[k] ?? -1 : -1 }
        var pos: [String: Int] = [:]
        for (i, k) in schema.keys.enumerated() where i >= schema.computedCount { pos[k] = i }
        inputPosition = pos
        rankColumn = col["risk_rank"]!
        lonColumn = col["lon"]!
        latColumn = col["lat"]!
        // The inventory's own columns follow the computed ones (SiteSchema.csvHeader).
        cells = Array(repeating: [], count: schema.csvColumns.count + schema.keys.count - schema.computedCount)
        inputs = Array(repeating: nil, count: schema.keys.count - schema.computedCount)
    }

    // MARK: field emitters (in schema order; debug builds check the name against the schema)

    private mutating func key(_ name: @autoclosure () -> String, _ geo: inout [UInt8]) -> Int {
        assert(schema.keys[field] == name(), "row field \(field) is \(name()), schema says \(schema.keys[field])")
        if field > 0 { geo.append(UInt8(ascii: ",")) }
        appendKey(field, &geo)
        let col = csvColumnOf[field]
        field += 1
        return col
    }

    private func appendKey(_ k: Int, _ geo: inout [UInt8]) {
        keyBytes.withUnsafeBufferPointer { b in
            geo.append(contentsOf: UnsafeBufferPointer(rebasing: b[(k == 0 ? 0 : keyEnds[k - 1])..<keyEnds[k]]))
        }
    }

    private mutating func str(_ name: @autoclosure () -> String, _ v: String?, _ geo: inout [UInt8]) {
        let col = key(name(), &geo)
        guard let v else { geo.append(contentsOf: Self.null); return }
        JSONWriter.appendEscaped(v, to: &geo)
        if col >= 0 { CSV.appendField(v, delimiter: csvFormat.delimiter, into: &cells[col]) }
    }

    private mutating func num(_ name: @autoclosure () -> String, _ v: Double?, _ decimals: Int, _ geo: inout [UInt8]) {
        let col = key(name(), &geo)
        guard let v, v.isFinite else { geo.append(contentsOf: Self.null); return }
        let start = geo.count
        NumberFormat.appendRounded(v, decimals: decimals, to: &geo)
        if col >= 0 { CSV.appendNumber(geo[start...], decimalComma: csvFormat.decimalComma, into: &cells[col]) }
    }

    private mutating func int(_ name: @autoclosure () -> String, _ v: Int?, _ geo: inout [UInt8]) {
        let col = key(name(), &geo)
        guard let v else { geo.append(contentsOf: Self.null); return }
        let t = String(v)
        geo.append(contentsOf: t.utf8)
        if col >= 0 { cells[col].append(contentsOf: t.utf8) }
    }

    private mutating func bool(_ name: @autoclosure () -> String, _ v: Bool?, _ geo: inout [UInt8]) {
        let col = key(name(), &geo)
        guard let v else { geo.append(contentsOf: Self.null); return }
        let t: StaticString = v ? "true" : "false"
        t.withUTF8Buffer { b in
            geo.append(contentsOf: b)
            if col >= 0 { cells[col].append(contentsOf: b) }
        }
    }

    static let null: [UInt8] = Array("null".utf8)

    // MARK: the row

    /// Appends the site's row to a worker's spill files and says where it went.
    public mutating func write(site: Site, analysis: SiteAnalysis, geo: RowSpill, csv: RowSpill) throws -> RowSpan {
        let geoOffset = geo.offset, csvOffset = csv.offset
        let at = write(site: site, analysis: analysis, geo: &geo.buffer, csv: &csv.buffer)
        let span = RowSpan(geoOffset: geoOffset, geoLength: Int32(geo.offset - geoOffset), geoRankAt: Int32(at.geoRankAt),
                           csvOffset: csvOffset, csvLength: Int32(csv.offset - csvOffset), csvRankAt: Int32(at.csvRankAt))
        try geo.flushIfFull()
        try csv.flushIfFull()
        return span
    }

    /// Appends the site's Feature to `geo` and its CSV line to `csv`; returns where the rank goes in each.
    public mutating func write(site s: Site, analysis a: SiteAnalysis, geo: inout [UInt8], csv: inout [UInt8]) -> (geoRankAt: Int, csvRankAt: Int) {
        field = 0
        for i in cells.indices { cells[i].removeAll(keepingCapacity: true) }
        let geoStart = geo.count
        geo.append(contentsOf: Self.featureHead)
        str("id", s.id, &geo)
        str("name", s.name, &geo)
        str("kind", s.kind.rawValue, &geo)
        str("kind_input", s.kindInput, &geo)
        str("kind_detail", s.kindDetail, &geo)
        _ = key("risk_rank", &geo)
        let geoRankAt = geo.count - geoStart
        let rankingIndex = rules.rankingIndex(for: s.kind.rawValue)
        let rankScore = rankingIndex.flatMap { id in a.scores.first { $0.index == id } }
        str("risk_index", rankingIndex, &geo)
        str("risk_class", rankScore?.className, &geo)
        // The class the ranking index would have with every stand-in at the least / most severe end of its range.
        str("risk_class_low", rankScore?.classLow, &geo)
        str("risk_class_high", rankScore?.classHigh, &geo)
        bool("risk_class_may_change", rankScore?.classMayChange, &geo)
        str("country", a.country.iso, &geo)
        bool("country_inside", a.country.inside, &geo)
        num("country_distance_m", a.country.distanceM, 1, &geo)
        str("country_declared", s.declaredCountry, &geo)
        str("position_precision", s.positionPrecision, &geo)
        str("source", s.source, &geo)
        str("river_name", a.river?.name, &geo)
        int("river_level", a.river?.level, &geo)
        bool("river_in_network", a.river?.inNetwork, &geo)
        num("river_distance_m", a.river?.distanceM, 1, &geo)
        num("river_point_lon", a.river?.point.lon, 7, &geo)
        num("river_point_lat", a.river?.point.lat, 7, &geo)
        str("border_countries", a.border?.countries.joined(separator: "|"), &geo)
        num("border_distance_m", a.border?.distanceM, 1, &geo)
        num("border_point_lon", a.border?.point.lon, 7, &geo)
        num("border_point_lat", a.border?.point.lat, 7, &geo)
        str("entry_river", a.entry?.riverName, &geo)
        num("entry_distance_m", a.entry?.distanceM, 1, &geo)
        bool("traced", a.trace != nil, &geo)
        let t = a.trace
        let first = a.firstTransboundary
        str("downstream_countries", t.map { $0.countries.joined(separator: ">") }, &geo)
        str("first_transboundary", first.map { $0.kind.rawValue + " " + $0.countries.joined(separator: "|") }, &geo)
        num("first_transboundary_km", first?.km, 2, &geo)
        num("first_transboundary_h", first?.hours, 2, &geo)
        str("crossings", t.map { $0.crossings.map { "\($0.from)>\($0.to) \(NumberFormat.fixed($0.km, decimals: 1)) km \(NumberFormat.fixed($0.hours, decimals: 1)) h" }.joined(separator: "; ") }, &geo)
        str("border_reaches", t.map { $0.borderReaches.map { "\($0.countries.joined(separator: "|")) \(NumberFormat.fixed($0.fromKm, decimals: 1))-\(NumberFormat.fixed($0.toKm, decimals: 1)) km" }.joined(separator: "; ") }, &geo)
        num("outlet_km", t?.outletKm, 2, &geo)
        num("outlet_h", t?.outletHours, 2, &geo)
        num("velocity_river_m_s", t?.riverVelocityMS, 4, &geo)
        num("velocity_reservoir_m_s", t?.reservoirVelocityMS, 5, &geo)
        str("transboundary", a.transboundary.rawValue, &geo)
        str("transboundary_reason", a.transboundaryReason, &geo)
        str("flag_rules", a.flags.map(\.rule.rawValue).joined(separator: ","), &geo)
        str("flag_details", a.flags.map(\.detail).joined(separator: " | "), &geo)
        str("affected_countries", a.affected.map(\.iso).joined(separator: ","), &geo)
        str("convention_applies", a.affected.map { $0.iso + ":" + ($0.conventionApplies ? "yes" : "no") }.joined(separator: ","), &geo)
        for idx in rules.indices {
            let r = a.scores.first { $0.index == idx.id }
            num(idx.id, r?.value, 3, &geo)
            str(idx.id + "_class", r?.className, &geo)
            num(idx.id + "_low", r?.low, 3, &geo)
            num(idx.id + "_high", r?.high, 3, &geo)
            str(idx.id + "_class_low", r?.classLow, &geo)
            str(idx.id + "_class_high", r?.classHigh, &geo)
            int(idx.id + "_stand_ins", r?.standInCount, &geo)
            if let r {
                scratch.removeAll(keepingCapacity: true)
                for (j, term) in r.terms.enumerated() {
                    if j > 0 { scratch += "; " }
                    scratch += term.name
                    scratch += "="
                    scratch += NumberFormat.fixed(term.points, decimals: 3)
                    if term.usedDefault { scratch += "*" }
                }
                str(idx.id + "_terms", scratch, &geo)
            } else {
                str(idx.id + "_terms", nil, &geo)
            }
            // Inputs that were missing; the points that stood in are in _terms (marked *), and each
            // default's reason is in summary.json (stand_ins), once rather than on every site.
            str(idx.id + "_missing", r.map { $0.missing.map(\.input).joined(separator: "; ") }, &geo)
        }
        let ro = a.runout
        let best = ro?.estimates.max { $0.runoutKm < $1.runoutKm }
        num("runout_km", ro?.runoutKm, 2, &geo)
        num("runout_low_km", best?.runoutKmLow, 2, &geo)
        num("runout_high_km", best?.runoutKmHigh, 2, &geo)
        num("runout_released_m3", best?.releasedVolumeM3, 0, &geo)
        str("runout_model", best?.model, &geo)
        bool("runout_reaches_river", ro?.reachesRiver, &geo)
        bool("runout_reaches_border", ro?.reachesBorder, &geo)
        num("runout_river_reach_km", ro?.riverReachKm, 2, &geo)
        str("runout_note", ro.map { $0.unavailable.joined(separator: "; ") }, &geo)
        str("warnings", s.warnings.isEmpty && a.warnings.isEmpty ? "" : (s.warnings + a.warnings).joined(separator: " | "), &geo)
        str("input_origin", s.origin.description, &geo)
        writeInputs(s, &geo)

        geo.append(contentsOf: Self.geometryHead)
        var at = geo.count
        NumberFormat.appendRounded(s.position.lon, decimals: LayerWriter.decimals, to: &geo)
        CSV.appendNumber(geo[at...], decimalComma: csvFormat.decimalComma, into: &cells[lonColumn])
        geo.append(UInt8(ascii: ","))
        at = geo.count
        NumberFormat.appendRounded(s.position.lat, decimals: LayerWriter.decimals, to: &geo)
        CSV.appendNumber(geo[at...], decimalComma: csvFormat.decimalComma, into: &cells[latColumn])
        geo.append(contentsOf: Self.featureTail)

        let csvStart = csv.count
        var csvRankAt = 0
        for (c, cell) in cells.enumerated() {
            if c > 0 { csv.append(csvFormat.delimiter) }
            if c == rankColumn { csvRankAt = csv.count - csvStart }
            csv.append(contentsOf: cell)
        }
        csv.append(0x0D); csv.append(0x0A)
        return (geoRankAt, csvRankAt)
    }

    /// The inventory's own attributes, in schema order (null where this site has none).
    private mutating func writeInputs(_ s: Site, _ geo: inout [UInt8]) {
        for i in touched { inputs[i] = nil }
        touched.removeAll(keepingCapacity: true)
        SiteSchema.inputNames(s, computed: computedSet, into: &names, sortedKeys: &attributeKeys)
        var n = 0
        func put(_ cell: InputCell) {
            let p = inputPosition[names[n]]! - schema.computedCount
            inputs[p] = cell
            touched.append(p)
            n += 1
        }
        for k in attributeKeys {
            switch s.attributes[k]! {
            case .number(let d): put(.number(d))
            case .text(let t): put(.text(t))
            case .flag(let b): put(.flag(b))
            }
        }
        if !s.substances.isEmpty {
            put(.text(s.substances.map { "\($0.name):\(NumberFormat.json($0.tonnes)):\($0.waterHazardClass.map(String.init) ?? "")" }.joined(separator: "; ")))
        }
        for (_, v) in s.extra { put(.text(v)) }
        let firstInputColumn = schema.csvColumns.count
        for (j, cell) in inputs.enumerated() {
            geo.append(UInt8(ascii: ","))
            appendKey(schema.computedCount + j, &geo)
            switch cell {
            case nil: geo.append(contentsOf: Self.null)
            case .number(let d)?:
                let t = NumberFormat.json(d).utf8
                geo.append(contentsOf: t)
                CSV.appendNumber(t, decimalComma: csvFormat.decimalComma, into: &cells[firstInputColumn + j])
            case .text(let t)?:
                JSONWriter.appendEscaped(t, to: &geo)
                CSV.appendField(t, delimiter: csvFormat.delimiter, into: &cells[firstInputColumn + j])
            case .flag(let b)?:
                geo.append(contentsOf: (b ? "true" : "false").utf8)
                cells[firstInputColumn + j].append(contentsOf: (b ? "true" : "false").utf8)
            }
        }
    }

    static let featureHead: [UInt8] = Array("{\"type\":\"Feature\",\"properties\":{".utf8)
    static let geometryHead: [UInt8] = Array("},\"geometry\":{\"type\":\"Point\",\"coordinates\":[".utf8)
    static let featureTail: [UInt8] = Array("]}}".utf8)
}
