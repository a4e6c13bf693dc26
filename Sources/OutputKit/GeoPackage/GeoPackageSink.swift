import Foundation
import GeoKit

/// basinmap.gpkg's `sites` layer: every layer field of the table with its declared type (a column null in
/// every row keeps its type), one Point per site in rank order, EPSG:4326. Workers spill their rows in a
/// compact binary form; `publish` writes them in rank order inside transactions, so the sites are never
/// all in memory. The context layers and the styles are added afterwards (`GeoPackageLayers`).
public struct GeoPackageSink: SiteSink {
    /// The GDAL format written: one GeoPackage, or a folder of Shapefiles (one per layer, 10-byte names).
    public enum Target: Sendable { case geoPackage, shapefiles }
    public let schema: SiteSchema
    public let target: Target
    public let fileName: String
    public var timingKey: String { target == .geoPackage ? "write_sites_gpkg" : "write_sites_shp" }
    public static let layerName = "sites"
    /// Positions in the table of the fields the layer carries as columns, in layer order.
    let columns: [Int]
    /// Layer fields beyond SQLite's column limit (2,000 per table, fid and geom included): an inventory
    /// with thousands of columns keeps them all, these in one JSON text column, `more_columns_json`.
    let overflow: [Int]
    public static let maxColumns = 1_900
    public static let overflowField = "more_columns_json"
    public var overflowCount: Int { overflow.count }
    /// Rows per transaction: large enough that SQLite commits are rare, small enough that its journal stays small.
    static let batch = 50_000

    public init(schema: SiteSchema, target: Target = .geoPackage) {
        self.schema = schema; self.target = target
        fileName = target == .geoPackage ? "basinmap.gpkg" : "shapefiles"
        let all = schema.fields.indices.filter { schema.fields[$0].formats.contains(.layer) }
        columns = Array(all.prefix(Self.maxColumns))
        overflow = Array(all.dropFirst(Self.maxColumns))
    }

    public var layerFields: [VectorField] {
        columns.map { let f = schema.fields[$0]; return VectorField(f.name, f.type.vector, alias: f.alias) }
            + (overflow.isEmpty ? [] : [VectorField(Self.overflowField, .string, alias: "More inventory columns (JSON)")])
    }

    /// The fields as the target writes them (Shapefile: short names, texts 254 bytes wide).
    var writtenFields: [VectorField] {
        let fs = layerFields
        guard target == .shapefiles else { return fs }
        let names = ShapefileNames(fs.map(\.name))
        return zip(fs, names.short).map { f, n in VectorField(n, f.type, alias: f.name, width: f.type == .string ? 254 : nil) }
    }

    /// The overflow fields of one row as a JSON object of its non-null values (nil when all are null).
    func overflowJSON(_ values: [FieldValue]) -> String? {
        var out: [UInt8] = [UInt8(ascii: "{")]
        var any = false
        for k in overflow where values[k] != .null {
            if any { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendEscaped(schema.fields[k].name, to: &out)
            out.append(UInt8(ascii: ":"))
            FieldBytes.appendJSON(values[k], schema.fields[k].type, to: &out)
            any = true
        }
        out.append(UInt8(ascii: "}"))
        return any ? String(decoding: out, as: UTF8.self) : nil
    }

    final class Rows: SiteRowSink, @unchecked Sendable {
        let sink: GeoPackageSink
        let rows: SpilledRows
        var sites: Range<Int> { rows.sites }
        init(_ sink: GeoPackageSink, _ rows: SpilledRows) { self.sink = sink; self.rows = rows }

        func append(_ values: [FieldValue], position: Coordinate) throws {
            try rows.append { out in
                RowCodec.appendDouble(position.lon, to: &out)
                RowCodec.appendDouble(position.lat, to: &out)
                for k in sink.columns { RowCodec.append(values[k], sink.schema.fields[k].type, to: &out) }
                if !sink.overflow.isEmpty { RowCodec.append(sink.overflowJSON(values).map(FieldValue.text) ?? .null, .text, to: &out) }
                return 0
            }
        }
    }

    public func rowSink(worker: Int, sites: Range<Int>, spillDirectory: URL) throws -> any SiteRowSink {
        Rows(self, try SpilledRows(sites: sites, spillDirectory: spillDirectory, tag: "\(worker)-gpkg"))
    }

    public func publish(_ parts: [any SiteRowSink], ranking: [Int], to url: URL) throws -> Int {
        let spilled = parts.map { ($0 as! Rows).rows }
        for p in spilled { try p.spill.flush() }
        try? FileManager.default.removeItem(at: url)
        let ds = try VectorDataset.create(url.path, driver: target == .geoPackage ? "GPKG" : "ESRI Shapefile")
        let layer = try ds.createLayer(Self.layerName, geometry: .point, fields: writtenFields, options: Self.layerOptions(target))
        let rankColumn = columns.firstIndex(of: schema.rankField)!
        var values = [VectorValue](repeating: .null, count: columns.count + (overflow.isEmpty ? 0 : 1))
        var n = 0
        while n < ranking.count {
            let end = min(ranking.count, n + Self.batch)
            try ds.transaction {
                for k in n..<end {
                    let i = ranking[k]
                    guard let p = spilled.first(where: { $0.sites.contains(i) }) else { continue }
                    let span = p.spans[i - p.sites.lowerBound]
                    var position = Coordinate(lon: 0, lat: 0)
                    try p.spill.withBytes(at: span.offset, count: Int(span.length)) { b in
                        var at = 0
                        position = Coordinate(lon: RowCodec.double(b, &at), lat: RowCodec.double(b, &at))
                        for c in values.indices { values[c] = RowCodec.value(b, &at) }
                    }
                    values[rankColumn] = .integer(k + 1)
                    try layer.add(values, geometry: .point(position))
                }
            }
            n = end
        }
        try ds.close()
        return ranking.count
    }
}

extension GeoPackageSink {
    static func layerOptions(_ t: Target) -> [String] {
        t == .geoPackage ? ["FID=fid", "GEOMETRY_NAME=geom"] : ["ENCODING=UTF-8", "RESIZE=NO", "DBF_DATE_LAST_UPDATE=2000-01-01"]
    }
}

/// The spilled form of a row's values: a tag byte, then 8 bytes for numbers or a length and UTF-8 for
/// texts. Reals are rounded to their field's decimals here, as the text formats round them.
enum RowCodec {
    static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }

    static func append(_ v: FieldValue, _ type: FieldType, to out: inout [UInt8]) {
        switch v {
        case .null: out.append(0)
        case .text(let s):
            out.append(1)
            let u = Array(s.utf8)
            withUnsafeBytes(of: UInt32(u.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: u)
        case .integer(let i): out.append(2); withUnsafeBytes(of: Int64(i).littleEndian) { out.append(contentsOf: $0) }
        case .real(let d):
            guard d.isFinite else { out.append(0); return }
            out.append(3)
            if case .real(let decimals?) = type { appendDouble(GeoJSON.round(d, decimals), to: &out) } else { appendDouble(d, to: &out) }
        case .boolean(let b): out.append(b ? 5 : 4)
        }
    }

    static func double(_ b: UnsafeRawBufferPointer, _ at: inout Int) -> Double {
        let bits = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        at += 8
        return Double(bitPattern: bits)
    }

    static func value(_ b: UnsafeRawBufferPointer, _ at: inout Int) -> VectorValue {
        let tag = b[at]
        at += 1
        switch tag {
        case 1:
            let n = Int(UInt32(littleEndian: b.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            at += 4
            let s = String(decoding: UnsafeRawBufferPointer(rebasing: b[at..<(at + n)]), as: UTF8.self)
            at += n
            return .string(s)
        case 2:
            let i = Int64(littleEndian: b.loadUnaligned(fromByteOffset: at, as: Int64.self))
            at += 8
            return .integer(Int(i))
        case 3: return .real(double(b, &at))
        case 4: return .boolean(false)
        case 5: return .boolean(true)
        default: return .null
        }
    }
}

extension FieldType {
    /// The type a GIS layer declares for this field.
    public var vector: VectorFieldType {
        switch self {
        case .text, .enumeration: .string
        case .integer: .integer64
        case .real: .real
        case .boolean: .boolean
        }
    }
}

extension FieldValue {
    public var vector: VectorValue {
        switch self {
        case .null: .null
        case .text(let s): .string(s)
        case .integer(let i): .integer(i)
        case .real(let d): d.isFinite ? .real(d) : .null
        case .boolean(let b): .boolean(b)
        }
    }
}
