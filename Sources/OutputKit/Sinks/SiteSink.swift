import Foundation
import GeoKit

/// One output format of the site table (sites.geojson, sites.csv, ...). The worker loop hands every
/// analysed site's evaluated row to one `SiteRowSink` per sink and worker; the rank is not known yet. At the
/// end, `publish` writes the file from all workers' rows in rank order. Adding a format is adding one sink.
public protocol SiteSink: Sendable {
    /// The file written in the output folder.
    var fileName: String { get }
    /// The key of its time in summary.json's `timings_s`.
    var timingKey: String { get }
    /// A writer for one worker's contiguous range of sites, owned by that worker.
    func rowSink(worker: Int, sites: Range<Int>, spillDirectory: URL) throws -> any SiteRowSink
    /// Writes `url` from the workers' row sinks (as made by `rowSink`), rows in `ranking` order (site
    /// indices, best first); returns the number of rows written.
    func publish(_ parts: [any SiteRowSink], ranking: [Int], to url: URL) throws -> Int
}

/// Takes one worker's rows in site order.
public protocol SiteRowSink: AnyObject, Sendable {
    var sites: Range<Int> { get }
    /// One site's row: `values` in field-table order (`risk_rank` still null), and its position.
    func append(_ values: [FieldValue], position: Coordinate) throws
}

/// Where one row sits in a spill file. The rank is not known when the row is written, so each row is
/// stored in two parts around the place where the rank goes.
public struct RowSpan: Sendable {
    public var offset: Int64
    public var length: Int32
    public var rankAt: Int32
}

/// The rows of a byte format (GeoJSON, CSV) that one worker wrote, in an unlinked spill file: only the
/// spans stay in memory, however large the inventory.
public final class SpilledRows: @unchecked Sendable {
    public let sites: Range<Int>
    let spill: RowSpill
    var spans: [RowSpan] = []

    init(sites: Range<Int>, spillDirectory: URL, tag: String) throws {
        self.sites = sites
        spill = try RowSpill(directory: spillDirectory, tag: tag)
        spans.reserveCapacity(sites.count)
    }

    /// Appends one row: `encode` writes it into the buffer and returns where the rank goes (from its start).
    func append(_ encode: (inout [UInt8]) -> Int) throws {
        let start = spill.buffer.count, offset = spill.offset
        let rankAt = encode(&spill.buffer)
        spans.append(RowSpan(offset: offset, length: Int32(spill.buffer.count - start), rankAt: Int32(rankAt)))
        try spill.flushIfFull()
    }

    /// Visits every row in rank order, writing it with its 1-based rank into `out`; `separator` goes before
    /// each row (it is given the row's position in the output).
    static func copyOut(_ parts: [SpilledRows], ranking: [Int], to out: AtomicStream, separator: (Int) -> String? = { _ in nil }) throws {
        for p in parts { try p.spill.flush() }
        for (n, i) in ranking.enumerated() {
            guard let p = parts.first(where: { $0.sites.contains(i) }) else { continue }
            let span = p.spans[i - p.sites.lowerBound]
            if let s = separator(n) { try out.write(s) }
            try p.spill.withBytes(at: span.offset, count: Int(span.length)) { b in
                try out.write(bytes: UnsafeRawBufferPointer(rebasing: b[0..<Int(span.rankAt)]))
                try out.write(String(n + 1))
                try out.write(bytes: UnsafeRawBufferPointer(rebasing: b[Int(span.rankAt)...]))
            }
        }
    }
}
