import Foundation
import GeoKit

/// Small helpers over GeoKit values that GeoKit itself does not need.
enum GeometryParts {
    /// The polygons of a (multi)polygon or collection; other parts (lines, points from an overlay) dropped.
    static func polygons(_ g: Geometry) -> [Polygon] {
        switch g {
        case .polygon(let p): return p.exterior.isEmpty ? [] : [p]
        case .multiPolygon(let ps): return ps.filter { !$0.exterior.isEmpty }
        case .collection(let gs): return gs.flatMap(polygons)
        default: return []
        }
    }

    /// The lines of a (multi)line or collection.
    static func lines(_ g: Geometry) -> [[Coordinate]] {
        switch g {
        case .lineString(let cs): return cs.count >= 2 ? [cs] : []
        case .multiLineString(let ls): return ls.filter { $0.count >= 2 }
        case .collection(let gs): return gs.flatMap(lines)
        default: return []
        }
    }

    static func box(_ e: Envelope) -> Polygon {
        Polygon(exterior: [Coordinate(x: e.minX, y: e.minY), Coordinate(x: e.maxX, y: e.minY), Coordinate(x: e.maxX, y: e.maxY),
                           Coordinate(x: e.minX, y: e.maxY), Coordinate(x: e.minX, y: e.minY)])
    }

    /// Removes consecutive repeated vertices (snapping can make neighbours equal).
    static func dedupConsecutive(_ cs: [Coordinate]) -> [Coordinate] {
        var out: [Coordinate] = []
        out.reserveCapacity(cs.count)
        for c in cs where out.last != c { out.append(c) }
        return out
    }
}

/// Areas on the WGS84 ellipsoid through an equal-area projection fitted to the basin.
/// Albers conic equal-area on the ellipsoid (PROJ `aea`), same standard parallels as the map's LCC:
/// equal-area by construction, so the planar area of projected rings is the ellipsoidal area
/// (to within the straight-segment approximation at ~1 km vertex spacing).
final class EqualAreaMeter {
    /// From basin.json `build.equal_area_projection`.
    let definition: String
    let projection: Projection
    let context: GEOSContext

    init(context: GEOSContext, definition: String) throws {
        self.definition = definition
        projection = try Projection(from: "EPSG:4326", to: definition)
        self.context = context
    }

    func areaKm2(_ polygons: [Polygon]) throws -> Double {
        var total = 0.0
        for p in polygons {
            let projected = Polygon(exterior: try projection.forward(p.exterior), holes: try p.holes.map { try projection.forward($0) })
            total += try context.make(.polygon(projected)).area()
        }
        return total / 1e6
    }
}
