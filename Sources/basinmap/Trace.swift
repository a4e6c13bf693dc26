import ArgumentParser
import Foundation
import GeoKit
import AnalysisKit
import Pipeline

struct Trace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Where does a spill at one point go? Countries, crossings (km, hours), time to the outlet.",
        discussion: "The point enters the basin's river network at the nearest network river (within --entry-km). Distances are along the river; times use the basin's flow velocities (or the overrides).")

    @Argument(help: "The basin folder.")
    var basin: String

    @Option(name: .long, help: "The spill point as LON,LAT in decimal degrees (WGS84), e.g. 72.80,40.53.")
    var at: String

    @Option(name: .customLong("entry-km"), help: "Maximum distance to the river network, km (default 50).")
    var entryKm: Double?

    @Option(name: .customLong("river-velocity"), help: "River velocity override, m/s.")
    var riverVelocity: Double?

    @Option(name: .customLong("reservoir-velocity"), help: "Reservoir velocity override, m/s.")
    var reservoirVelocity: Double?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var alarm: AlarmOptions

    func point() throws -> Coordinate {
        let parts = at.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lon = parts[0], let lat = parts[1], lon.isFinite, lat.isFinite,
              (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw ValidationError("--at expects LON,LAT in decimal degrees, e.g. 72.80,40.53; got '\(at)'")
        }
        return Coordinate(lon: lon, lat: lat)
    }

    func validate() throws { _ = try point(); try alarm.check() }

    func run() async throws {
        var o = RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: "."))
        o.riverVelocityMS = riverVelocity
        o.reservoirVelocityMS = reservoirVelocity
        if let e = entryKm { o.parameters.entryMaxDistanceM = e * 1000 }
        let p = try point()
        do {
            let b = try Pipeline.loadBasin(o)
            let analyzer = try Analyzer(basin: b, rules: nil, parameters: o.parameters)
            guard let r = try analyzer.traceFrom(p) else { fail("the basin has no river network") }
            guard alarm.massKg != nil else {
                print(json ? TraceText.json(p, r, b) : TraceText.text(p, r, b))
                return
            }
            try printWithAlarm(p, r, b, analyzer: analyzer, directory: o.basinDirectory)
        } catch let e as ExitCode { throw e } catch { fail("\(error)") }
    }
}
