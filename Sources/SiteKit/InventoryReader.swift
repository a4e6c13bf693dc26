import Foundation
import GeoKit

/// Reads site inventories (CSV or GeoJSON). Every record ends up in `sites` or `rejects`.
public enum InventoryReader {
    /// Reads files in the given order. Throws only when a file cannot be opened or read at all; everything
    /// inside a readable file (garbage included) is reported as rejects and warnings.
    public static func read(_ urls: [URL], options: InventoryOptions = InventoryOptions()) throws -> InventoryResult {
        var parts: [(String, FileOutcome)] = []
        for url in urls {
            let data: Data
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw InventoryReadError(path: url.path, reason: "no such file; check the path (give a .csv or .geojson inventory)")
            }
            if isDir.boolValue { throw InventoryReadError(path: url.path, reason: "is a directory; give the inventory file inside it") }
            do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
                throw InventoryReadError(path: url.path, reason: "\(error.localizedDescription); check the file's permissions")
            }
            let name = url.lastPathComponent
            parts.append((name, readOne(data, name: name, format: .auto, options: options)))
        }
        return merge(parts)
    }

    public static func read(data: Data, name: String, format: InventoryFormat = .auto,
                            options: InventoryOptions = InventoryOptions()) throws -> InventoryResult {
        merge([(name, readOne(data, name: name, format: format, options: options))])
    }

    static func readOne(_ data: Data, name: String, format: InventoryFormat, options: InventoryOptions) -> FileOutcome {
        switch resolve(format, data: data, name: name) {
        case .geojson: return GeoJSONReader.read(data, name: name, options: options)
        default: return data.withUnsafeBytes { raw in CSVReader.read(raw.bindMemory(to: UInt8.self), name: name, options: options) }
        }
    }

    static func resolve(_ format: InventoryFormat, data: Data, name: String) -> InventoryFormat {
        if format != .auto { return format }
        let lower = name.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") { return .geojson }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
        // No telling extension: JSON starts with '{' (after an optional BOM and spaces).
        for b in data.prefix(64) where !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0xEF || b == 0xBB || b == 0xBF) {
            return b == 0x7B ? .geojson : .csv
        }
        return .csv
    }

    /// Concatenates file outcomes in order and rejects repeated ids, pointing at the first occurrence.
    static func merge(_ parts: [(String, FileOutcome)]) -> InventoryResult {
        var result = InventoryResult()
        var firstSeen: [String: RecordOrigin] = [:]
        let total = parts.reduce(0) { $0 + $1.1.outcomes.count }
        result.sites.reserveCapacity(total)
        firstSeen.reserveCapacity(total)
        for (_, part) in parts {
            result.recordsRead += part.outcomes.count
            result.fileWarnings += part.fileWarnings
            for o in part.outcomes {
                switch o {
                case .reject(let r): result.rejects.append(r)
                case .site(let s):
                    if let first = firstSeen[s.id] {
                        result.rejects.append(Reject(origin: s.origin, id: s.id, field: "id", value: s.id,
                                                     reason: "duplicate id \(quoted(s.id)) (first at \(first))"))
                    } else {
                        firstSeen[s.id] = s.origin
                        result.sites.append(s)
                    }
                }
            }
        }
        return result
    }
}
