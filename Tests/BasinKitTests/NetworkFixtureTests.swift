import Foundation
import XCTest
@testable import BasinKit
import GeoKit

/// Real Syr Darya data for the network and trace tests, extracted with GMT (gmt, gmt-dcw: Debian 12)
/// into a temporary folder once per test process. Tests skip when gmt is not installed.
enum SyrDaryaFixture {
    static let lcc = "+proj=lcc +lat_1=38.5 +lat_2=44.5 +lat_0=41.5 +lon_0=70 +datum=WGS84 +units=m +no_defs"
    /// End of the WDBII Syr Darya line at the pre-1960 Aral Sea shore (checked in the data).
    static let outlet = Coordinate(lon: 60.896, lat: 46.106)

    static var repoRoot: URL {
        var u = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while u.path != "/" {
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
            u.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }
    static var riversFile: URL { repoRoot.appendingPathComponent("Basins/syr-darya/rivers.geojson") }

    static func gmtPath() -> String? {
        for d in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(d)/gmt"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    nonisolated(unsafe) static var dumpDir: URL?
    /// GMT dumps made by the project's own scripts/extract-gmt.sh, once per test process.
    static func dumps() throws -> URL {
        if let d = dumpDir { return d }
        guard gmtPath() != nil else { throw XCTSkip("gmt is not installed (apt-get install gmt gmt-dcw)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-gmt-\(ProcessInfo.processInfo.processIdentifier)")
        try Repo.extract(into: dir)
        dumpDir = dir
        return dir
    }

    nonisolated(unsafe) static var geometryCache: BasinGeometry?
    /// Countries, borders and lakes exactly as the basin build makes them (same lake ids).
    static func geometry() throws -> BasinGeometry {
        if let g = geometryCache { return g }
        let g = try BasinGeometryBuilder.build(gmtDirectory: try dumps(), basinDirectory: Repo.basin)
        geometryCache = g
        return g
    }

    static func riverLines() throws -> [RiverLine] {
        try GMTText.read(try dumps().appendingPathComponent("rivers.txt")).enumerated().map {
            RiverLine(coordinates: $0.element.coordinates, level: $0.element.level ?? -1, sourceIndex: $0.offset)
        }
    }

    static func lakes(projection: Projection) throws -> [Lake] { try geometry().lakes }

    /// The Syr Darya's names and tolerances, from the basin's network.json.
    static var options: NetworkOptions {
        try! NetworkOptionsFile.read(repoRoot.appendingPathComponent("Basins/syr-darya/network.json"))
    }

    struct Built { var result: NetworkBuildResult; var lakes: [Lake] }
    nonisolated(unsafe) static var cached: Built?
    static func build() throws -> Built {
        if let c = cached { return c }
        let ctx = GEOSContext()
        let proj = try Projection(from: "EPSG:4326", to: lcc)
        let lakes = try lakes(projection: proj)
        let r = try RiverNetworkBuilder.build(lines: try riverLines(), lakes: lakes, outlet: outlet, options: options, context: ctx, projection: proj)
        cached = Built(result: r, lakes: lakes)
        return cached!
    }

    static func countries() throws -> [Country] { try geometry().countries }

    static func borders(_ countries: [Country], context ctx: GEOSContext) throws -> [BorderLine] { try geometry().borders }
}

final class NetworkFixtureTests: XCTestCase {
    func testChainJoinsTileCutsButStopsAtJunctions() {
        let a = Coordinate(x: 0, y: 0), b = Coordinate(x: 1, y: 0), c = Coordinate(x: 2, y: 0), d = Coordinate(x: 2, y: 1), e = Coordinate(x: 3, y: 0)
        // b is a tile cut (2 ends), c a junction (3 ends).
        let chains = PolylineChain.chain([[b, c], [a, b], [c, d], [e, c]])
        XCTAssertEqual(chains.count, 3)
        XCTAssertEqual(chains[0].coordinates, [c, b, a])
        XCTAssertEqual(Set(chains[0].pieces), [0, 1])
    }
}
