import Foundation
import GeoKit

/// sites.geojson: one Point Feature per site with every layer field of the table (nulls where absent), in
/// rank order, coordinates at the layers' precision.
public struct GeoJSONSink: SiteSink {
    public let schema: SiteSchema
    public let bbox: Envelope?
    public let fileName: String
    public var timingKey: String { "write_sites_geojson" }
    /// Escaped `"key":` of every layer field, and its position in the table.
    let keys: [(bytes: [UInt8], field: Int)]

    public init(schema: SiteSchema, bbox: Envelope?, fileName: String = "sites.geojson") {
        self.schema = schema; self.bbox = bbox; self.fileName = fileName
        keys = schema.fields.enumerated().filter { $0.element.formats.contains(.layer) }.map { i, f in
            var b: [UInt8] = []
            JSONWriter.appendEscaped(f.name, to: &b)
            b.append(UInt8(ascii: ":"))
            return (b, i)
        }
    }

    final class Rows: SiteRowSink, @unchecked Sendable {
        let sink: GeoJSONSink
        let rows: SpilledRows
        var sites: Range<Int> { rows.sites }
        init(_ sink: GeoJSONSink, _ rows: SpilledRows) { self.sink = sink; self.rows = rows }

        func append(_ values: [FieldValue], position: Coordinate) throws {
            try rows.append { out in
                let start = out.count
                var rankAt = 0
                out.append(contentsOf: GeoJSONSink.featureHead)
                for (n, k) in sink.keys.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: k.bytes)
                    if k.field == sink.schema.rankField { rankAt = out.count - start; continue }
                    FieldBytes.appendJSON(values[k.field], sink.schema.fields[k.field].type, to: &out)
                }
                out.append(contentsOf: GeoJSONSink.geometryHead)
                NumberFormat.appendRounded(position.lon, decimals: LayerWriter.decimals, to: &out)
                out.append(UInt8(ascii: ","))
                NumberFormat.appendRounded(position.lat, decimals: LayerWriter.decimals, to: &out)
                out.append(contentsOf: GeoJSONSink.featureTail)
                return rankAt
            }
        }
    }

    public func rowSink(worker: Int, sites: Range<Int>, spillDirectory: URL) throws -> any SiteRowSink {
        Rows(self, try SpilledRows(sites: sites, spillDirectory: spillDirectory, tag: "\(worker)-geojson"))
    }

    public func publish(_ parts: [any SiteRowSink], ranking: [Int], to url: URL) throws -> Int {
        let g = try AtomicStream(url)
        try g.write(GeoJSON.collectionHead(bbox: bbox, decimals: LayerWriter.decimals))
        try SpilledRows.copyOut(parts.map { ($0 as! Rows).rows }, ranking: ranking, to: g) { $0 == 0 ? "\n" : ",\n" }
        try g.write("\n]}\n")
        try g.commit()
        return ranking.count
    }

    static let featureHead: [UInt8] = Array("{\"type\":\"Feature\",\"properties\":{".utf8)
    static let geometryHead: [UInt8] = Array("},\"geometry\":{\"type\":\"Point\",\"coordinates\":[".utf8)
    static let featureTail: [UInt8] = Array("]}}".utf8)
}
