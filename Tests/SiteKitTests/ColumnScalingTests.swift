import Foundation
import XCTest
@testable import SiteKit

/// Issue #15 part 2: a file with very many columns is read in time linear in the column count
/// (1M columns never finished, 100k took 37 s). Prints the times; fails when 10x the columns costs
/// more than 30x the time. The 1M case runs with BASINMAP_BENCH_COLUMNS=1 (about 10 s in a debug build).
final class ColumnScalingTests: XCTestCase {
    static func csv(columns n: Int) -> Data {
        var s = "id,name,kind,lat,lon"
        s.reserveCapacity(n * 16)
        for k in 0..<n { s += ",c\(k)" }
        s += "\n"
        for r in 0..<2 {
            s += "X\(r),Site \(r),tailings,41,72"
            for k in 0..<n { s += ",\(k % 10)" }
            s += "\n"
        }
        return Data(s.utf8)
    }

    func time(columns n: Int) throws -> Double {
        let d = Self.csv(columns: n)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = try InventoryReader.read(data: d, name: "wide.csv")
        let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        XCTAssertEqual(r.sites.count, 2)
        XCTAssertEqual(r.sites.last?.extra.count, n)
        XCTAssertEqual(r.sites.last?.extra.last?.0, "c\(n - 1)")
        print(String(format: "COLUMNS reader columns=%d bytes=%d time=%.3fs", n, d.count, dt))
        return dt
    }

    func testReaderIsLinearInColumns() throws {
        _ = try time(columns: 1_000)  // warm-up
        var sizes = [10_000, 100_000]
        if ProcessInfo.processInfo.environment["BASINMAP_BENCH_COLUMNS"] == "1" { sizes.append(1_000_000) }
        let times = try sizes.map { try time(columns: $0) }
        for k in 1..<times.count {
            XCTAssertLessThan(times[k] / max(times[k - 1], 1e-3), 30, "\(sizes[k]) columns took \(times[k]) s, \(sizes[k - 1]) took \(times[k - 1]) s")
        }
    }
}
