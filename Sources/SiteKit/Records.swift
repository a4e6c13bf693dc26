import Foundation
import GeoKit

// Turning one record (CSV row or GeoJSON feature, as unescaped field bytes) into a Site or a Reject.
// Both readers share this so a column means the same thing in both formats.

enum Outcome: Sendable {
    case site(Site)
    case reject(Reject)
}

enum Column: Sendable {
    case field(Field)
    case extra(String)
}

struct RecordBuilder {
    let schema: Schema
    let decimalComma: Bool
    let options: InventoryOptions
    let projections: ProjectionCache

    let attributeColumns: Int
    let vocab = VocabularyTables()
    let countryTable: [String: String]
    let countryHelp: String
    let memoKind = Memo<(KindMatch, String)>(), memoCountry = Memo<String>(), memoStatus = Memo<String>(), memoPrecision = Memo<String>()

    /// `schema` should be this task's own copy (see `Schema.copy`): shared buffers would make every
    /// thread bump the same reference counts.
    init(schema: Schema, decimalComma: Bool, options: InventoryOptions, projections: ProjectionCache) {
        self.schema = schema; self.decimalComma = decimalComma; self.options = options; self.projections = projections
        countryTable = Vocabulary.countries(options.countries)
        countryHelp = Vocabulary.countryHelp(options.countries)
        let attributeFields: [Field] = [.storedVolume, .wgk, .status, .damHeight, .flood, .seismicMSK, .seismicPGA, .damCondition, .population, .intakes, .protected]
        attributeColumns = attributeFields.filter { schema.has($0) }.count
    }

    /// `buf` holds the record's unescaped field bytes; `ranges[i]` is column i.
    func build(_ buf: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], origin: RecordOrigin,
               given: GivenFacts? = nil, recordWarnings: [String] = [], recordProblems: [Problem] = []) -> Outcome {
        var problems = recordProblems
        var warnings = recordWarnings
        if let given { problems += given.problems; warnings += given.warnings }

        func slice(_ f: Field) -> UnsafeBufferPointer<UInt8>? {
            guard let c = schema.fieldColumn[f.rawValue], c < ranges.count else { return nil }
            let t = Num.trim(UnsafeBufferPointer(rebasing: buf[ranges[c]]))
            return t.isEmpty ? nil : t
        }
        func string(_ p: UnsafeBufferPointer<UInt8>, _ what: String) -> String {
            if isASCII(p) { return String(decoding: p, as: UTF8.self) }  // nothing to repair: fast path
            if let s = String(validating: p, as: UTF8.self) { return s }
            warnings.append("\(what): invalid UTF-8 bytes replaced with U+FFFD")
            return String(decoding: p, as: UTF8.self)
        }
        func text(_ f: Field) -> String? { slice(f).map { string($0, f.canonical) } }
        func missing(_ f: Field, _ what: String) {
            if schema.has(f) { problems.append(Problem(field: f.canonical, value: nil, message: "missing \(what) (empty \(f.canonical))")) }
            else { problems.append(Problem(field: f.canonical, value: nil, message: "missing \(what) (no column for \(f.canonical); accepted names: \(f.aliases.prefix(6).joined(separator: ", ")))")) }
        }
        /// An optional value that does not parse: the site keeps everything else, scoring treats the
        /// input as missing (its stand-in applies, listed in the index's `_missing` column).
        func drop(_ f: Field, _ value: String, _ why: String) {
            warnings.append("\(f.canonical) \(quoted(value)): \(why); value ignored, scored as a missing input (stand-in)")
        }
        /// A quantity field; nil when empty or unreadable (a warning is recorded for unreadable ones).
        /// Plain numbers take the byte fast path; words, units and header units go through `Quantity`.
        func number(_ f: Field, _ range: ClosedRange<Double>, _ expected: String, integer: Bool = false) -> Double? {
            guard let p = slice(f) else { return nil }
            let headerUnit = schema.fieldUnit[f.rawValue]
            var v: Double
            if headerUnit == nil, let x = Num.parse(p, decimalComma: decimalComma) { v = x } else {
                let s = string(p, f.canonical)
                if Quantity.isNoData(s) { return nil }  // "-", "н/д": the inventory says it does not know
                let r = f == .seismicMSK ? Quantity.intensity(s, decimalComma: decimalComma, headerUnit: headerUnit)
                                         : Quantity.parse(s, f.dimension ?? .count, decimalComma: decimalComma, headerUnit: headerUnit)
                switch r {
                case .failure(let e): drop(f, s, "\(e.message); expected \(expected)\(commaHint(p))"); return nil
                case .success(let q):
                    v = q.value
                    if let n = q.note { warnings.append("\(f.canonical) \(n)") }
                }
            }
            if !v.isFinite { drop(f, string(p, f.canonical), "not a finite number; expected \(expected)"); return nil }
            if !range.contains(v) { drop(f, string(p, f.canonical), "\(fmt(v)) is out of range; expected \(expected)"); return nil }
            if integer && v != v.rounded() {
                let r = v.rounded(.toNearestOrAwayFromZero)
                warnings.append("\(f.canonical) \(quoted(string(p, f.canonical))) is not a whole number; rounded to \(fmt(r))")
                v = r
            }
            return v
        }
        func choice<T>(_ f: Field, _ table: [String: T], _ help: String, _ memo: Memo<T>? = nil) -> T? {
            guard let p = slice(f) else { return nil }
            if let v = memo?.get(p) { return v }
            let s = string(p, f.canonical)
            if let v = Vocabulary.lookup(table, s) { memo?.put(p, v); return v }
            var why = "not recognised; expected \(help)"
            // "Состояние" columns hold either a dam condition or an operating status.
            if f == .damCondition, let st = Vocabulary.lookup(vocab.statuses, s) {
                why += " (it reads as operating status '\(st)': map the column to operating_status with --columns)"
            }
            drop(f, s, why); return nil
        }

        // Identity. A kind text that is present but not recognised still identifies a hazardous site:
        // it is kept as `other` (the weaker claim: no dam is invented) with a warning; only a missing kind rejects.
        var id = text(.id)
        if id == nil, let fid = given?.featureID { id = fid }
        if id == nil { missing(.id, "id") }
        let name = text(.name)
        if name == nil { missing(.name, "name") }
        var kind: KindMatch? = nil
        var kindInput: String? = nil
        if let p = slice(.kind) {
            if let (m, s) = memoKind.get(p) { kind = m; kindInput = s } else {
                let s = string(p, "kind")
                kindInput = s
                if let m = Vocabulary.lookup(vocab.kinds, s) { kind = m; memoKind.put(p, (m, s)) }
                else if let (m, w) = Vocabulary.kindByWords(s) {
                    kind = m
                    warnings.append("kind \(quoted(s)) read as \(m.kind.rawValue) (\(m.detail)) from the word \(quoted(w))")
                } else {
                    kind = KindMatch(kind: .other, detail: "")
                    warnings.append("kind \(quoted(s)) not recognised (expected \(Vocabulary.kindHelp)); kept as an other hazardous site, text kept in kind_input")
                }
            }
        } else { missing(.kind, "kind") }

        var extra: [(String, String)] = []
        var country: String? = nil
        if let cp = slice(.country), let iso = memoCountry.get(cp) {
            country = iso
        } else if let cp = slice(.country) {
            let c = string(cp, "country")
            if let iso = Vocabulary.lookup(countryTable, c) { country = iso; memoCountry.put(cp, iso) }
            // No basin given (e.g. `validate` without --basin): an ISO alpha-2 code is taken as written.
            else if options.countries.isEmpty, c.count == 2, c.allSatisfy({ $0.isASCII && $0.isUppercase }) { country = c }
            else {
                warnings.append("country \(quoted(c)) not recognised (expected \(countryHelp)); kept as extra 'country'")
                extra.append(("country", c))
            }
        }

        // Position: geometry (GeoJSON), else lat/lon, else x/y with a CRS.
        var position: Coordinate? = given?.position
        var positionField = "geometry"
        if position == nil {
            let latP = slice(.lat), lonP = slice(.lon)
            if latP != nil || lonP != nil {
                positionField = latP == nil ? "lat" : "lon"
                let lat = latP.flatMap { angle(.lat, $0, .lat, &problems, string) }
                let lon = lonP.flatMap { angle(.lon, $0, .lon, &problems, string) }
                if latP == nil { missing(.lat, "latitude") }
                if lonP == nil { missing(.lon, "longitude") }
                if let lat, let lon { position = Coordinate(lon: lon, lat: lat); positionField = "lat" }
                if slice(.x) != nil || slice(.y) != nil { warnings.append("both lat/lon and x/y given; lat/lon used") }
            } else if slice(.x) != nil || slice(.y) != nil {
                positionField = "x"
                position = projected(buf, ranges, &problems, string)
            } else if schema.has(.lat) || schema.has(.lon) || schema.has(.x) || schema.has(.y) {
                problems.append(Problem(field: schema.has(.lat) ? "lat" : "x", value: nil, message: "missing position (empty \(schema.has(.lat) ? "lat and lon" : "x and y"))"))
            } else if given == nil {
                problems.append(Problem(field: "lat", value: nil, message: "missing position (no lat/lon or x/y columns; accepted names: lat, latitude, широта / lon, lng, longitude, долгота / x, y with crs)"))
            }
        }
        if let p = position {
            checkPosition(p, positionField, &problems)
            if p.lat == 0 && p.lon == 0 { warnings.append("position 0, 0 is usually a placeholder for an unknown position") }
        }

        var precision = given?.precision
        if let pp = slice(.precision), let v = memoPrecision.get(pp) {
            if precision == nil { precision = v }
        } else if let pp = slice(.precision) {
            let s = string(pp, "position_precision")
            if let v = Vocabulary.lookup(vocab.precisions, s) {
                memoPrecision.put(pp, v)
                if precision == nil { precision = v }
            } else { warnings.append("position_precision \(quoted(s)) not recognised (expected site, village, town or approximate); ignored"); extra.append(("position_precision", s)) }
        }

        // Attributes: exactly the keys in AttributeKey.
        // Sized once: growing a dictionary insert by insert costs more than the rest of the row.
        var attrs: [String: AttributeValue] = attributeColumns == 0 ? [:] : Dictionary(minimumCapacity: attributeColumns)
        if let v = number(.storedVolume, 0...1e13, "a volume in m3 >= 0") { attrs[AttributeKey.storedVolume] = .number(v) }
        if let p = slice(.wgk), p.count == 1, p[0] >= 0x31, p[0] <= 0x33 {
            attrs[AttributeKey.waterHazardClass] = .number(Double(p[0] - 0x30))  // the usual "1".."3"
        } else if let p = slice(.wgk) {
            // "2.0", "WGK 2", "WGK2"
            var t = string(p, "water_hazard_class")
            if t.lowercased().hasPrefix("wgk") { t = String(t.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
            if let v = Num.parse(t, decimalComma: decimalComma), v == v.rounded(), (1...3).contains(v) { attrs[AttributeKey.waterHazardClass] = .number(v) }
            else { drop(.wgk, string(p, "water_hazard_class"), "expected a water hazard class 1, 2 or 3 (WGK)") }
        }
        if let s = choice(.status, vocab.statuses, Vocabulary.statusHelp, memoStatus) { attrs[AttributeKey.operatingStatus] = .text(s) }
        if let v = number(.damHeight, 0...400, "a dam height in metres, 0 to 400") { attrs[AttributeKey.damHeight] = .number(v) }
        if let s = choice(.flood, vocab.levels, "low, medium or high") { attrs[AttributeKey.floodHazard] = .text(s) }
        if let v = number(.seismicMSK, 1...12, "an MSK-64 intensity 1 to 12 (arabic or roman, e.g. 8 or VIII)") { attrs[AttributeKey.seismicIntensity] = .number(v) }
        if let v = number(.seismicPGA, 0...30, "a peak ground acceleration in m/s2, 0 to 30 (values above look like cm/s2)") { attrs[AttributeKey.seismicPGA] = .number(v) }
        if let s = choice(.damCondition, vocab.conditions, "good, fair, poor or critical") { attrs[AttributeKey.damCondition] = .text(s) }
        if let v = number(.population, 0...1e10, "a number of people >= 0", integer: true) { attrs[AttributeKey.populationDownstream] = .number(v) }
        if let v = number(.intakes, 0...1e6, "a count of drinking-water intakes >= 0", integer: true) { attrs[AttributeKey.drinkingWaterIntakes] = .number(v) }
        if let b = choice(.protected, vocab.flags, "yes or no (true/false, 1/0, да/нет)") { attrs[AttributeKey.protectedAreas] = .flag(b) }

        var substances: [Substance] = given?.substances ?? []
        if given?.substances == nil, let p = slice(.substances) {
            switch SubstanceList.parse(p, decimalComma: decimalComma) {
            case .success(let list):
                substances = list
                if !isASCII(p) && String(validating: p, as: UTF8.self) == nil { warnings.append("substances: invalid UTF-8 bytes replaced with U+FFFD") }
            case .failure(let e): drop(.substances, string(p, "substances"), e.message)
            }
        }

        for (i, col) in schema.columns.enumerated() {
            guard case .extra(let h) = col else { continue }
            let v = i < ranges.count ? string(UnsafeBufferPointer(rebasing: buf[ranges[i]]), h) : ""
            extra.append((h, v))
        }

        // A rejected record's warnings join its reason, so the reject lists everything found.
        var alsoWarned = !warnings.isEmpty
        if options.strict && problems.isEmpty && !warnings.isEmpty {
            alsoWarned = false
            problems.append(Problem(field: nil, value: nil, message: "strict mode rejects records with warnings: " + warnings.joined(separator: "; ")))
        }
        guard problems.isEmpty, let id, let name, let kind, let position else {
            let first = problems.first ?? Problem(field: nil, value: nil, message: "incomplete record")
            return .reject(Reject(origin: origin, id: id, field: first.field, value: first.value,
                                  reason: (problems.map(\.message) + (!alsoWarned ? [] : ["also: " + warnings.joined(separator: "; ")])).joined(separator: "; ")))
        }
        return .site(Site(id: id, name: name, kind: kind.kind, kindInput: kindInput, kindDetail: kind.detail.isEmpty ? nil : kind.detail,
                          declaredCountry: country, position: position,
                          footprint: given?.footprint, positionPrecision: precision, source: text(.source),
                          attributes: attrs, substances: substances, extra: extra, origin: origin, warnings: warnings))
    }

    /// "41,282" in a comma-delimited file is most likely a decimal comma: say so instead of only "not a number".
    private func commaHint(_ p: UnsafeBufferPointer<UInt8>) -> String {
        !decimalComma && p.contains(0x2C) ? " (a decimal comma is read only in ';'- or tab-delimited files; write 41.282)" : ""
    }

    private func angle(_ f: Field, _ p: UnsafeBufferPointer<UInt8>, _ axis: Axis, _ problems: inout [Problem],
                       _ string: (UnsafeBufferPointer<UInt8>, String) -> String) -> Double? {
        if let v = Num.parse(p, decimalComma: decimalComma) {
            if v.isFinite { return v }
            let s = string(p, f.canonical)
            problems.append(Problem(field: f.canonical, value: s, message: "\(f.canonical) \(quoted(s)): not a finite number"))
            return nil
        }
        let s = string(p, f.canonical)
        switch Angle.parse(s, axis: axis, decimalComma: decimalComma) {
        case .success(let v): return v
        case .failure(let e):
            problems.append(Problem(field: f.canonical, value: s, message: "\(f.canonical) \(quoted(s)): \(e.message); expected decimal degrees or degrees-minutes-seconds such as 40°30'15\"N\(commaHint(p))"))
            return nil
        }
    }

    private func projected(_ buf: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], _ problems: inout [Problem],
                           _ string: (UnsafeBufferPointer<UInt8>, String) -> String) -> Coordinate? {
        func slice0(_ c: Int) -> Slice<UnsafeBufferPointer<UInt8>> { buf[c < ranges.count ? ranges[c] : 0..<0] }
        var x: Double? = nil, y: Double? = nil
        for (f, store) in [(Field.x, 0), (Field.y, 1)] {
            guard let c = schema.fieldColumn[f.rawValue] else { continue }
            let p = Num.trim(UnsafeBufferPointer(rebasing: slice0(c)))
            if p.isEmpty { problems.append(Problem(field: f.canonical, value: nil, message: "missing \(f.canonical) (empty)")); continue }
            if let v = Num.parse(p, decimalComma: decimalComma), v.isFinite { if store == 0 { x = v } else { y = v } }
            else { let s = string(p, f.canonical); problems.append(Problem(field: f.canonical, value: s, message: "\(f.canonical) \(quoted(s)): expected a projected coordinate in metres")) }
        }
        if !schema.has(.y) { problems.append(Problem(field: "y", value: nil, message: "missing y (no y/northing column)")) }
        if !schema.has(.x) { problems.append(Problem(field: "x", value: nil, message: "missing x (no x/easting column)")) }
        var crsText: String? = nil
        if let c = schema.fieldColumn[Field.crs.rawValue] {
            let p = Num.trim(UnsafeBufferPointer(rebasing: slice0(c)))
            if !p.isEmpty { crsText = string(p, "crs") }
        }
        guard let crsRaw = crsText ?? options.crs else {
            problems.append(Problem(field: "crs", value: nil, message: "x/y given without a CRS: add a 'crs' (or 'epsg') column such as EPSG:32642, or set the default CRS option; for degrees use lat/lon columns"))
            return nil
        }
        guard let x, let y else { return nil }
        let crs = ProjectionCache.normalise(crsRaw)
        switch projections.projection(crs) {
        case .failure(let e):
            problems.append(Problem(field: "crs", value: crsRaw, message: "crs \(quoted(crsRaw)): not a CRS PROJ knows (\(e.message))"))
            return nil
        case .success(let proj):
            do { return try proj.forward(Coordinate(x: x, y: y)) } catch {
                problems.append(Problem(field: "x", value: "\(fmt(x)) \(fmt(y))", message: "x/y \(fmt(x)), \(fmt(y)) in \(crs) cannot be converted to lon/lat: \(error)"))
                return nil
            }
        }
    }

    private func checkPosition(_ p: Coordinate, _ field: String, _ problems: inout [Problem]) {
        let lat = p.lat, lon = p.lon
        let swapped = Coordinate(lon: lat, lat: lon)
        let swapFits = abs(swapped.lat) <= 90 && abs(swapped.lon) <= 180 && (options.extent?.contains(swapped) ?? true)
        let fieldName = field == "lat" ? "lat" : field
        if !p.isFinite {
            problems.append(Problem(field: fieldName, value: "\(lat) \(lon)", message: "position is not finite"))
        } else if abs(lat) > 90 || abs(lon) > 180 {
            if swapFits && abs(lat) > 90 {
                problems.append(Problem(field: fieldName, value: "\(fmt(lat)), \(fmt(lon))", message: "latitude and longitude appear swapped: lat \(fmt(lat)) is beyond ±90 but lon \(fmt(lon)) would be a valid latitude"))
            } else {
                problems.append(Problem(field: fieldName, value: "\(fmt(lat)), \(fmt(lon))", message: "position out of range: lat \(fmt(lat)) (expected -90 to 90), lon \(fmt(lon)) (expected -180 to 180)"))
            }
        } else if let e = options.extent, !e.contains(p) {
            let box = "[\(fmt(e.minX)), \(fmt(e.minY)), \(fmt(e.maxX)), \(fmt(e.maxY))] (lon/lat)"
            if swapFits {
                problems.append(Problem(field: fieldName, value: "\(fmt(lat)), \(fmt(lon))", message: "latitude and longitude appear swapped: lat \(fmt(lat)), lon \(fmt(lon)) is outside the basin's extent \(box) but swapped it falls inside"))
            } else {
                problems.append(Problem(field: fieldName, value: "\(fmt(lat)), \(fmt(lon))", message: "position lat \(fmt(lat)), lon \(fmt(lon)) is outside the basin's extent \(box)"))
            }
        }
    }
}
