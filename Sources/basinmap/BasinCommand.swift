import ArgumentParser
import Foundation
import GeoKit
import BasinKit
import Pipeline

struct BasinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basin",
        abstract: "Build a basin folder from source layers, or describe one.",
        subcommands: [BasinBuild.self, BasinInfo.self])
}

struct BasinInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a basin: layers, counts, network, velocities, provenance, Convention status.")

    @Argument(help: "The basin folder.")
    var basin: String

    func run() throws {
        let b: Basin
        do { b = try BasinLoader.load(directory: URL(fileURLWithPath: basin)) } catch { throw failure("\(error)") }
        let m = b.metadata
        let net = b.rivers.filter(\.inNetwork)
        func km(_ m: Double) -> String { NumberFormat.fixed(m / 1000, decimals: 0) }
        print("\(m.name) (\(m.id)) — outlet \(m.outletName) at \(m.outlet.lon), \(m.outlet.lat)")
        print("projection: \(m.projection)")
        print("extent: \(m.extent.minX)-\(m.extent.maxX) E, \(m.extent.minY)-\(m.extent.maxY) N")
        print("countries: " + b.countries.map { "\($0.iso) (\($0.polygons.count) polygons)" }.joined(separator: ", "))
        print("borders: \(b.borders.count) lines, \(km(b.borders.reduce(0) { $0 + Geodesic.wgs84.length(of: $1.coordinates) })) km")
        print("lakes: \(b.lakes.count) (" + b.lakes.compactMap { l in l.name.map { "\($0) \(l.kind.rawValue)" } }.joined(separator: ", ") + ")")
        print("rivers: \(b.rivers.count) edges, \(net.count) in the network (\(km(net.reduce(0) { $0 + $1.lengthM })) km), \(b.rivers.count - net.count) context")
        var named: [String: Double] = [:]
        for e in net { if let n = e.name { named[n, default: 0] += e.lengthM } }
        print("named rivers: " + named.keys.sorted().map { "\($0) \(km(named[$0]!)) km" }.joined(separator: ", "))
        print("velocities: river \(m.velocities.riverMS) m/s (\(m.velocities.riverSource)); reservoirs \(m.velocities.reservoirMS) m/s (\(m.velocities.reservoirSource))")
        print("Industrial Accidents Convention:")
        for c in m.countries { print("  \(c.iso) \(c.name): \(c.conventionParty ? "Party" : "not a Party") — \(c.conventionNote)") }
        print("data: \(m.vintage)")
        for p in m.provenance { print("  \(p.layer): \(p.source) [\(p.package)], \(p.licence)\(p.note.isEmpty ? "" : " — \(p.note)")") }
        print("basin warnings: \(b.warnings.count)")
        for w in b.warnings { print("warning: \(w)") }
    }
}

struct BasinBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Rebuild a basin's geometry files from GMT dumps (see scripts/extract-gmt.sh and Basins/README.md).",
        discussion: """
        Reads rivers.txt, borders.txt, shore.txt and countries.txt from --gmt (made by scripts/extract-gmt.sh
        from Debian's gmt and gmt-dcw packages), and basin.json and network.json from the basin folder; writes
        countries.geojson, borders.geojson, lakes.geojson and rivers.geojson into the basin folder and prints
        the build report (joins, reservoir bridges, unjoined ends, rivers outside the network and why).
        `make basin` runs both steps for every basin under Basins/.
        """)

    @Argument(help: "The basin folder (holds basin.json and network.json; receives the geometry files).")
    var basin: String

    @Option(name: .long, help: "Folder with the GMT dumps.")
    var gmt: String

    func run() throws {
        do {
            let r = try BasinBuilder.build(gmtDirectory: URL(fileURLWithPath: gmt), basinDirectory: URL(fileURLWithPath: basin))
            for l in r.geometry { print(l) }
            print(r.network.summary)
            print("wrote " + r.files.joined(separator: ", ") + " in \(basin)")
        } catch { throw failure("\(error)") }
    }
}
