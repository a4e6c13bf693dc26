import XCTest

/// GDAL's ogrinfo (Debian gdal-bin) reads each layer with the expected counts and field types.
/// Skipped, with a note, where gdal-bin is not installed.
final class OGRInfoTests: XCTestCase {
    func ogrinfo(_ file: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        p.arguments = ["-ro", "-al", "-so", file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "ogrinfo failed on \(file.lastPathComponent)")
        return String(decoding: data, as: UTF8.self)
    }

    func testOGRInfoReadsEveryLayer() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo") else { throw XCTSkip("ogrinfo not installed (apt-get install gdal-bin)") }
        let (dir, report) = try await RunFixture.shared()
        let r = report.result
        let expected: [(String, Int)] = [("sites.geojson", r.sites.count), ("traces.geojson", r.traces.count), ("zones.geojson", r.zones.count),
                                         ("rivers.geojson", r.basin.rivers.count), ("borders.geojson", r.basin.borders.count),
                                         ("countries.geojson", r.basin.countries.count), ("lakes.geojson", r.basin.lakes.count)]
        for (file, count) in expected {
            let info = try ogrinfo(dir.appendingPathComponent(file))
            XCTAssertTrue(info.contains("Feature Count: \(count)"), "\(file): expected \(count) features\n\(info)")
        }
        let sites = try ogrinfo(dir.appendingPathComponent("sites.geojson"))
        for (field, type) in [("risk_rank", "Integer"), ("river_distance_m", "Real"), ("border_distance_m", "Real"), ("transboundary", "String"), ("transboundary_reason", "String"),
                              ("risk_class_may_change", "Integer(Boolean)"), ("TRI_low", "Real"), ("TRI_high", "Real"), ("TRI_stand_ins", "Integer"),
                              ("name", "String"), ("first_transboundary_km", "Real")] {
            XCTAssertTrue(sites.contains("\(field): \(type)"), "sites.geojson: \(field) should be \(type)\n\(sites)")
        }
        XCTAssertTrue(sites.contains("Geometry: Point"))
    }
}
