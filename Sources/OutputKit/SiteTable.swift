import Foundation
import GeoKit

/// The rows one worker wrote for a contiguous range of sites (site order), in its spill files.
public struct SiteRows: Sendable {
    public var range: Range<Int>
    public var spans: [RowSpan]
    public var geo: RowSpill
    public var csv: RowSpill

    public init(range: Range<Int>, spans: [RowSpan], geo: RowSpill, csv: RowSpill) {
        self.range = range; self.spans = spans; self.geo = geo; self.csv = csv
    }
}

/// sites.geojson and sites.csv, streamed: the workers' rows are copied out in rank order with the rank
/// filled in, so neither file (nor the inventory's analyses) is ever held in memory whole. The two files
/// can be written at the same time: the GeoJSON writer reads only the GeoJSON spill files, the CSV writer
/// only the CSV ones.
public enum SiteTable {
    /// sites.geojson, rows in rank order; returns the number of features written.
    @discardableResult
    public static func writeGeoJSON(_ parts: [SiteRows], ranking: [Int], bbox: Envelope?, to url: URL) throws -> Int {
        let g = try AtomicStream(url)
        try g.write(GeoJSON.collectionHead(bbox: bbox, decimals: LayerWriter.decimals))
        for p in parts { try p.geo.flush() }
        try forEachRow(parts, ranking) { n, rank, p, span in
            try g.write(n == 0 ? "\n" : ",\n")
            try p.geo.withBytes(at: span.geoOffset, count: Int(span.geoLength)) { b in
                try g.write(bytes: UnsafeRawBufferPointer(rebasing: b[0..<Int(span.geoRankAt)]))
                try g.write(rank)
                try g.write(bytes: UnsafeRawBufferPointer(rebasing: b[Int(span.geoRankAt)...]))
            }
        }
        try g.write("\n]}\n")
        try g.commit()
        return ranking.count
    }

    /// sites.csv, rows in rank order.
    public static func writeCSV(_ parts: [SiteRows], ranking: [Int], schema: SiteSchema, bom: Bool, to url: URL) throws {
        try writeCSV(parts, ranking: ranking, schema: schema, format: CSVFormat(bom: bom), to: url)
    }

    /// sites.csv, rows in rank order; the rows must have been written with the same format.
    public static func writeCSV(_ parts: [SiteRows], ranking: [Int], schema: SiteSchema, format: CSVFormat, to url: URL) throws {
        let c = try AtomicStream(url)
        try c.write(CSV.header(schema.csvHeader, format: format))
        for p in parts { try p.csv.flush() }
        try forEachRow(parts, ranking) { _, rank, p, span in
            try p.csv.withBytes(at: span.csvOffset, count: Int(span.csvLength)) { b in
                try c.write(bytes: UnsafeRawBufferPointer(rebasing: b[0..<Int(span.csvRankAt)]))
                try c.write(rank)
                try c.write(bytes: UnsafeRawBufferPointer(rebasing: b[Int(span.csvRankAt)...]))
            }
        }
        try c.commit()
    }

    /// Visits the rows in rank order with their 1-based rank.
    private static func forEachRow(_ parts: [SiteRows], _ ranking: [Int], _ body: (Int, String, SiteRows, RowSpan) throws -> Void) throws {
        for (n, i) in ranking.enumerated() {
            guard let p = parts.first(where: { $0.range.contains(i) }) else { continue }
            try body(n, String(n + 1), p, p.spans[i - p.range.lowerBound])
        }
    }
}

extension SiteSchema {
    /// The columns of sites.csv: the report's computed columns, then the inventory's own attributes (as in
    /// sites.geojson); an inventory name equal to a CSV-only column (`lon`, `lat`) gets `input_`.
    public var csvHeader: [String] {
        let taken = Set(csvColumns)
        return csvColumns + keys[computedCount...].map { taken.contains($0) ? "input_" + $0 : $0 }
    }
}
