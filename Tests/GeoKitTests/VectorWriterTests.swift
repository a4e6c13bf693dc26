import XCTest
import Foundation
import GeoKit

/// The GDAL vector writer, checked by reading the files back with GDAL's own `ogrinfo` (a separate
/// process: what a GIS user's tools see, not what our wrapper believes it wrote).
final class VectorWriterTests: XCTestCase {
    func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("vw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    func ogrinfo(_ args: [String]) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        p.arguments = args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        try p.run()
        let od = o.fileHandleForReading.readDataToEndOfFile(), ed = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self), p.terminationStatus)
    }

    func write(_ path: String) throws {
        let ds = try VectorDataset.create(path, driver: "GPKG")
        let fields = [VectorField("name", .string, alias: "Site name"), VectorField("n", .integer64), VectorField("x", .real), VectorField("ok", .boolean)]
        let pts = try ds.createLayer("pts", geometry: .point, fields: fields)
        try ds.transaction {
            try pts.add([.string("Майлуу-Суу 'tailings' \"3\""), .integer(3), .real(1.25), .boolean(true)], geometry: .point(Coordinate(lon: 72.45, lat: 41.26)))
            try pts.add([.null, .null, .null, .null], geometry: .point(Coordinate(lon: 70, lat: 40)))
        }
        _ = try ds.createLayer("empty_lines", geometry: .lineString, fields: fields)
        let polys = try ds.createLayer("polys", geometry: .multiPolygon, fields: [])
        try polys.add([], geometry: .polygon(Polygon(exterior: [Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1)])))
        try ds.close()
        XCTAssertEqual(ds.warnings, [])
    }

    func testLayersKeepTheirDeclaredTypesGeometryAndCRSEvenWhenEmptyOrNull() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo") else { throw XCTSkip("needs gdal-bin (ogrinfo)") }
        let path = try tempDir().appendingPathComponent("t.gpkg").path
        try write(path)
        let r = try ogrinfo(["-ro", "-al", "-so", path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.err, "", "ogrinfo warns about the file")
        for layer in ["pts", "empty_lines", "polys"] { XCTAssertTrue(r.out.contains("Layer name: \(layer)"), r.out) }
        XCTAssertTrue(r.out.contains("Geometry: Point"), r.out)
        XCTAssertTrue(r.out.contains("Geometry: Line String"), r.out)
        XCTAssertTrue(r.out.contains("Geometry: Multi Polygon"), r.out)
        // Every layer, the empty one too, states EPSG:4326.
        XCTAssertEqual(r.out.components(separatedBy: "ID[\"EPSG\",4326]").count - 1, 3, r.out)
        // The empty layer declares the same four typed fields.
        let empty = try ogrinfo(["-ro", "-so", path, "empty_lines"]).out
        XCTAssertTrue(empty.contains("Feature Count: 0"), empty)
        for f in ["name: String", "n: Integer64", "x: Real", "ok: Integer(Boolean)"] { XCTAssertTrue(empty.contains(f), "\(f) missing in\n\(empty)") }
        let features = try ogrinfo(["-ro", path, "pts"]).out
        XCTAssertTrue(features.contains("name (String) = Майлуу-Суу 'tailings' \"3\""), features)
        XCTAssertTrue(features.contains("ok (Integer(Boolean)) = 1"), features)
        XCTAssertTrue(features.contains("n (Integer64) = (null)"), features)
        XCTAssertTrue(features.contains("POINT (72.45 41.26)"), features)
    }

    func testTheSameWritesGiveTheSameBytes() throws {
        let d = try tempDir()
        try write(d.appendingPathComponent("a.gpkg").path)
        try write(d.appendingPathComponent("b.gpkg").path)
        let a = try Data(contentsOf: d.appendingPathComponent("a.gpkg")), b = try Data(contentsOf: d.appendingPathComponent("b.gpkg"))
        XCTAssertGreaterThan(a.count, 0)
        XCTAssertTrue(a == b, "two identical writes differ (timestamps?)")
    }

    func testALibraryFailureCarriesGDALsMessage() throws {
        let d = try tempDir()
        XCTAssertThrowsError(try VectorDataset.create(d.appendingPathComponent("no/such/dir/x.gpkg").path, driver: "GPKG")) { e in
            guard case VectorError.library(_, let path, let msg) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(path.hasSuffix("x.gpkg"))
            XCTAssertFalse(msg.isEmpty, "no GDAL message")
        }
        XCTAssertThrowsError(try VectorDataset.create(d.appendingPathComponent("x").path, driver: "NoSuchDriver")) { e in
            XCTAssertTrue("\(e)".contains("NoSuchDriver"), "\(e)")
        }
        let ds = try VectorDataset.create(d.appendingPathComponent("y.gpkg").path, driver: "GPKG")
        let l = try ds.createLayer("l", geometry: .point, fields: [VectorField("a", .string)])
        XCTAssertThrowsError(try l.add([], geometry: nil))
        try ds.close()
    }
}
