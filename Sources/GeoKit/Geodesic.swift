import CPROJ

/// Geodesics on an ellipsoid (Karney's algorithms, as shipped inside libproj). A plain value: the
/// ellipsoid's constants, no library state, so it may be copied across tasks freely.
public struct Geodesic: @unchecked Sendable {
    private var g = geod_geodesic()
    public let semiMajorAxis: Double
    public let flattening: Double

    public init(semiMajorAxis a: Double, flattening f: Double) {
        semiMajorAxis = a; flattening = f
        geod_init(&g, a, f)
    }

    /// WGS84: a = 6378137 m, f = 1/298.257223563.
    public static let wgs84 = Geodesic(semiMajorAxis: 6378137, flattening: 1 / 298.257223563)

    /// Distance in metres and forward azimuths (degrees from north) at both ends.
    public func inverse(_ from: Coordinate, _ to: Coordinate) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        var gg = g
        // geod_inverse takes latitude first.
        geod_inverse(&gg, from.lat, from.lon, to.lat, to.lon, &s12, &azi1, &azi2)
        return (s12, azi1, azi2)
    }

    public func distance(_ from: Coordinate, _ to: Coordinate) -> Double { inverse(from, to).distance }

    /// The point reached from `from` going `distance` metres at `azimuth` degrees, and the azimuth there.
    public func direct(from: Coordinate, azimuth: Double, distance: Double) -> (point: Coordinate, azimuth: Double) {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        var gg = g
        geod_direct(&gg, from.lat, from.lon, azimuth, distance, &lat2, &lon2, &azi2)
        return (Coordinate(lon: lon2, lat: lat2), azi2)
    }

    /// Geodesic length of a polyline of lon/lat vertices, metres.
    public func length(of line: [Coordinate]) -> Double {
        guard line.count > 1 else { return 0 }
        var s = 0.0
        for i in 1..<line.count { s += distance(line[i - 1], line[i]) }
        return s
    }
}
