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

    // Unconditional, so a negative longitude (`--at -0.5,40`) is read as the value, not as an option.
    @Option(name: .long, parsing: .unconditional, help: "The spill point as LON,LAT in decimal degrees (WGS84), e.g. 72.80,40.53.")
    var at: String

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var flow: FlowOptions

    @OptionGroup var alarm: AlarmOptions

    /// A plain decimal number, as the inventory reader takes it: no hexadecimal (Swift's Double("0x48") is 72),
    /// exponent, inf or nan.
    static func decimal(_ s: Substring) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces)
        var digits = 0, dots = 0
        for (i, c) in t.enumerated() {
            if c.isASCII && c.isNumber { digits += 1 } else if c == "." { dots += 1 } else if !(i == 0 && (c == "-" || c == "+")) { return nil }
        }
        return digits > 0 && dots <= 1 ? Double(t) : nil
    }

    func point() throws -> Coordinate {
        let parts = at.split(separator: ",", omittingEmptySubsequences: false).map(Self.decimal)
        guard parts.count == 2, let lon = parts[0], let lat = parts[1], lon.isFinite, lat.isFinite,
              (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw ValidationError("--at expects LON,LAT in decimal degrees, e.g. 72.80,40.53; got '\(at)'")
        }
        return Coordinate(lon: lon, lat: lat)
    }

    func validate() throws {
        _ = try point()
        try alarm.check()
    }

    func run() async throws {
        var o = RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: "."))
        flow.apply(to: &o)
        let p = try point()
        do {
            let b = try Pipeline.loadBasin(o)
            // stderr: stdout carries the answer (JSON with --json).
            for w in b.warnings { FileHandle.standardError.write(Data("basinmap: warning: \(w)\n".utf8)) }
            let e = b.metadata.extent
            let inExtent = { (c: Coordinate) in c.lon >= e.minX && c.lon <= e.maxX && c.lat >= e.minY && c.lat <= e.maxY }
            let box = "\(TraceText.f(e.minX, 1))–\(TraceText.f(e.maxX, 1)) E, \(TraceText.f(e.minY, 1))–\(TraceText.f(e.maxY, 1)) N"
            if !inExtent(p) {
                let swapped = Coordinate(lon: p.lat, lat: p.lon)
                if inExtent(swapped) {
                    throw failure("--at \(at) is outside the basin's extent \(box): latitude and longitude appear swapped; swapped it falls inside (--at \(TraceText.f(p.lat, 5)),\(TraceText.f(p.lon, 5)))")
                }
                throw failure("--at \(at) is outside the basin's extent \(box): a spill there does not reach this basin's rivers")
            }
            let analyzer = try Analyzer(basin: b, rules: nil, parameters: o.parameters)
            guard let r = try analyzer.traceFrom(p) else { throw failure("the basin has no river network") }
            if !r.country.inside {
                throw failure("--at \(at) lies outside every country of the basin (the nearest, \(r.country.iso ?? "?"), is \(TraceText.f(r.country.distanceM / 1000, 1)) km away): no trace")
            }
            guard alarm.massKg != nil else {
                print(json ? TraceText.json(p, r, b) : TraceText.text(p, r, b))
                return
            }
            try printWithAlarm(p, r, b, analyzer: analyzer, directory: o.basinDirectory)
        } catch let e as ExitCode { throw e } catch { throw failure("\(error)") }
    }
}
