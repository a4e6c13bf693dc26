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
    /// GMT dumps: rivers (all WDBII levels), lake shores (wider box so large lakes close), DCW countries.
    static func dumps() throws -> URL {
        if let d = dumpDir { return d }
        guard let gmt = gmtPath() else { throw XCTSkip("gmt is not installed (apt-get install gmt gmt-dcw)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-gmt-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, args) in [("rivers.txt", ["coast", "-R58/80/36.5/47", "-Df", "-Ia", "-M"]),
                             ("shore.txt", ["coast", "-R56/82/35/48", "-Df", "-W", "-M"]),
                             ("countries.txt", ["coast", "-EKG,TJ,UZ,KZ+z", "-M"])] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: gmt)
            p.arguments = args
            p.currentDirectoryURL = dir
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(file).path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: dir.appendingPathComponent(file))
            try p.run(); p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw XCTSkip("gmt \(args.joined(separator: " ")) failed (\(p.terminationStatus))") }
        }
        dumpDir = dir
        return dir
    }

    static func riverLines() throws -> [RiverLine] {
        try GMTText.read(try dumps().appendingPathComponent("rivers.txt")).enumerated().map {
            RiverLine(coordinates: $0.element.coordinates, level: $0.element.level ?? -1, sourceIndex: $0.offset)
        }
    }

    static let knownLakes = [
        KnownLake(name: "Kairakkum Reservoir", kind: .reservoir, inside: Coordinate(lon: 70.185, lat: 40.326)),
        KnownLake(name: "Chardara Reservoir", kind: .reservoir, inside: Coordinate(lon: 68.1, lat: 41.15)),
        KnownLake(name: "Aral Sea (pre-1960 extent)", kind: .historical, inside: Coordinate(lon: 60.0, lat: 45.0)),
    ]

    static func lakes(projection: Projection) throws -> [Lake] {
        let segs = try GMTText.read(try dumps().appendingPathComponent("shore.txt"))
        return try ShorelineLakes.lakes(shores: segs.filter { $0.level == 2 }.map(\.coordinates),
                                        islands: segs.filter { $0.level == 3 }.map(\.coordinates),
                                        known: knownLakes, projection: projection).lakes
    }

    /// Named points from the project's data notes (basin-data.md).
    static var options: NetworkOptions {
        var o = NetworkOptions()
        o.namedPoints = [
            NamedPoint("Syr Darya", lon: 65.50, lat: 44.83), NamedPoint("Syr Darya", lon: 69.22, lat: 40.22),
            NamedPoint("Syr Darya", lon: 71.30, lat: 40.85), NamedPoint("Syr Darya", lon: 68.60, lat: 41.00),
            NamedPoint("Naryn", lon: 76.00, lat: 41.43), NamedPoint("Naryn", lon: 72.66, lat: 41.68),
            NamedPoint("Naryn", lon: 72.10, lat: 41.10), NamedPoint("Kara Darya", lon: 73.30, lat: 40.75),
            NamedPoint("Chatkal", lon: 71.20, lat: 41.75), NamedPoint("Chirchiq", lon: 69.52, lat: 41.39),
            NamedPoint("Arys", lon: 68.80, lat: 42.43), NamedPoint("Talas", lon: 71.37, lat: 42.90),
        ]
        // Charvak (~70.0 E 41.62 N): the line passes 2.4 km north, at 70.0 E 41.641 N, where pieces meet.
        // The notes' points are rounded: up to 6.9 km from the line (Chatkal), so 8 km here, not the 2 km default.
        o.namedPointToleranceM = 8_000
        o.splitPoints = [NamedPoint("Charvak (Chatkal becomes Chirchiq)", lon: 70.0, lat: 41.641)]
        o.contextNotes = ["Talas": "Talas basin (closed, ends in the Moiynkum sands; not Syr Darya)"]
        return o
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

    /// DCW country rings from `gmt coast -E...+z -M`, each as an outer ring (the dump loses hole flags;
    /// duplicate rings, KG's printed holes, are dropped). Good enough for the main stem; the basin's own
    /// countries layer rebuilds holes properly.
    static func countries() throws -> [Country] {
        let segs = try GMTText.read(try dumps().appendingPathComponent("countries.txt"))
        var seen = Set<[Coordinate]>()
        var by: [String: [Polygon]] = [:]
        for s in segs {
            guard let iso = s.option("Z"), s.coordinates.count >= 4 else { continue }
            let r = Ring.closed(s.coordinates)
            let key = Ring.oriented(r, counterClockwise: true)
            if seen.contains(key) { continue }
            seen.insert(key)
            by[iso, default: []].append(Polygon(exterior: r))
        }
        return by.keys.sorted().map { Country(iso: $0, name: $0, polygons: by[$0]!) }
    }

    /// Border lines derived from the DCW polygons (shared edges: X's rings inside a 20 m buffer of Y's),
    /// so borders and country fills agree as the basin's own layers will.
    static func borders(_ countries: [Country], context ctx: GEOSContext) throws -> [BorderLine] {
        var out: [BorderLine] = []
        for i in countries.indices { for j in countries.indices where j > i {
            let x = countries[i], y = countries[j]
            for px in x.polygons {
                let ring = try ctx.make(.lineString(px.exterior))
                for py in y.polygons {
                    guard let ex = Envelope(of: px.exterior), let ey = Envelope(of: py.exterior), ex.intersects(ey) else { continue }
                    let near = try ctx.make(.polygon(py)).buffer(0.0002)
                    let shared = try ring.intersection(near).lineMerge().value()
                    var parts: [[Coordinate]] = []
                    switch shared {
                    case .lineString(let cs): parts = [cs]
                    case .multiLineString(let ls): parts = ls
                    case .collection(let gs): for g in gs { if case .lineString(let cs) = g { parts.append(cs) } }
                    default: break
                    }
                    for p in parts where p.count >= 2 {
                        out.append(BorderLine(id: out.count, countries: [x.iso, y.iso], coordinates: p))
                    }
                }
            }
        } }
        return out
    }
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

    func testLakeRingsCloseAcrossTileCuts() throws {
        let proj = try Projection(from: "EPSG:4326", to: SyrDaryaFixture.lcc)
        let p1 = [Coordinate(lon: 70, lat: 40), Coordinate(lon: 70.1, lat: 40), Coordinate(lon: 70.1, lat: 40.1)]
        let p2 = [Coordinate(lon: 70.1, lat: 40.1), Coordinate(lon: 70, lat: 40.1), Coordinate(lon: 70, lat: 40)]
        let big = [Coordinate(lon: 71, lat: 40), Coordinate(lon: 71.3, lat: 40), Coordinate(lon: 71.3, lat: 40.3), Coordinate(lon: 71, lat: 40)]
        let r = try ShorelineLakes.lakes(shores: [p1, p2, big, [Coordinate(lon: 72, lat: 40), Coordinate(lon: 72.1, lat: 40)]],
                                         known: [KnownLake(name: "Square", kind: .reservoir, inside: Coordinate(lon: 70.05, lat: 40.05))],
                                         projection: proj)
        XCTAssertEqual(r.openChains, 1)
        XCTAssertEqual(r.lakes.map(\.id), [1, 2])
        XCTAssertNil(r.lakes[0].name)                  // the larger triangle first
        XCTAssertEqual(r.lakes[1].name, "Square")
        // 0.1 deg x 0.1 deg at 40 N: 11.1 km x 8.5 km.
        XCTAssertEqual(r.lakes[1].areaKm2, 94.9, accuracy: 1.5)
    }
}
