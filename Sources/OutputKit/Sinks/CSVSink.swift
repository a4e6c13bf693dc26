import Foundation
import GeoKit

/// sites.csv: the report's table, one line per site in rank order: the table's CSV fields, then the
/// inventory's own columns.
public struct CSVSink: SiteSink {
    public let schema: SiteSchema
    public let format: CSVFormat
    public let fileName: String
    public var timingKey: String { "write_sites_csv" }
    /// The table positions of the CSV's columns, in order.
    let columns: [Int]

    public init(schema: SiteSchema, format: CSVFormat, fileName: String = "sites.csv") {
        self.schema = schema; self.format = format; self.fileName = fileName
        columns = schema.fields.indices.filter { $0 >= schema.computedCount || schema.fields[$0].formats.contains(.csv) }
    }

    public var header: [String] { columns.map { schema.fields[$0].name } }

    final class Rows: SiteRowSink, @unchecked Sendable {
        let sink: CSVSink
        let rows: SpilledRows
        var scratch: [UInt8] = []
        var sites: Range<Int> { rows.sites }
        init(_ sink: CSVSink, _ rows: SpilledRows) { self.sink = sink; self.rows = rows }

        func append(_ values: [FieldValue], position: Coordinate) throws {
            try rows.append { out in
                let start = out.count
                var rankAt = 0
                for (n, f) in sink.columns.enumerated() {
                    if n > 0 { out.append(sink.format.delimiter) }
                    if f == sink.schema.rankField { rankAt = out.count - start; continue }
                    FieldBytes.appendCSV(values[f], sink.schema.fields[f].type, format: sink.format, scratch: &scratch, to: &out)
                }
                out.append(0x0D); out.append(0x0A)
                return rankAt
            }
        }
    }

    public func rowSink(worker: Int, sites: Range<Int>, spillDirectory: URL) throws -> any SiteRowSink {
        Rows(self, try SpilledRows(sites: sites, spillDirectory: spillDirectory, tag: "\(worker)-csv"))
    }

    public func publish(_ parts: [any SiteRowSink], ranking: [Int], to url: URL) throws -> Int {
        let c = try AtomicStream(url)
        try c.write(CSV.header(header, format: format))
        try SpilledRows.copyOut(parts.map { ($0 as! Rows).rows }, ranking: ranking, to: c)
        try c.commit()
        return ranking.count
    }
}
