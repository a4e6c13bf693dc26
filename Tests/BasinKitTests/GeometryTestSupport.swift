import Foundation
import XCTest

/// Paths of the repository this test file lives in (works from any working directory).
enum Repo {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()
    static var basin: URL { root.appendingPathComponent("Basins/syr-darya") }
    static var extractScript: URL { root.appendingPathComponent("scripts/extract-gmt.sh") }

    /// gmt on PATH (with gmt-dcw), else nil.
    static var gmtPath: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(dir)/gmt"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs scripts/extract-gmt.sh into `dir`.
    static func extract(into dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [extractScript.path, basin.path, dir.path]
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        let msg = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard p.terminationStatus == 0 else { throw NSError(domain: "extract-gmt.sh", code: Int(p.terminationStatus), userInfo: [NSLocalizedDescriptionKey: msg]) }
    }

    static func tempDir(_ name: String) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("basinkit-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}

import GeoKit
@testable import BasinKit

/// The committed Syr Darya basin with GEOS prepared polygons per country.
final class CommittedBasin {
    let basin: Basin
    let context = GEOSContext()
    let countryGeoms: [String: GEOSGeometry]
    let prepared: [String: PreparedGeometry]

    init() throws {
        basin = try BasinLoader.load(directory: Repo.basin)
        var g: [String: GEOSGeometry] = [:], p: [String: PreparedGeometry] = [:]
        for c in basin.countries {
            let geom = try context.make(.multiPolygon(c.polygons))
            g[c.iso] = geom
            p[c.iso] = try geom.prepared()
        }
        countryGeoms = g; prepared = p
    }

    /// ISO codes of the countries containing the point (expected: exactly one).
    func countries(at c: Coordinate) throws -> [String] {
        try prepared.keys.sorted().filter { try prepared[$0]!.contains(c) }
    }
}
