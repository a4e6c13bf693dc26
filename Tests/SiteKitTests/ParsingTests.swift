import Foundation
import GeoKit
import XCTest
@testable import SiteKit

final class NumberAndAngleTests: XCTestCase {
    func num(_ s: String, comma: Bool = false) -> Double? { Num.parse(s, decimalComma: comma) }

    func testNumbers() {
        XCTAssertEqual(num("41.282"), 41.282)
        XCTAssertEqual(num(" -0.5 "), -0.5)
        XCTAssertEqual(num("41,282", comma: true), 41.282)
        XCTAssertNil(num("41,282"))  // comma-delimited files: a comma is never a decimal separator
        XCTAssertEqual(num("110 500"), 110_500)
        XCTAssertEqual(num("110\u{A0}500,5", comma: true), 110_500.5)
        XCTAssertEqual(num("1.5e6"), 1.5e6)
        XCTAssertEqual(num("12345678901234567890123"), 12345678901234567890123.0)
        XCTAssertEqual(num("0.1"), 0.1)
        XCTAssertEqual(num("3.141592653589793238"), Double.pi)
        XCTAssertTrue(num("nan")?.isNaN ?? false)
        XCTAssertEqual(num("-inf"), -.infinity)
        XCTAssertNil(num("12abc"))
        XCTAssertNil(num("1 2 3x"))
        XCTAssertNil(num(""))
        XCTAssertNil(num("."))
        XCTAssertNil(num("1e"))
        // Fast path equals Foundation's parsing on many random decimals.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let s = "\(rng.below(200) - 100).\(rng.below(1_000_000_000))"
            XCTAssertEqual(num(s), Double(s), s)
        }
    }

    func angle(_ s: String, _ axis: Axis = .lat) -> Double? {
        if case .success(let v) = Angle.parse(s, axis: axis, decimalComma: true) { return v }
        return nil
    }

    func testAngles() {
        XCTAssertEqual(angle("40°30'15\"S")!, -(40 + 30 / 60.0 + 15 / 3600.0), accuracy: 1e-12)
        XCTAssertEqual(angle("72°28′34″ W", .lon)!, -(72 + 28 / 60.0 + 34 / 3600.0), accuracy: 1e-12)
        XCTAssertEqual(angle("40°30,5'")!, 40 + 30.5 / 60, accuracy: 1e-12)
        XCTAssertEqual(angle("-40 30")!, -40.5, accuracy: 1e-12)
        XCTAssertEqual(angle("40°30' ю.ш.")!, -40.5, accuracy: 1e-12)
        XCTAssertEqual(angle("69°36' з.д.", .lon)!, -69.6, accuracy: 1e-12)
        XCTAssertNil(angle("40.5°30'"))       // fraction in degrees followed by minutes
        XCTAssertNil(angle("40°30'15\"N", .lon))
        XCTAssertNil(angle("-40°30'S"))       // sign and hemisphere
        XCTAssertNil(angle("40 30 15 10"))
        XCTAssertNil(angle("forty"))
        XCTAssertNil(angle("40°60'"))
    }

    func testCRSNormalisation() {
        XCTAssertEqual(ProjectionCache.normalise("32642"), "EPSG:32642")
        XCTAssertEqual(ProjectionCache.normalise("epsg: 32642"), "EPSG:32642")
        XCTAssertEqual(ProjectionCache.normalise("+proj=utm +zone=42"), "+proj=utm +zone=42")
    }
}

final class SyntheticAndFuzzTests: XCTestCase {
    func testSyntheticCSVReadsBackAsSites() throws {
        let text = SyntheticInventory.csv(count: 800, seed: 42, extent: TestBasin.extent, countries: TestBasin.isos)
        XCTAssertEqual(text, SyntheticInventory.csv(count: 800, seed: 42, extent: TestBasin.extent, countries: TestBasin.isos), "deterministic")
        XCTAssertNotEqual(text, SyntheticInventory.csv(count: 800, seed: 43, extent: TestBasin.extent, countries: TestBasin.isos))
        let r = try InventoryReader.read(data: Data(text.utf8), name: "synthetic.csv",
                                         options: InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent))
        let expected = SyntheticInventory.sites(count: 800, seed: 42, extent: TestBasin.extent, countries: TestBasin.isos)
        XCTAssertEqual(r.rejects.count, 0, r.rejects.prefix(3).description)
        XCTAssertEqual(r.sites.count, expected.count)
        XCTAssertTrue(r.sites.contains { $0.kind == .tailings } && r.sites.contains { $0.kind == .other })
        XCTAssertTrue(r.sites.contains { !$0.substances.isEmpty })
        for (a, b) in zip(r.sites, expected) {
            XCTAssertEqual(a.id, b.id)
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.kind, b.kind)
            XCTAssertEqual(a.position, b.position)
            XCTAssertEqual(a.attributes, b.attributes)
            XCTAssertEqual(a.substances, b.substances)
            XCTAssertEqual(a.origin, b.origin)
        }
    }

    func testSyntheticWriteStreamsTheSameText() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitekit-synthetic-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try SyntheticInventory.write(count: 3000, seed: 5, extent: TestBasin.extent, countries: TestBasin.isos, to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), SyntheticInventory.csv(count: 3000, seed: 5, extent: TestBasin.extent, countries: TestBasin.isos))
        // A nonsense extent must not trap.
        XCTAssertEqual(SyntheticInventory.sites(count: 3, seed: 1, extent: Envelope(minX: .nan, minY: 0, maxX: 1, maxY: 1), countries: TestBasin.isos).count, 3)
        let box = Envelope(minX: 70, minY: 40, maxX: 71, maxY: 41)
        XCTAssertTrue(SyntheticInventory.sites(count: 200, seed: 2, extent: box, countries: TestBasin.isos).allSatisfy { box.contains($0.position) })
    }

    func testLargeFileIsChunkedInOrder() throws {
        // > 1 MiB so the reader splits it across threads; order and line numbers must survive.
        let n = 15_000
        let text = SyntheticInventory.csv(count: n, seed: 9, extent: TestBasin.extent, countries: TestBasin.isos)
        XCTAssertGreaterThan(text.utf8.count, 1 << 20)
        let one = try InventoryReader.read(data: Data(text.utf8), name: "s.csv", options: InventoryOptions(countries: TestBasin.countries, threads: 1))
        let two = try InventoryReader.read(data: Data(text.utf8), name: "s.csv", options: InventoryOptions(countries: TestBasin.countries, threads: 2))
        XCTAssertEqual(one.sites.count, n)
        XCTAssertEqual(two.sites.map(\.id), one.sites.map(\.id))
        XCTAssertEqual(two.sites.map(\.origin), one.sites.map(\.origin))
        XCTAssertEqual(two.sites.last?.origin.line, n + 1)
    }

    /// Seeded byte mutations of valid files: the reader never crashes and every record is accounted for.
    func testMutatedInputsKeepTheInvariant() throws {
        let sources = ["semicolon_decimal_comma.csv", "bom_crlf.csv", "dms.csv", "projected.csv", "sites.geojson", "cyrillic_headers.tsv"]
        let datas = try sources.map { try Data(contentsOf: fixture($0)) }
        let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x0A, 0x0D, 0x09, 0x00, 0xFF, 0xC2, 0x7B, 0x5B, 0x5D, 0x7D, 0x3A, 0x2D, 0x2E, 0x30]
        var rng = SplitMix64(seed: 20240601)
        for iteration in 0..<3000 {
            let k = rng.below(datas.count)
            var bytes = [UInt8](datas[k])
            for _ in 0...rng.below(4) {
                guard !bytes.isEmpty else { break }
                let at = rng.below(bytes.count)
                let b = rng.below(2) == 0 ? interesting[rng.below(interesting.count)] : UInt8(rng.below(256))
                switch rng.below(4) {
                case 0: bytes[at] = b
                case 1: bytes.insert(b, at: at)
                case 2: bytes.remove(at: at)
                default: bytes.removeSubrange(at..<bytes.count)  // truncate
                }
            }
            let r = try InventoryReader.read(data: Data(bytes), name: sources[k], format: sources[k].hasSuffix("geojson") ? .geojson : .csv,
                                             options: InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent))
            XCTAssertTrue(r.isBalanced, "iteration \(iteration): \(r.recordsRead) != \(r.sites.count) + \(r.rejects.count)")
            for rj in r.rejects { XCTAssertFalse(rj.reason.isEmpty) }
        }
    }
}
