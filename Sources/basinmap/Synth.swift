import ArgumentParser
import Foundation
import GeoKit
import SiteKit
import BasinKit

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a seeded synthetic inventory (CSV) for benchmarks and tests.",
        discussion: "The same --seed and --count always give the same file. Sites are spread over the box given by --extent (default: the basin's populated_box, else its extent) and take the basin's country codes.")

    @Option(name: .long, help: "The basin folder whose countries (and default box) the sites take.")
    var basin: String

    @Option(name: .long, help: "Number of sites.")
    var count: Int = 1000

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Lon/lat box MINLON,MINLAT,MAXLON,MAXLAT.")
    var extent: String?

    @Option(name: .long, help: "Output CSV file.")
    var out: String

    func run() throws {
        guard count >= 0 else { throw ValidationError("--count must be >= 0") }
        let meta: BasinMetadata
        do { meta = try BasinLoader.loadMetadata(directory: URL(fileURLWithPath: basin)) } catch { throw failure("\(error)") }
        var env = meta.populatedBox ?? meta.extent
        if let extent {
            let v = extent.split(separator: ",").compactMap { Double($0) }
            guard v.count == 4, v[0] < v[2], v[1] < v[3] else { throw ValidationError("--extent expects MINLON,MINLAT,MAXLON,MAXLAT") }
            env = Envelope(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
        }
        let isos = meta.countries.map(\.iso)
        do { try AtomicFile.write(SyntheticInventory.csv(count: count, seed: seed, extent: env, countries: isos), to: URL(fileURLWithPath: out)) } catch { throw failure("\(error)") }
        print("wrote \(count) synthetic sites to \(out) (seed \(seed))")
    }
}
