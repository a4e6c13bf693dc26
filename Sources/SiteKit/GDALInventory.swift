import Foundation
import GeoKit

// Workbooks (XLSX, ODS) and GIS datasets (GeoPackage, Shapefile, KML/KMZ) read through GDAL (GeoKit's
// VectorSource) into the same RecordBuilder as CSV, so a column means the same and is checked the same.
//
// Spreadsheets are opened with HEADERS=DISABLE and FIELD_TYPES=STRING: every cell arrives as its text
// (numbers typed as text and text typed as numbers alike; dates and formulas as the values the
// workbook cached), GDAL's FID is the row number and field k is column k. The header is found as in a
// CSV: the first of the first ten non-blank rows naming at least two known columns; rows above it
// (titles, a merged title whose text GDAL gives in its top-left cell only) are skipped with a warning.
// Text cells are read with a decimal comma ("110,5"), as in a ';'-separated CSV: a cell holds no
// delimiter, and typed numbers never have one.

enum GDALInventory {
    static let sheetOptions = ["HEADERS=DISABLE", "FIELD_TYPES=STRING"]

    static func isSheet(_ f: InventoryFormat) -> Bool { f == .xlsx || f == .ods }

    static func drivers(_ f: InventoryFormat) -> [String] {
        switch f {
        case .xlsx: ["XLSX"]
        case .ods: ["ODS"]
        case .gpkg: ["GPKG"]
        case .shapefile: ["ESRI Shapefile"]
        default: ["LIBKML", "KML"]
        }
    }

    static func formatName(_ f: InventoryFormat) -> String {
        switch f {
        case .xlsx: "Excel workbook (XLSX)"
        case .ods: "OpenDocument spreadsheet (ODS)"
        case .gpkg: "GeoPackage"
        case .shapefile: "Shapefile"
        default: "KML/KMZ file"
        }
    }

    /// Column letters as a spreadsheet shows them: 0 -> A, 25 -> Z, 26 -> AA.
    static func letters(_ k: Int) -> String {
        var n = k + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// Reads `path` (or, without one, the bytes through a temporary file).
    static func read(path: String?, data: Data, name: String, format: InventoryFormat, options: InventoryOptions) -> FileOutcome {
        var out = FileOutcome()
        var tmp: URL? = nil
        defer { if let tmp { try? FileManager.default.removeItem(at: tmp.deletingLastPathComponent()) } }
        var openPath = path
        if openPath == nil {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-read-\(UUID().uuidString)")
            let f = dir.appendingPathComponent(name.isEmpty ? "inventory" : name)
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try data.write(to: f)
            } catch {
                out.unreadable = "\(name): cannot stage the \(formatName(format)) for GDAL (\(error))"
                return out
            }
            tmp = f; openPath = f.path
        }
        let source: VectorSource
        let layers: [VectorLayerInfo]
        do {
            source = try VectorSource.open(openPath!, drivers: drivers(format), options: isSheet(format) ? sheetOptions : [])
            layers = try source.layers()
        } catch {
            let n = formatName(format)
            let hint = isSheet(format) ? "; if it opens in a spreadsheet program, save it again, or save the sheet as 'CSV UTF-8' and give that file" : ""
            let why = "the file looks like \("AEIOU".contains(n.first!) ? "an" : "a") \(n) but GDAL cannot read it (\(error))\(hint); no records read"
            out.add(.reject(Reject(origin: RecordOrigin(file: name), field: "file", reason: why)))
            out.unreadable = "\(name): \(why)"
            return out
        }
        defer { source.close() }
        let sheet = isSheet(format)
        let what = sheet ? "sheet" : "layer"
        let chosen = sheet ? options.sheet : options.layer
        if let other = sheet ? options.layer : options.sheet {
            out.fileWarnings.append("\(name): --\(sheet ? "layer" : "sheet") '\(other)' ignored: this \(formatName(format)) has \(what)s (use --\(what))")
        }
        var indices = Array(layers.indices)
        if let chosen {
            guard let k = layers.firstIndex(where: { $0.name == chosen }) else {
                let why = "no \(what) '\(chosen)' (--\(what)); its \(what)s: \(layers.map { "'\($0.name)'" }.joined(separator: ", "))"
                out.add(.reject(Reject(origin: RecordOrigin(file: name), field: what, value: chosen, reason: why)))
                out.unreadable = "\(name): \(why)"
                return out
            }
            indices = [k]
        }
        var read: [String] = [], empty: [String] = [], headerless: [String] = [], failures: [String] = []
        for k in indices {
            let info = layers[k]
            var chunk = ChunkOutcome()
            var notes: [String] = []
            let result: LayerResult
            do {
                result = sheet ? try readSheet(source, k, info, name: name, options: options, into: &chunk, notes: &notes)
                               : try readLayer(source, k, info, name: name, options: options, into: &chunk, notes: &notes)
            } catch {
                failures.append("\(what) '\(info.name)': \(error)")
                continue
            }
            switch result {
            case .empty: empty.append("'\(info.name)'")
            case .noHeader(let found): headerless.append("'\(info.name)' (\(found))")
            case .read:
                read.append("\(what) '\(info.name)' (\(chunk.count) record\(chunk.count == 1 ? "" : "s"))")
                out.chunks.append(chunk)
                out.fileWarnings += notes
            }
        }
        out.fileWarnings += source.warnings.prefix(20).map { "\(name): GDAL: \($0)" }
        out.parts = read.map { "\(name) \($0)" }
        if !empty.isEmpty { out.fileWarnings.append("\(name): empty \(what)(s) \(empty.joined(separator: ", ")): nothing to read") }
        if !headerless.isEmpty {
            out.fileWarnings.append("\(name): \(what)(s) without a recognisable header not read: \(headerless.joined(separator: "; ")); expected column names such as \(CSVReader.expectedColumns)")
        }
        for f in failures { out.fileWarnings.append("\(name): \(f)") }
        if read.isEmpty {
            let why = layers.isEmpty ? "the \(formatName(format)) holds no \(what)s"
                : "no \(what) with a recognisable header (\(what)s: \(layers.map { "'\($0.name)'" }.joined(separator: ", ")))\(failures.isEmpty ? "" : "; " + failures.joined(separator: "; ")); expected column names such as \(CSVReader.expectedColumns)"
            out.add(.reject(Reject(origin: RecordOrigin(file: name), field: "header", reason: why)))
            out.unreadable = "\(name): \(why); no records read"
        } else if out.recordCount == 0 {
            out.unreadable = "\(name): \(read.joined(separator: ", ")) but no data rows: no records"
        }
        return out
    }

    enum LayerResult { case read, empty, noHeader(String) }

    /// The cells as RecordBuilder's bytes and ranges, the first `width` columns.
    static func cells(_ values: [String?], width: Int) -> ([UInt8], [Range<Int>]) {
        var bytes: [UInt8] = [], ranges: [Range<Int>] = []
        ranges.reserveCapacity(width)
        for k in 0..<width {
            let s = bytes.count
            if k < values.count, let v = values[k] { bytes.append(contentsOf: v.utf8) }
            ranges.append(s..<bytes.count)
        }
        return (bytes, ranges)
    }

    static func isBlank(_ values: [String?]) -> Bool {
        values.allSatisfy { $0 == nil || $0!.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{A0}" } }
    }

    static func readSheet(_ source: VectorSource, _ k: Int, _ info: VectorLayerInfo, name: String, options: InventoryOptions,
                          into chunk: inout ChunkOutcome, notes: inout [String]) throws -> LayerResult {
        var schema: Schema? = nil
        var builder: RecordBuilder? = nil
        var width = 0, headerRow = 0, tries = 0, blank = 0, any = false
        var preamble: [Int] = [], firstFound = ""
        var beyond = 0, firstBeyond: String? = nil
        let projections = ProjectionCache()
        var local = ChunkOutcome()
        try source.features(layer: k) { f in
            let row = f.fid
            if isBlank(f.values) { if schema != nil { blank += 1 }; return true }
            any = true
            guard let s = schema, let b = builder else {
                tries += 1
                let last = f.values.lastIndex { $0.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? false } ?? 0
                let headers = (0...last).map { c -> String in
                    let h = f.values[c]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    return h.isEmpty ? "column \(letters(c))" : h
                }
                if firstFound.isEmpty {
                    firstFound = "row \(row): " + headers.prefix(6).map { quoted($0) }.joined(separator: ", ") + (headers.count > 6 ? " and \(headers.count - 6) more" : "")
                }
                let cand = Schema(headers: headers, columns: options.columns)
                if cand.recognisedCount >= 2 {
                    schema = cand; width = headers.count; headerRow = row
                    builder = RecordBuilder(schema: cand, decimalComma: true, options: options, projections: projections)
                    return true
                }
                preamble.append(row)
                return tries < 10
            }
            var warnings: [String] = []
            if f.values.count > width, let c = f.values[width...].firstIndex(where: { $0.map { !$0.isEmpty } ?? false }) {
                beyond += 1
                if firstBeyond == nil { firstBeyond = "row \(row), column \(letters(c))" }
                warnings.append("cell(s) right of the header's last column (from column \(letters(c)): \(quoted(f.values[c]!))) ignored")
            }
            let (bytes, ranges) = cells(f.values, width: width)
            let origin = RecordOrigin(file: name, sheet: info.name, row: row)
            var o = bytes.withUnsafeBufferPointer { b.build($0, ranges, origin: origin, recordWarnings: warnings) }
            if case .reject(var r) = o, let field = r.field {
                if let c = Field.allCases.first(where: { $0.canonical == field }).flatMap({ s.fieldColumn[$0.rawValue] }) {
                    r.origin.column = letters(c)
                } else if let c = s.names.firstIndex(of: field) { r.origin.column = letters(c) }
                o = .reject(r)
            }
            local.add(o)
            return true
        }
        chunk = local
        if !any { return .empty }
        guard let schema else { return .noHeader(firstFound.isEmpty ? "no readable text" : "found \(firstFound)") }
        let label = "\(name) sheet '\(info.name)'"
        if !preamble.isEmpty { notes.append("\(label): row(s) \(preamble.map(String.init).joined(separator: ", ")) above the header on row \(headerRow) skipped (titles)") }
        var checked = Set<String>()
        notes += schema.headerWarnings(label, skipNames: &checked)
        let missing = schema.missingRequired
        if !missing.isEmpty { notes.append("\(label): the header on row \(headerRow) has no column for \(missing.joined(separator: ", ")); every row will be rejected") }
        if blank > 0 { notes.append("\(label): \(blank) blank row(s) skipped") }
        if beyond > 0 { notes.append("\(label): \(beyond) row(s) have cells right of the header's last column (the first at \(firstBeyond!)); those cells are ignored, each row warned") }
        return .read
    }

    static func readLayer(_ source: VectorSource, _ k: Int, _ info: VectorLayerInfo, name: String, options: InventoryOptions,
                          into chunk: inout ChunkOutcome, notes: inout [String]) throws -> LayerResult {
        let schema = Schema(headers: info.fieldNames, columns: options.columns)
        let label = "\(name) layer '\(info.name)'"
        // The geometry gives the position, so one known column besides it is a header.
        guard schema.recognisedCount + (info.hasGeometry ? 1 : 0) >= 2 else {
            return .noHeader("fields " + info.fieldNames.prefix(6).map { quoted($0) }.joined(separator: ", "))
        }
        let builder = RecordBuilder(schema: schema, decimalComma: false, options: options, projections: ProjectionCache())
        let geos = GEOSContext()
        var local = ChunkOutcome()
        let hasColumns = schema.has(.lat) || schema.has(.lon) || schema.has(.x) || schema.has(.y)
        var any = false
        try source.features(layer: k) { f in
            any = true
            var given = GivenFacts()
            if let p = f.geometryProblem {
                given.problems.append(Problem(field: "geometry", value: nil, message: p))
            } else {
                switch f.geometry {
                case nil:
                    if !hasColumns { given.problems.append(Problem(field: "geometry", value: nil, message: "no geometry and no lat/lon columns; expected a Point, Polygon or MultiPolygon")) }
                case .point(let c)?: given.position = c
                case .multiPoint(let cs)? where cs.count == 1: given.position = cs[0]
                case .polygon(let p)?: GeoJSONReader.footprint(.polygon(p), [p], &given, geos)
                case .multiPolygon(let ps)?: GeoJSONReader.footprint(.multiPolygon(ps), ps, &given, geos)
                case let g?:
                    given.problems.append(Problem(field: "geometry", value: g.typeName, message: "geometry type \(g.typeName) is not supported; expected a Point, Polygon or MultiPolygon"))
                }
            }
            if given.position != nil && hasColumns { given.warnings.append("both a geometry and position columns given; the geometry used") }
            let (bytes, ranges) = cells(f.values, width: info.fieldNames.count)
            let origin = RecordOrigin(file: name, layer: info.name, feature: f.fid)
            local.add(bytes.withUnsafeBufferPointer { builder.build($0, ranges, origin: origin, given: given) })
            return true
        }
        chunk = local
        if !any { return .empty }
        var checked = Set<String>()
        notes += schema.headerWarnings(label, skipNames: &checked)
        if info.hasGeometry && info.crsName == nil {
            notes.append("\(label): no CRS declared (a Shapefile without its .prj?); coordinates taken as lon/lat WGS84")
        }
        return .read
    }
}
