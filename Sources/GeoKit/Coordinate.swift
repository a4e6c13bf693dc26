/// A position. For geographic data x is longitude and y is latitude (degrees, WGS84);
/// for projected data both are metres in the projection's plane.
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) { self.x = x; self.y = y }
    public init(lon: Double, lat: Double) { self.x = lon; self.y = lat }

    public var lon: Double { x }
    public var lat: Double { y }
    public var isFinite: Bool { x.isFinite && y.isFinite }
    public var description: String { "(\(x), \(y))" }

    /// Planar distance, meaningful only for projected coordinates.
    @inlinable public func planarDistance(to o: Coordinate) -> Double {
        let dx = x - o.x, dy = y - o.y
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// An axis-aligned box.
public struct Envelope: Hashable, Sendable {
    public var minX, minY, maxX, maxY: Double
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }
    public init?(of coords: some Sequence<Coordinate>) {
        var e = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        var any = false
        for c in coords { e.expand(c); any = true }
        if !any { return nil }
        self = e
    }
    public mutating func expand(_ c: Coordinate) {
        minX = Swift.min(minX, c.x); minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x); maxY = Swift.max(maxY, c.y)
    }
    public mutating func expand(_ e: Envelope) {
        minX = Swift.min(minX, e.minX); minY = Swift.min(minY, e.minY)
        maxX = Swift.max(maxX, e.maxX); maxY = Swift.max(maxY, e.maxY)
    }
    public func contains(_ c: Coordinate) -> Bool { c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY }
    public func intersects(_ o: Envelope) -> Bool { !(o.minX > maxX || o.maxX < minX || o.minY > maxY || o.maxY < minY) }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}
