import Foundation
import GeoKit
import XCTest
import SiteKit

/// Not part of the normal suite: `BASINMAP_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter SiteKitTests.BenchmarkTests`.
final class BenchmarkTests: XCTestCase {
    func testRead1MRows() throws {
        guard ProcessInfo.processInfo.environment["BASINMAP_BENCH"] == "1" else { throw XCTSkip("set BASINMAP_BENCH=1 (release build) to run") }
        let n = Int(ProcessInfo.processInfo.environment["BASINMAP_BENCH_ROWS"] ?? "") ?? 1_000_000
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-sites-bench-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try SyntheticInventory.write(count: n, seed: 1, extent: TestBasin.extent, countries: TestBasin.isos, to: url)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        for threads in [1, 2] {
            var c0 = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0)
            let t0 = Date()
            let r = try InventoryReader.read([url], options: InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent, threads: threads))
            let dt = Date().timeIntervalSince(t0)
            var c1 = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1)
            let cpu = Double(c1.tv_sec - c0.tv_sec) + Double(c1.tv_nsec - c0.tv_nsec) / 1e9
            XCTAssertEqual(r.sites.count, n)
            print(String(format: "BENCH threads=%d rows=%d bytes=%d time=%.3fs cpu=%.3fs rows/s=%.0f", threads, n, size, dt, cpu, Double(n) / dt))
        }
    }
}
