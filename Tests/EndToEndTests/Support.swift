import XCTest
import Foundation

/// Runs the built `basinmap` as a user would (shared by the end-to-end suites beside CommandTests).
struct E2E {
    var root: URL { CommandTests.root }
    var basin: String { root.appendingPathComponent("Basins/syr-darya").path }
    var fixture: String { root.appendingPathComponent("Tests/Fixtures/e2e-sites.csv").path }

    var binary: URL {
        let dir = Bundle.main.bundleURL.pathExtension == "xctest" ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        return dir.appendingPathComponent("basinmap")
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try E2E.process(binary, args, env: env, in: root)
    }

    /// Runs any program (the binary, ogrinfo, PyQGIS, chromium) and returns its status and output.
    static func process(_ executable: URL, _ args: [String], env: [String: String] = [:], in directory: URL? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        if let directory { p.currentDirectoryURL = directory }
        if !env.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        try p.run()
        // Read both pipes at once: a run that fills one while the other is read would block.
        nonisolated(unsafe) var od = Data()
        let g = DispatchGroup()
        g.enter()
        DispatchQueue.global().async { od = o.fileHandleForReading.readDataToEndOfFile(); g.leave() }
        let ed = e.fileHandleForReading.readDataToEndOfFile()
        g.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self))
    }

    func tmp() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-e2e-\(UUID().uuidString)").path }
}
