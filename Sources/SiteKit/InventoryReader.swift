import Foundation
import GeoKit

/// Reads site inventories (CSV and GeoJSON with own readers; XLSX, ODS, GeoPackage, Shapefile, KML/KMZ through GDAL). Every record ends up in `sites` or `rejects`.
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
            var outcome = readOne(data, name: name, path: url.path, format: .auto, options: options)
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

    static func readOne(_ data: Data, name: String, path: String? = nil, format: InventoryFormat, options: InventoryOptions) -> FileOutcome {
        var out: FileOutcome
        let kind = format == .auto ? gdalFormat(data, name: name) : format
        if let kind, kind != .csv && kind != .geojson && kind != .auto {
            // A Shapefile's .dbf, .shx and .prj sit beside it: GDAL needs the path, not the bytes.
            var p = path
            if let q = p, kind == .shapefile, q.lowercased().hasSuffix(".dbf") { p = String(q.dropLast(4)) + ".shp"; if !FileManager.default.fileExists(atPath: p!) { p = q } }
            let regular = p.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeRegular } ?? false
            out = GDALInventory.read(path: regular ? p : nil, data: data, name: name, format: kind, options: options)
            if out.unreadable == nil && out.recordCount == 0 { out.unreadable = "\(name): no records (no sheet or layer holds data rows or features)" }
            return out
        }
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

    /// The GDAL-read format the content (ZIP, SQLite and Shapefile signatures, KML's root element) or,
    /// failing that, the extension says; nil for text (CSV, GeoJSON) and for what is refused.
    static func gdalFormat(_ data: Data, name: String) -> InventoryFormat? {
        let lower = name.lowercased()
        let head = [UInt8](data.prefix(16))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let probe = data.prefix(64 * 1024)
            func has(_ s: String) -> Bool { probe.range(of: Data(s.utf8)) != nil }
            if has("xl/") { return .xlsx }
            if has("opendocument.spreadsheet") { return .ods }
            if has(".kml") { return .kml }
            if lower.hasSuffix(".xlsx") { return .xlsx }
            if lower.hasSuffix(".ods") { return .ods }
            if lower.hasSuffix(".kmz") { return .kml }
            return nil  // another ZIP: TextDecoder names it
        }
        if head.starts(with: Array("SQLite format 3".utf8) + [0]) { return .gpkg }
        if head.starts(with: [0x00, 0x00, 0x27, 0x0A]) || lower.hasSuffix(".shp") || lower.hasSuffix(".dbf") { return .shapefile }
        if lower.hasSuffix(".gpkg") { return .gpkg }
        if lower.hasSuffix(".kml") { return .kml }
        if let text = String(data: data.prefix(1024), encoding: .utf8), text.contains("<kml") { return .kml }
        return nil
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
            result.fileWarnings += part.fileWarnings; result.recordsRead += part.recordCount; result.readParts += part.parts
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
        // Ordered by file, piece (a CSV chunk, a sheet, a layer), place in it, then arrival.
        var keyed: [(part: Int, chunk: Int, pos: Int, seq: Int, reject: Reject)] = []
        result.sites.reserveCapacity(totalSites)
        for (pi, (_, part)) in parts.enumerated() {
            for (ci, c) in part.chunks.enumerated() {
                for r in c.rejects { keyed.append((pi, ci, r.origin.position, keyed.count, r)) }
                for (k, s) in c.sites.enumerated() {
                    if collided.contains(c.idHashes[k]) {
                        if let f = first[s.id] {
                            keyed.append((pi, ci, s.origin.position, keyed.count,
                                          Reject(origin: s.origin, id: s.id, field: "id", value: s.id, reason: "duplicate id \(quoted(s.id)) (first at \(f))")))
                            continue
                        }
                        first[s.id] = s.origin
                    }
                    result.sites.append(s)
                }
            }
        }
        keyed.sort { ($0.part, $0.chunk, $0.pos, $0.seq) < ($1.part, $1.chunk, $1.pos, $1.seq) }
        result.rejects = keyed.map(\.reject)
        return result
    }
}
