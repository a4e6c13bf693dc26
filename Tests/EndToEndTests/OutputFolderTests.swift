import XCTest
import Foundation

/// The output folder always holds one whole run: killed runs (fault injection at every point), two runs at
/// once, stale locks and leftovers, and files an earlier run wrote that this one does not.
final class OutputFolderTests: XCTestCase {
    let cmd = E2E()
    var basin: String { cmd.basin }
    var fixture: String { cmd.fixture }

    /// The old set: the example inventory with its map. The new set: another inventory, no map, no traces
    /// (the cheapest full run: the new run is the one repeated at every fault point).
    func oldArgs(_ out: String) -> [String] { ["run", basin, "--out", out, "--quiet"] }
    func newArgs(_ out: String) -> [String] { ["run", basin, "--sites", fixture, "--out", out, "--quiet", "--no-map", "--trace-limit", "0"] }

    func run(_ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try cmd.run(args, env: env)
    }

    /// Every entry of the folder but the lock, with its bytes (summary.json without its measured timings).
    func snapshot(_ dir: String) throws -> [String: Data] {
        var s: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name != ".basinmap.lock" {
            var d = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            if name == "summary.json" {
                var obj = try JSONSerialization.jsonObject(with: d) as! [String: Any]
                obj["timings_s"] = nil
                d = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
            }
            s[name] = d
        }
        return s
    }

    func describe(_ a: [String: Data], vs b: [String: Data]) -> String {
        let names = Set(a.keys).union(b.keys).sorted()
        return names.filter { a[$0] != b[$0] }.map { "\($0) (\(a[$0] == nil ? "missing" : b[$0] == nil ? "extra" : "differs"))" }.joined(separator: ", ")
    }

    func leftovers(_ root: String, _ out: String) throws -> [String] {
        let parent = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".") || $0.hasSuffix(".tmp") }
        let inside = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") || $0.hasPrefix(".basinmap-stage") }
        return parent + inside
    }

    /// Kills the new run at every event (each file done, each publishing step) or half-way through every
    /// file, over a complete old run; the folder must hold exactly one of the two sets each time.
    func killAtEveryPoint(_ variable: String) throws {
        let root = cmd.tmp(), out = root + "/out", ref = root + "/ref-new"
        XCTAssertEqual(try run(newArgs(ref)).status, 0)
        XCTAssertEqual(try run(oldArgs(out)).status, 0)
        let newSet = try snapshot(ref), oldSet = try snapshot(out)
        let oldCopy = root + "/old-copy"
        try FileManager.default.copyItem(atPath: out, toPath: oldCopy)
        XCTAssertNotEqual(newSet, oldSet)
        XCTAssertNotNil(oldSet["hazard-map.svg"])
        XCTAssertNil(newSet["hazard-map.svg"])
        var n = 1, sawOld = 0, sawNew = 0, sawLeftover = false, sawTakeover = false
        while n < 100 {
            let r = try run(newArgs(out), env: [variable: String(n)])
            if n > 1 && r.err.contains("took over the output folder's lock") { sawTakeover = true }
            if r.status == 0 { break }
            XCTAssertEqual(r.status, 86, "\(variable)=\(n): \(r.err)")
            let now = try snapshot(out)
            if now == oldSet { sawOld += 1 } else if now == newSet { sawNew += 1 } else {
                XCTFail("\(variable)=\(n): the folder holds a mix; vs old: \(describe(now, vs: oldSet)); vs new: \(describe(now, vs: newSet))")
            }
            if try !leftovers(root, out).isEmpty { sawLeftover = true }
            if now == newSet {
                // Back to the old set for the next point (a copy: cheaper than another run).
                try FileManager.default.removeItem(atPath: out)
                try FileManager.default.copyItem(atPath: oldCopy, toPath: out)
            }
            n += 1
        }
        XCTAssertGreaterThan(n, 5, "the fault points fired: \(n - 1) runs were killed")
        XCTAssertGreaterThan(sawOld, 0)
        XCTAssertTrue(sawLeftover, "some kill left a staging folder or temporary file to clean")
        XCTAssertTrue(sawTakeover, "a later run reports taking over the killed run's lock")
        // The run that completed cleaned every leftover and published the new set.
        XCTAssertEqual(try leftovers(root, out), [])
        let final = try snapshot(out)
        XCTAssertEqual(final, newSet, describe(final, vs: newSet))
        if variable == "BASINMAP_FAULT_AFTER_FILE" { XCTAssertGreaterThan(sawNew, 0, "a kill after the swap leaves the new set") }
    }

    func testAKillAfterAnyFileOrStepLeavesTheOldSetOrTheNewSet() throws { try killAtEveryPoint("BASINMAP_FAULT_AFTER_FILE") }

    func testAKillHalfWayThroughAnyFileLeavesTheOldSet() throws { try killAtEveryPoint("BASINMAP_FAULT_MID_FILE") }

    func testASecondRunIntoABusyFolderFailsFastNamingTheFirst() throws {
        let out = cmd.tmp()
        let a = Process()
        a.executableURL = cmd.binary
        a.arguments = oldArgs(out)
        a.standardOutput = FileHandle.nullDevice; a.standardError = FileHandle.nullDevice
        try a.run()
        let lock = out + "/.basinmap.lock"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").contains("pid \(a.processIdentifier)") {
            usleep(20_000)
        }
        let t0 = Date()
        let b = try run(newArgs(out))
        let bSeconds = Date().timeIntervalSince(t0)
        let aWasRunning = a.isRunning
        a.waitUntilExit()
        XCTAssertEqual(a.terminationStatus, 0)
        XCTAssertTrue(aWasRunning, "the first run was still writing when the second started")
        XCTAssertEqual(b.status, 75, b.err)
        XCTAssertTrue(b.err.contains("another basinmap run (pid \(a.processIdentifier), started 20"), b.err)
        XCTAssertTrue(b.err.contains(out), b.err)
        XCTAssertLessThan(bSeconds, 5, "fails fast, before reading the basin")
        XCTAssertNotNil(try snapshot(out)["hazard-map.svg"], "the folder holds the first run's whole set")

        // Started at the same moment: one wins; the other waits for nothing and says whose the folder is.
        let out2 = cmd.tmp()
        let procs = (0..<2).map { _ in Process() }
        let pipes = (0..<2).map { _ in Pipe() }
        for (p, e) in zip(procs, pipes) {
            p.executableURL = cmd.binary
            p.arguments = newArgs(out2)
            p.standardOutput = FileHandle.nullDevice; p.standardError = e
        }
        for p in procs { try p.run() }
        let errs = pipes.map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        for p in procs { p.waitUntilExit() }
        let statuses = procs.map(\.terminationStatus)
        XCTAssertTrue(statuses.sorted() == [0, 75] || statuses == [0, 0], "\(statuses) \(errs)")
        if let loser = statuses.firstIndex(of: 75) {
            XCTAssertTrue(errs[loser].contains("pid \(procs[1 - loser].processIdentifier)"), errs[loser])
        }
        let ref = cmd.tmp()
        XCTAssertEqual(try run(newArgs(ref)).status, 0)
        XCTAssertEqual(try snapshot(out2), try snapshot(ref))
    }

    func testStaleLockAndLeftoversAreTakenOverAndRemoved() throws {
        let root = cmd.tmp(), out = root + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "pid 999999, started 2020-01-01T00:00:00Z\n".write(toFile: out + "/.basinmap.lock", atomically: false, encoding: .utf8)
        try Data(count: 1000).write(to: URL(fileURLWithPath: out + "/.sites.geojson.12345.tmp"))
        let dead = root + "/.out.basinmap-stage-12345-dead"
        try FileManager.default.createDirectory(atPath: dead, withIntermediateDirectories: true)
        try "half".write(toFile: dead + "/sites.csv", atomically: false, encoding: .utf8)
        try "junk".write(toFile: dead + "/.dat.nosync12.ab", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dead + "/exports", withIntermediateDirectories: true)
        try "mine".write(toFile: dead + "/exports/map.png", atomically: false, encoding: .utf8)
        let r = try run(oldArgs(out))
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("took over the output folder's lock from a run that did not finish (pid 999999, started 2020-01-01T00:00:00Z)"), r.err)
        XCTAssertEqual(try leftovers(root, out), [])
        XCTAssertEqual(try String(contentsOfFile: out + "/exports/map.png", encoding: .utf8), "mine", "a user's folder moved by a killed run comes back")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/.dat.nosync12.ab"), "a killed run's half-written temporary does not")
        XCTAssertEqual(try String(contentsOfFile: out + "/.basinmap.lock", encoding: .utf8), "", "a finished run leaves the lock free and empty")
    }

    /// #14.6: the folder never holds a map (or any file) of another inventory; the user's files stay.
    func testFewerFilesRemoveTheStaleOnesAndKeepTheUsersOwn() throws {
        let out = cmd.tmp()
        XCTAssertEqual(try run(oldArgs(out)).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/hazard-map.svg"))
        try "project".write(toFile: out + "/syr-darya.qgz", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: out + "/exports", withIntermediateDirectories: true)
        try "x".write(toFile: out + "/exports/a.png", atomically: false, encoding: .utf8)
        let r = try run(newArgs(out))
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/hazard-map.svg"), "--no-map removes the previous run's map")
        XCTAssertEqual(try String(contentsOfFile: out + "/syr-darya.qgz", encoding: .utf8), "project")
        XCTAssertEqual(try String(contentsOfFile: out + "/exports/a.png", encoding: .utf8), "x")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        XCTAssertEqual(summary["inventories"] as? [String], ["e2e-sites.csv"])
    }

    func testAFailedRunKeepsThePreviousSetAndCreatesNothing() throws {
        let out = cmd.tmp()
        XCTAssertEqual(try run(oldArgs(out)).status, 0)
        let before = try snapshot(out)
        let bad = try run(["run", basin, "--sites", "/nonexistent/sites.csv", "--out", out, "--quiet"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(try snapshot(out), before)
        let fresh = cmd.tmp()
        XCTAssertEqual(try run(["run", basin, "--sites", "/nonexistent/sites.csv", "--out", fresh, "--quiet"]).status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "a failed run into a new folder leaves no folder")
    }
}
