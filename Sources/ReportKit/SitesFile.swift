import Foundation
import GeoKit

/// Reads the first features of a sites.geojson as BasinMap writes it (one feature per line, in risk
/// order), so a million-site run costs the report only the lines it shows.
public enum SitesFile {
    public static func read(_ url: URL, limit: Int) throws -> [ReportSite] {
        guard limit > 0 else { return [] }
        let h = try FileHandle(forReadingFrom: url)
        defer { try? h.close() }
        var out: [ReportSite] = [], pending = Data(), line = 0
        func take(_ bytes: Data) throws {
            line += 1
            var b = bytes
            while let last = b.last, last == UInt8(ascii: ",") || last == UInt8(ascii: "\r") { b.removeLast() }
            guard b.starts(with: Array(#"{"type":"Feature""#.utf8)) else { return }
            let f: JSON
            do { f = try JSON.parse(Data(b)) } catch { throw ReportError("\(url.lastPathComponent) line \(line): \(error)") }
            let c = f["geometry"]?["coordinates"]?.arrayValue
            out.append(ReportSite(properties: f["properties"]?.objectValue ?? [], lon: c?.first?.doubleValue, lat: c?.dropFirst().first?.doubleValue))
        }
        // The newline search resumes where the last one stopped: a site with a million columns is one
        // 40 MB line, and searching it from its start for every 64 KB read was quadratic (140 s).
        var scanned = 0
        while out.count < limit {
            guard let chunk = try h.read(upToCount: 1 << 16), !chunk.isEmpty else { break }
            pending.append(chunk)
            while out.count < limit, let nl = pending[(pending.startIndex + scanned)...].firstIndex(of: 0x0A) {
                try take(pending[pending.startIndex..<nl])
                pending = Data(pending[(nl + 1)...])
                scanned = 0
            }
            scanned = pending.count
        }
        if out.count < limit && !pending.isEmpty { try take(pending) }
        return out
    }
}
