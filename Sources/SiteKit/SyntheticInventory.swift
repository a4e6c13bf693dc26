import Foundation
import GeoKit

/// SplitMix64: tiny, fast, and the same sequence on every platform (Swift's default RNG is neither seeded
/// nor stable), so benchmarks and tests get identical inventories.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n (n > 0), by multiply-shift (no modulo bias worth mentioning for small n).
    mutating func below(_ n: Int) -> Int { Int((UInt128(next()) * UInt128(n)) >> 64) }
}

/// Seeded synthetic inventories for benchmarks and tests. `csv` and `sites` describe the same records:
/// reading `csv(count:seed:extent:)` gives sites equal to `sites(count:seed:extent:)`.
public enum SyntheticInventory {
    public static let header = "id,name,kind,country,lat,lon,position_precision,stored_volume_m3,water_hazard_class,operating_status,dam_height_m,substances,source"

    static let statuses = ["active", "inactive", "abandoned", "remediated", "unknown"]
    static let otherKinds = ["industrial", "chemical", "mine", "smelter"]
    static let substancePool: [(String, Int)] = [("cyanide", 3), ("lead", 2), ("zinc", 2), ("sulphuric acid", 1), ("arsenic", 3), ("diesel", 2)]

    /// One record as values; microdegree coordinates so the text form parses back to the same Double.
    struct Row {
        var index: Int, tailings: Bool, country: String, latMicro: Int, lonMicro: Int
        var volume: Int?, wgk: Int?, status: String, damHeight: Int?, substances: [(String, Int, Int)], otherKind: String
    }

    /// The extent to sample: a non-finite or inverted box would trap in the integer conversions below,
    /// so it falls back to the whole globe.
    static func usable(_ e: Envelope) -> Envelope {
        let ok = [e.minX, e.minY, e.maxX, e.maxY].allSatisfy { $0.isFinite && abs($0) <= 180 } && e.width >= 0 && e.height >= 0
        return ok ? e : Envelope(minX: -180, minY: -90, maxX: 180, maxY: 90)
    }

    static func row(_ i: Int, _ rng: inout SplitMix64, _ extent: Envelope, _ countries: [String]) -> Row {
        let e = usable(extent)
        let tailings = rng.below(100) < 45
        let latMicro = Int((e.minY * 1e6).rounded(.up)) + rng.below(max(1, Int(e.height * 1e6)))
        let lonMicro = Int((e.minX * 1e6).rounded(.up)) + rng.below(max(1, Int(e.width * 1e6)))
        // Four draws' worth of randomness whatever the list, so a basin with fewer countries keeps the sequence.
        let pick = rng.below(4)
        let country = countries.isEmpty ? "" : countries[pick % countries.count]
        let status = statuses[rng.below(statuses.count)]
        var volume: Int? = nil, wgk: Int? = nil, dam: Int? = nil
        var subs: [(String, Int, Int)] = []
        if tailings {
            if rng.below(10) < 8 { volume = 1000 * (1 + rng.below(40_000)) }
            if rng.below(10) < 7 { wgk = 1 + rng.below(3) }
            if rng.below(10) < 6 { dam = 5 + rng.below(80) }
        } else {
            for _ in 0..<rng.below(3) {
                let s = substancePool[rng.below(substancePool.count)]
                subs.append((s.0, 1 + rng.below(5000), s.1))
            }
        }
        return Row(index: i, tailings: tailings, country: country, latMicro: latMicro, lonMicro: lonMicro, volume: volume, wgk: wgk,
                   status: status, damHeight: dam, substances: subs, otherKind: otherKinds[rng.below(otherKinds.count)])
    }

    static func micro(_ m: Int) -> String {
        let neg = m < 0
        let a = abs(m)
        let frac = String(a % 1_000_000)
        return (neg ? "-" : "") + String(a / 1_000_000) + "." + String(repeating: "0", count: 6 - frac.count) + frac
    }

    static func id(_ r: Row) -> String { "SYN-\(r.country)-\(r.index)" }
    static func name(_ r: Row) -> String { r.tailings ? "Synthetic TMF \(r.index)" : "Synthetic \(r.otherKind) site \(r.index)" }

    static func line(_ r: Row) -> String {
        var s = id(r) + "," + name(r) + "," + (r.tailings ? "tailings" : r.otherKind) + "," + r.country + ","
        s += micro(r.latMicro) + "," + micro(r.lonMicro) + ",approximate,"
        s += (r.volume.map(String.init) ?? "") + "," + (r.wgk.map(String.init) ?? "") + "," + r.status + ","
        s += (r.damHeight.map(String.init) ?? "") + ","
        if !r.substances.isEmpty { s += "\"" + r.substances.map { "\($0.0):\($0.1):\($0.2)" }.joined(separator: "; ") + "\"" }
        s += ",synthetic\n"
        return s
    }

    /// The whole inventory as CSV text (header + `count` rows, LF line ends).
    /// `countries`: ISO codes drawn from (the basin's; one of four draws each).
    public static func csv(count: Int, seed: UInt64, extent: Envelope, countries: [String]) -> String {
        var rng = SplitMix64(seed: seed)
        var out = header + "\n"
        out.reserveCapacity(count * 110)
        for i in 0..<count { out += line(row(i, &rng, extent, countries)) }
        return out
    }

    /// Streams the CSV to a file in blocks (memory stays small for millions of rows).
    public static func write(count: Int, seed: UInt64, extent: Envelope, countries: [String], to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let h = try? FileHandle(forWritingTo: url) else {
            throw InventoryReadError(path: url.path, reason: "cannot create the file; check the folder exists and is writable")
        }
        defer { try? h.close() }
        var rng = SplitMix64(seed: seed)
        var block = header + "\n"
        for i in 0..<count {
            block += line(row(i, &rng, extent, countries))
            if block.utf8.count > 1 << 20 { try h.write(contentsOf: Data(block.utf8)); block = "" }
        }
        try h.write(contentsOf: Data(block.utf8))
    }

    /// The same records as `csv` would give after reading (origin line = row index + 2).
    public static func sites(count: Int, seed: UInt64, extent: Envelope, countries: [String], fileName: String = "synthetic.csv") -> [Site] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let r = row(i, &rng, extent, countries)
            var attrs: [String: AttributeValue] = [AttributeKey.operatingStatus: .text(r.status)]
            if let v = r.volume { attrs[AttributeKey.storedVolume] = .number(Double(v)) }
            if let w = r.wgk { attrs[AttributeKey.waterHazardClass] = .number(Double(w)) }
            if let d = r.damHeight { attrs[AttributeKey.damHeight] = .number(Double(d)) }
            return Site(id: id(r), name: name(r), kind: r.tailings ? .tailings : .other, declaredCountry: r.country,
                        position: Coordinate(lon: Double(r.lonMicro) / 1e6, lat: Double(r.latMicro) / 1e6),
                        positionPrecision: "approximate", source: "synthetic", attributes: attrs,
                        substances: r.substances.map { Substance(name: $0.0, tonnes: Double($0.1), waterHazardClass: $0.2) },
                        origin: RecordOrigin(file: fileName, line: i + 2))
        }
    }
}
