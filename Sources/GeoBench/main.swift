// Micro-benchmarks of the geometry layer (release build: `make bench-geo`), and with --leakcheck a
// loop over every wrapper for AddressSanitizer/LeakSanitizer (`make asan`).
import Foundation
import GeoKit

struct SplitMix: RandomNumberGenerator {
    var s: UInt64
    mutating func next() -> UInt64 {
        s &+= 0x9E3779B97F4A7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

let lcc = "+proj=lcc +lat_1=38.5 +lat_2=44.5 +lat_0=41.5 +lon_0=70 +datum=WGS84 +units=m +no_defs"

func seconds(_ f: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try f()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}

func leakCheck() throws {
    // Every owning wrapper created and released many times, success and failure paths alike.
    for i in 0..<200 {
        let ctx = GEOSContext()
        let sq = Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 0, y: 10), Coordinate(x: 0, y: 0)])
        let g = try ctx.make(.multiPolygon([sq, sq]))
        _ = try g.value(); _ = try g.isValid(); _ = try g.validityReason(); _ = try g.makeValid().area()
        let p = try g.prepared()
        _ = try p.contains(Coordinate(x: 1, y: 1)); _ = try p.distance(to: ctx.make(.point(Coordinate(x: 20, y: 20))))
        _ = try p.nearestPoints(with: ctx.make(.point(Coordinate(x: 20, y: 20))))
        let line = try ctx.make(.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 5, y: 5), Coordinate(x: 9, y: 0)]))
        _ = try line.project(Coordinate(x: 3, y: 1)); _ = try line.interpolate(2); _ = try line.buffer(1).area()
        _ = try line.simplifyPreservingTopology(0.5).value(); _ = try g.pointOnSurface(); _ = line.typeName
        _ = try line.sharedPaths(with: line).value(); _ = try g.unaryUnion().boundary().value()
        _ = try? ctx.make(.polygon(Polygon(exterior: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1)])))
        _ = try? ctx.make(.point(Coordinate(x: .nan, y: 0)))
        let idx = try LineIndex(lines: [[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)], [Coordinate(x: 2, y: 2), Coordinate(x: 3, y: 1)]], context: ctx)
        _ = try idx.nearest(to: Coordinate(x: Double(i), y: 0)); _ = try idx.lines(in: Envelope(minX: 0, minY: 0, maxX: 5, maxY: 5))
        let proj = try Projection(from: "EPSG:4326", to: lcc)
        _ = try proj.forward([Coordinate(lon: 70, lat: 41), Coordinate(lon: 71, lat: 42)]); _ = try proj.inverse(Coordinate(x: 0, y: 0))
        _ = try? Projection(from: "EPSG:4326", to: "EPSG:999999")
        let gi = try GeodesicLineIndex(lines: [[Coordinate(lon: 70, lat: 41), Coordinate(lon: 71, lat: 41.5)]], projection: proj, context: ctx)
        _ = try gi.nearest(to: Coordinate(lon: 70.5, lat: 40))
    }
    print("leakcheck: 200 rounds of every GEOS/PROJ wrapper completed")
}

if CommandLine.arguments.contains("--leak-on-purpose") {
    // Shows the leak check can fail: GEOS geometries never released must be reported by LSan.
    let ctx = GEOSContext()
    for i in 0..<100 { _ = Unmanaged.passRetained(try ctx.make(.lineString([Coordinate(x: Double(i), y: 2), Coordinate(x: 3, y: 4)]))) }
    print("leaked 100 geometries on purpose")
    exit(0)
}

if CommandLine.arguments.contains("--leakcheck") {
    try leakCheck()
    exit(0)
}

var rng = SplitMix(s: 42)
let ctx = GEOSContext()
// 2,000 lines x 50 vertices at river-like spacing (~600 m) over the basin's projected plane.
var lines: [[Coordinate]] = []
for _ in 0..<2000 {
    var c = Coordinate(x: Double.random(in: -800_000...800_000, using: &rng), y: Double.random(in: -500_000...500_000, using: &rng))
    var l = [c]
    for _ in 1..<50 {
        c = Coordinate(x: c.x + Double.random(in: -600...600, using: &rng), y: c.y + Double.random(in: -600...600, using: &rng))
        l.append(c)
    }
    lines.append(l)
}
let index = try LineIndex(lines: lines, context: ctx)
let queries = (0..<200_000).map { _ in Coordinate(x: Double.random(in: -800_000...800_000, using: &rng), y: Double.random(in: -500_000...500_000, using: &rng)) }
var sink = 0.0
let tNearest = try seconds { for q in queries { sink += try index.nearest(to: q)!.distance } }
print(String(format: "nearest-line (segment grid, 2,000 lines x 50 vertices): %.0f queries/s", Double(queries.count) / tNearest))

let pairs = (0..<1_000_000).map { _ in (Coordinate(lon: Double.random(in: 59...79, using: &rng), lat: Double.random(in: 37...47, using: &rng)),
                                       Coordinate(lon: Double.random(in: 59...79, using: &rng), lat: Double.random(in: 37...47, using: &rng))) }
let g = Geodesic.wgs84
let tGeod = seconds { for (a, b) in pairs { sink += g.distance(a, b) } }
print(String(format: "geodesic inverse (WGS84): %.0f per second", Double(pairs.count) / tGeod))

let proj = try Projection(from: "EPSG:4326", to: lcc)
let pts = pairs.map { $0.0 }
let tProj = try seconds { sink += try proj.forward(pts).reduce(0) { $0 + $1.x } }
print(String(format: "PROJ forward to basin LCC (array): %.0f points/s", Double(pts.count) / tProj))

let gidx = try GeodesicLineIndex(lines: try lines.map { try proj.inverse($0) }, projection: proj, context: ctx)
let lonlat = pts.prefix(100_000)
let tGeoNearest = try seconds { for q in lonlat { sink += try gidx.nearest(to: q)!.distance } }
print(String(format: "nearest-line in metres on WGS84 (project, segment grid, inverse, geodesic): %.0f queries/s", Double(lonlat.count) / tGeoNearest))
print("GEOS \(GEOSContext.version), PROJ \(Projection.version); checksum \(sink.isFinite)")
