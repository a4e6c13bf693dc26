import XCTest
import Foundation
import GeoKit
@testable import ReportKit

/// A site with a million columns is one 40 MB line of sites.geojson. Reading it searched the line for its
/// newline from the start after every 64 KB read: quadratic, 140 s for the report of such a run.
final class SitesFileScalingTests: XCTestCase {
    func seconds(lineBytes: Int) throws -> Double {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitesfile-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: url) }
        let line = "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + String(repeating: "a", count: lineBytes) + "\"},\"geometry\":null}"
        try ("{\"type\":\"FeatureCollection\",\"features\":[\n" + line + "\n]}\n").write(to: url, atomically: true, encoding: .utf8)
        var best = Double.infinity
        for _ in 0..<3 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let sites = try SitesFile.read(url, limit: 10)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            XCTAssertEqual(sites.count, 1)
            XCTAssertEqual(sites.first?.string("name")?.count, lineBytes)
        }
        return best
    }

    func testAVeryLongLineIsReadInLinearTime() throws {
        let small = try seconds(lineBytes: 2_000_000), large = try seconds(lineBytes: 20_000_000)
        let ratio = large / max(small, 1e-4)
        print(String(format: "SitesFile.read: 2 MB line %.4f s, 20 MB line %.4f s, ratio %.1f (linear 10)", small, large, ratio))
        XCTAssertLessThan(ratio, 40, "10x the line length took \(ratio)x the time")
    }
}
