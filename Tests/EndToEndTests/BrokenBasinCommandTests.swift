import XCTest
import Foundation

/// The basinmap executable on copies of the real Syr Darya folder broken one way each: network errors
/// exit 1 for run, trace and basin info alike, naming rivers.geojson, the edge and the field; warnings
/// are printed and counted in summary.json; nothing hangs.
final class BrokenBasinCommandTests: XCTestCase {
    static let root: URL = CommandTests.root
    var folders: [URL] = []

    override func tearDown() { for f in folders { try? FileManager.default.removeItem(at: f) } }

    var binary: URL {
        let dir = Bundle.main.bundleURL.pathExtension == "xctest" ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        return dir.appendingPathComponent("basinmap")
    }

    /// Runs the binary; a run still going after `timeout` seconds is killed and fails the test (a hang).
    func run(_ args: [String], timeout: Double = 120, file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        try p.run()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let od = o.fileHandleForReading.readDataToEndOfFile(), ed = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        XCTAssertNotEqual(p.terminationReason, .uncaughtSignal, "basinmap \(args.joined(separator: " ")) was killed or crashed", file: file, line: line)
        return (p.terminationStatus, String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self))
    }

    /// A copy of Basins/syr-darya with rivers.geojson edited (features as plain JSON).
    func broken(_ change: (inout [[String: Any]]) throws -> Void) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-broken-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Basins/syr-darya"), to: dir)
        folders.append(dir)
        let url = dir.appendingPathComponent("rivers.geojson")
        var o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var fs = try XCTUnwrap(o["features"] as? [[String: Any]])
        try change(&fs)
        o["features"] = fs
        try JSONSerialization.data(withJSONObject: o).write(to: url)
        return dir.path
    }

    func setProperty(_ fs: inout [[String: Any]], _ edge: Int, _ key: String, _ value: Any) {
        var p = fs[edge]["properties"] as! [String: Any]
        p[key] = value
        fs[edge]["properties"] = p
    }

    func tmp() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-broken-out-\(UUID().uuidString)")
        folders.append(d)
        return d.path
    }

    func summary(_ out: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as? [String: Any])
    }

    func testCyclesAreErrorsForEveryCommand() throws {
        // Edge 3 flowing into itself (the 24 GB case), then 3 -> 4 -> 3.
        let selfLoop = try broken { self.setProperty(&$0, 3, "downstream_edge", 3) }
        let twoEdges = try broken { fs in
            let from4 = (fs[4]["properties"] as! [String: Any])["from_node"]!
            self.setProperty(&fs, 3, "downstream_edge", 4); self.setProperty(&fs, 3, "to_node", from4)
        }
        for basin in [selfLoop, twoEdges] {
            for args in [["run", basin, "--out", tmp(), "--quiet", "--no-map"], ["trace", basin, "--at", "69.62,40.28"], ["basin", "info", basin]] {
                let r = try run(args)
                XCTAssertEqual(r.status, 1, "\(args): \(r.err)")
                XCTAssertTrue(r.err.contains("rivers.geojson: feature 3: 'downstream_edge': edge 3 at "), "\(args): \(r.err)")
                XCTAssertTrue(r.err.contains("is the edge itself") || r.err.contains("cycle of 2 edges"), "\(args): \(r.err)")
            }
        }
    }

    func testDisconnectedEdgeIsAWarningOnTheConsoleAndInTheSummary() throws {
        let basin = try broken { self.setProperty(&$0, 3, "downstream_edge", NSNull()) }
        let out = tmp()
        let r = try run(["run", basin, "--out", out, "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("basin warnings: 1"), r.out)
        XCTAssertTrue(r.out.contains("warning: rivers.geojson: feature 3: 'downstream_edge': edge 3 at 67.966384,41.253605 (lon,lat)"), r.out)
        let s = try summary(out)
        XCTAssertEqual(((s["counts"] as! [String: Any])["basin_warnings"] as! NSNumber).intValue, 1)
        let listed = (s["basin"] as! [String: Any])["warnings"] as! [String]
        XCTAssertEqual(listed.count, 1)
        XCTAssertTrue(listed[0].contains("not the outlet edge"), listed[0])

        let t = try run(["trace", basin, "--at", "72.80,40.53", "--json"])
        XCTAssertEqual(t.status, 0, t.err)
        XCTAssertTrue(t.err.contains("basinmap: warning: rivers.geojson: feature 3"), t.err)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(t.out.utf8)), "stdout stays JSON: \(t.out)")

        let i = try run(["basin", "info", basin])
        XCTAssertEqual(i.status, 0, i.err)
        XCTAssertTrue(i.out.contains("warning: rivers.geojson: feature 3"), i.out)
    }

    func testReversedMovedAndZeroLengthEdgesAreWarned() throws {
        func reverse(_ fs: inout [[String: Any]], _ i: Int) {
            var g = fs[i]["geometry"] as! [String: Any]
            g["coordinates"] = Array((g["coordinates"] as! [Any]).reversed())
            fs[i]["geometry"] = g
        }
        func move(_ fs: inout [[String: Any]], _ i: Int) {
            var g = fs[i]["geometry"] as! [String: Any]
            g["coordinates"] = (g["coordinates"] as! [[NSNumber]]).map { [$0[0].doubleValue + 1, $0[1].doubleValue] }
            fs[i]["geometry"] = g
        }
        func zero(_ fs: inout [[String: Any]], _ i: Int) {
            var g = fs[i]["geometry"] as! [String: Any]
            let first = (g["coordinates"] as! [Any])[0]
            g["coordinates"] = [first, first]
            fs[i]["geometry"] = g
            self.setProperty(&fs, i, "length_m", 0)
        }
        for (what, change, expected) in [("reversed", reverse, "coordinates run upstream"), ("moved", move, "does not meet its downstream_edge"),
                                         ("zero", zero, "zero length")] as [(String, (inout [[String: Any]], Int) -> Void, String)] {
            let basin = try broken { change(&$0, 3) }
            // basin info loads like run and trace (the run's summary counting is checked above).
            let r = try run(["basin", "info", basin])
            XCTAssertEqual(r.status, 0, "\(what): \(r.err)")
            XCTAssertTrue(r.out.contains("warning: rivers.geojson: feature 3: 'geometry': edge 3 at "), "\(what): \(r.out)")
            XCTAssertTrue(r.out.contains(expected), "\(what): \(r.out)")
        }
    }

    func testOutletMovedAndMissingOrEmptyLayersAreErrors() throws {
        let moved = try broken { _ in }
        let metaURL = URL(fileURLWithPath: moved).appendingPathComponent("basin.json")
        let meta = try String(contentsOf: metaURL, encoding: .utf8)
        XCTAssertTrue(meta.contains("\"lat\": 46.1058366"))
        try meta.replacingOccurrences(of: "\"lat\": 46.1058366", with: "\"lat\": 37.1058366").write(to: metaURL, atomically: true, encoding: .utf8)
        var r = try run(["run", moved, "--out", tmp(), "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("rivers.geojson: feature 0: 'downstream_edge': edge 0 at ") && r.err.contains("999.6 km away"), r.err)

        let noRivers = try broken { _ in }
        try FileManager.default.removeItem(atPath: noRivers + "/rivers.geojson")
        r = try run(["run", noRivers, "--out", tmp(), "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("rivers.geojson: missing"), r.err)

        let emptyRivers = try broken { $0 = [] }
        r = try run(["trace", emptyRivers, "--at", "69.62,40.28"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("rivers.geojson: has no features"), r.err)

        let emptyCountries = try broken { _ in }
        try #"{"type": "FeatureCollection", "features": []}"#.write(toFile: emptyCountries + "/countries.geojson", atomically: true, encoding: .utf8)
        r = try run(["run", emptyCountries, "--out", tmp(), "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("countries.geojson: has no features"), r.err)
    }

    func testDefaultBasinHasNoBasinWarnings() throws {
        let out = tmp()
        let r = try run(["run", Self.root.appendingPathComponent("Basins/syr-darya").path, "--out", out, "--quiet", "--no-map"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(r.out.contains("warning:"), r.out)
        XCTAssertEqual(((try summary(out)["counts"] as! [String: Any])["basin_warnings"] as! NSNumber).intValue, 0)
        let t = try run(["trace", Self.root.appendingPathComponent("Basins/syr-darya").path, "--at", "69.62,40.28"])
        XCTAssertEqual(t.err, "")
    }
}
