import CGDAL

/// Builds OGR geometries from GeoKit's plain values (lon/lat order, as GeoPackage stores EPSG:4326 with
/// the traditional GIS axis order). The caller owns the result and destroys it.
enum OGRGeometry {
    static func make(_ g: Geometry, as declared: VectorGeometryType) -> OGRGeometryH? {
        switch (g, declared) {
        case (.polygon(let p), .multiPolygon):
            let m = OGR_G_CreateGeometry(wkbMultiPolygon)
            OGR_G_AddGeometryDirectly(m, polygon(p))
            return m
        case (.lineString(let l), .multiLineString):
            let m = OGR_G_CreateGeometry(wkbMultiLineString)
            OGR_G_AddGeometryDirectly(m, line(l, type: wkbLineString))
            return m
        default:
            return make(g)
        }
    }

    static func make(_ g: Geometry) -> OGRGeometryH? {
        switch g {
        case .point(let c):
            let h = OGR_G_CreateGeometry(wkbPoint)
            OGR_G_SetPoint_2D(h, 0, c.lon, c.lat)
            return h
        case .multiPoint(let cs):
            let m = OGR_G_CreateGeometry(wkbMultiPoint)
            for c in cs { OGR_G_AddGeometryDirectly(m, make(.point(c))) }
            return m
        case .lineString(let cs): return line(cs, type: wkbLineString)
        case .multiLineString(let ls):
            let m = OGR_G_CreateGeometry(wkbMultiLineString)
            for l in ls { OGR_G_AddGeometryDirectly(m, line(l, type: wkbLineString)) }
            return m
        case .polygon(let p): return polygon(p)
        case .multiPolygon(let ps):
            let m = OGR_G_CreateGeometry(wkbMultiPolygon)
            for p in ps { OGR_G_AddGeometryDirectly(m, polygon(p)) }
            return m
        case .collection(let gs):
            let m = OGR_G_CreateGeometry(wkbGeometryCollection)
            for x in gs { OGR_G_AddGeometryDirectly(m, make(x)) }
            return m
        }
    }

    static func line(_ cs: [Coordinate], type: OGRwkbGeometryType) -> OGRGeometryH? {
        let h = OGR_G_CreateGeometry(type)
        OGR_G_SetPointCount(h, Int32(cs.count))
        for (i, c) in cs.enumerated() { OGR_G_SetPoint_2D(h, Int32(i), c.lon, c.lat) }
        return h
    }

    static func polygon(_ p: Polygon) -> OGRGeometryH? {
        let h = OGR_G_CreateGeometry(wkbPolygon)
        for r in p.rings { OGR_G_AddGeometryDirectly(h, line(Ring.closed(r), type: wkbLinearRing)) }
        return h
    }

    static func type(_ t: VectorGeometryType) -> OGRwkbGeometryType {
        switch t {
        case .none: wkbNone
        case .point: wkbPoint
        case .lineString: wkbLineString
        case .polygon: wkbPolygon
        case .multiPolygon: wkbMultiPolygon
        case .multiLineString: wkbMultiLineString
        }
    }
}
