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
/// filled in, so neither file (nor the inventory's analyses) is ever held in memory whole.
public enum SiteTable {
    /// Returns the number of features written.
    @discardableResult
    public static func assemble(_ parts: [SiteRows], ranking: [Int], schema: SiteSchema, bbox: Envelope?,
                                geojson: URL, csv: URL, bom: Bool) throws -> Int {
        let g = try AtomicStream(geojson), c = try AtomicStream(csv)
        try g.write(GeoJSON.collectionHead(bbox: bbox, decimals: LayerWriter.decimals))
        try c.write((bom ? "\u{FEFF}" : "") + CSV.line(schema.csvColumns))
        for p in parts { try p.geo.flush(); try p.csv.flush() }
        var n = 0
        for i in ranking {
            guard let p = parts.first(where: { $0.range.contains(i) }) else { continue }
            let span = p.spans[i - p.range.lowerBound]
            let rank = String(n + 1)
            try g.write(n == 0 ? "\n" : ",\n")
            try p.geo.withBytes(at: span.geoOffset, count: Int(span.geoLength)) { b in
                try g.write(bytes: UnsafeRawBufferPointer(rebasing: b[0..<Int(span.geoRankAt)]))
                try g.write(rank)
                try g.write(bytes: UnsafeRawBufferPointer(rebasing: b[Int(span.geoRankAt)...]))
            }
            try p.csv.withBytes(at: span.csvOffset, count: Int(span.csvLength)) { b in
                try c.write(bytes: UnsafeRawBufferPointer(rebasing: b[0..<Int(span.csvRankAt)]))
                try c.write(rank)
                try c.write(bytes: UnsafeRawBufferPointer(rebasing: b[Int(span.csvRankAt)...]))
            }
            n += 1
        }
        try g.write("\n]}\n")
        try g.commit()
        try c.commit()
        return n
    }
}
