import Foundation
import GeoKit
import Pipeline

enum Repo {
    static let root: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()
    static let basin = root.appendingPathComponent("Basins/syr-darya")
    static let fixtureSites = root.appendingPathComponent("Tests/Fixtures/e2e-sites.csv")
}

/// One pipeline run on the real basin with a fixture inventory of hostile names, shared by the tests.
enum RunFixture {
    static func run(into dir: URL, sites: [URL] = [Repo.fixtureSites]) async throws -> RunReport {
        var o = RunOptions(basinDirectory: Repo.basin, outputDirectory: dir)
        o.siteFiles = sites
        return try await Pipeline.run(o, progress: ProgressReporter(mode: .quiet))
    }

    nonisolated(unsafe) static var cached: (URL, RunReport)?
    static func shared() async throws -> (dir: URL, report: RunReport) {
        if let c = cached { return c }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-out-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        let r = try await run(into: dir)
        cached = (dir, r)
        return (dir, r)
    }

    static func features(_ dir: URL, _ file: String) throws -> [Feature] {
        try GeoJSON.features(from: Data(contentsOf: dir.appendingPathComponent(file)), name: file)
    }
}

/// A strict RFC 4180 reader for checking what we wrote (independent of SiteKit's lenient reader).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, i = text.unicodeScalars.startIndex
    let s = text.unicodeScalars
    if s.first == "\u{FEFF}" { i = s.index(after: i) }
    while i < s.endIndex {
        let c = s[i]
        if quoted {
            if c == "\"" {
                let n = s.index(after: i)
                if n < s.endIndex && s[n] == "\"" { field.unicodeScalars.append("\""); i = n } else { quoted = false }
            } else { field.unicodeScalars.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\r" { }
        else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
        else { field.unicodeScalars.append(c) }
        i = s.index(after: i)
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
