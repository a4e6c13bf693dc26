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
            data = try contents(url)
            let name = url.lastPathComponent
            var outcome = readOne(data, name: name, format: .auto, options: options)
            // The error names the path as given ("/dev/null", not "null").
            if let u = outcome.unreadable, u.hasPrefix(name + ":") { outcome.unreadable = url.path + u.dropFirst(name.count) }
            parts.append((name, outcome))
        }
        return merge(parts)
    }

    public static func read(data: Data, name: String, format: InventoryFormat = .auto,
                            options: InventoryOptions = InventoryOptions()) throws -> InventoryResult {
        merge([(name, readOne(data, name: name, format: format, options: options))])
    }

    /// The file's bytes. Regular files are mapped; devices and pipes (/dev/null, <(...)) cannot be, so
    /// they are read to their end instead of failing with a misleading "permission" error.
    static func contents(_ url: URL) throws -> Data {
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.path)
        let regular = (attrs?[.type] as? FileAttributeType) == .typeRegular
        do {
            if regular { return try Data(contentsOf: url, options: .mappedIfSafe) }
            let h = try FileHandle(forReadingFrom: url)
            defer { try? h.close() }
            return try h.readToEnd() ?? Data()
        } catch {
            let denied = !FileManager.default.isReadableFile(atPath: url.path)
            throw InventoryReadError(path: url.path, reason: denied ? "permission denied; check the file's permissions" : "the file could not be read (\((error as NSError).localizedFailureReason ?? "I/O error"))")
        }
    }

    static func readOne(_ data: Data, name: String, format: InventoryFormat, options: InventoryOptions) -> FileOutcome {
        var out: FileOutcome
        if data.isEmpty {
            out = FileOutcome()
            out.fileWarnings.append("\(name): empty file, no records")
            out.unreadable = "\(name): the file is empty (0 bytes): no records"
            return out
        }
        switch TextDecoder.decode(data, name: name, forced: options.encoding) {
        case .refused(let why):
            out = FileOutcome()
            out.unreadable = why
        case .text(let text, let warnings):
            switch resolve(format, data: text, name: name) {
            case .geojson: out = GeoJSONReader.read(text, name: name, options: options)
            default: out = text.withUnsafeBytes { raw in CSVReader.read(raw.bindMemory(to: UInt8.self), name: name, options: options) }
            }
            out.fileWarnings.insert(contentsOf: warnings, at: 0)
        }
        if out.unreadable == nil && out.recordCount == 0 { out.unreadable = "\(name): no records (the file holds no data rows or features)" }
        return out
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
    /// Ids are first compared by hash (computed in the workers); only colliding hashes get the exact,
    /// order-preserving check, so a million unique ids cost a million integer set inserts.
    static func merge(_ parts: consuming [(String, FileOutcome)]) -> InventoryResult {
        var parts = parts
        var result = InventoryResult()
        let chunks = parts.flatMap { $0.1.chunks }
        let totalSites = chunks.reduce(0) { $0 + $1.sites.count }
        for (_, part) in parts {
            result.fileWarnings += part.fileWarnings; result.recordsRead += part.recordCount
            if let u = part.unreadable { result.unreadableFiles.append(u) }
        }
        var seen = Set<Int>(minimumCapacity: totalSites)
        var collided = Set<Int>()
        for c in chunks { for h in c.idHashes where !seen.insert(h).inserted { collided.insert(h) } }
        if collided.isEmpty {
            if chunks.count == 1 { result.sites = chunks[0].sites; result.rejects = chunks[0].rejects; return result }
            // Several chunks: take over the first non-empty chunk's array (its worker reserved room for
            // the whole file) and append the rest, rather than copying every site into a new array.
            for c in chunks { result.rejects += c.rejects }
            var taken = false
            for pi in parts.indices {
                for ci in parts[pi].1.chunks.indices where !parts[pi].1.chunks[ci].sites.isEmpty {
                    if !taken {
                        swap(&result.sites, &parts[pi].1.chunks[ci].sites)
                        result.sites.reserveCapacity(totalSites)
                        taken = true
                    } else {
                        result.sites += parts[pi].1.chunks[ci].sites
                        parts[pi].1.chunks[ci].sites = []
                    }
                }
            }
            return result
        }
        // Exact pass. Rejects are re-sorted into file order so duplicates sit among the other rejects.
        var first: [String: RecordOrigin] = [:]
        var keyed: [(part: Int, pos: Int, seq: Int, reject: Reject)] = []
        result.sites.reserveCapacity(totalSites)
        for (pi, (_, part)) in parts.enumerated() {
            for c in part.chunks {
                for r in c.rejects { keyed.append((pi, r.origin.line ?? r.origin.feature ?? -1, keyed.count, r)) }
                for (k, s) in c.sites.enumerated() {
                    if collided.contains(c.idHashes[k]) {
                        if let f = first[s.id] {
                            keyed.append((pi, s.origin.line ?? s.origin.feature ?? -1, keyed.count,
                                          Reject(origin: s.origin, id: s.id, field: "id", value: s.id, reason: "duplicate id \(quoted(s.id)) (first at \(f))")))
                            continue
                        }
                        first[s.id] = s.origin
                    }
                    result.sites.append(s)
                }
            }
        }
        keyed.sort { ($0.part, $0.pos, $0.seq) < ($1.part, $1.pos, $1.seq) }
        result.rejects = keyed.map(\.reject)
        return result
    }
}
