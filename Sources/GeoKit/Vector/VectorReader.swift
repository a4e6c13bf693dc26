import CGDAL

// Reading vector datasets and spreadsheets through GDAL (XLSX, ODS, GeoPackage, Shapefile, KML/KMZ).
// The handles stay in here: callers get plain values (field names, cell texts, GeoKit geometries in
// lon/lat WGS84) and errors carrying GDAL's own message.

/// One layer (a sheet of a workbook, a table of a GeoPackage, a Shapefile) as seen before reading it.
public struct VectorLayerInfo: Sendable, Equatable {
    public var name: String
    public var fieldNames: [String]
    /// The layer's CRS as GDAL names it ("WGS 84 / UTM zone 42N"); nil when the layer declares none
    /// (a Shapefile without .prj, a spreadsheet).
    public var crsName: String?
    public var hasGeometry: Bool
}

/// One feature (a spreadsheet row, a GeoPackage feature): its FID as GDAL numbers it (for XLSX/ODS read
/// with `HEADERS=DISABLE`, the sheet's row number), each field's value as text (nil when unset or
/// null), and its geometry in lon/lat WGS84.
public struct VectorFeature: Sendable {
    public var fid: Int
    public var values: [String?]
    public var geometry: Geometry?
    /// Why a geometry present in the file could not be given (an unsupported type, a failed reprojection).
    public var geometryProblem: String?
}

/// A dataset opened read-only. It owns its GDAL handle, released by `close` or when the value goes away.
/// One task uses it at a time.
public final class VectorSource: @unchecked Sendable {
    private var handle: GDALDatasetH?
    public let path: String
    /// GDAL's short name of the driver that opened the file ("XLSX", "ODS", "GPKG", "ESRI Shapefile", "KML", "LIBKML").
    public let driver: String
    /// GDAL's warnings while opening and reading, in order; never printed.
    public private(set) var warnings: [String] = []

    private init(handle: GDALDatasetH, path: String, driver: String) { self.handle = handle; self.path = path; self.driver = driver }
    deinit { if let handle { GDALClose(handle) } }

    /// Opens `path` read-only as a vector dataset. `drivers` limits which GDAL drivers may open it (nil:
    /// any); `options` are the driver's open options ("HEADERS=DISABLE").
    public static func open(_ path: String, drivers: [String]? = nil, options: [String] = []) throws -> VectorSource {
        let (h, sink) = GDALErrors.capture { () -> GDALDatasetH? in
            withCStrings(drivers ?? []) { d in
                withCStrings(options) { o in
                    GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), UnsafeRawPointer(d)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self),
                               UnsafeRawPointer(o)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self), nil)
                }
            }
        }
        guard let h else {
            let msg = GDALErrors.summary(sink.failures)
            throw VectorError.library(operation: "open", path: path, message: msg.isEmpty ? "GDAL recognises no vector format in it" : msg)
        }
        let name = GDALGetDescription(GDALGetDatasetDriver(h)).map { String(cString: $0) } ?? "?"
        let s = VectorSource(handle: h, path: path, driver: name)
        s.warnings += sink.warnings
        return s
    }

    public func close() {
        if let h = handle { handle = nil; _ = GDALErrors.capture { GDALClose(h) } }
    }

    private func dataset() throws -> GDALDatasetH {
        guard let handle else { throw VectorError.invalidInput("\(path) is already closed") }
        return handle
    }

    /// The layers in the file's order (the sheets of a workbook, in tab order).
    public func layers() throws -> [VectorLayerInfo] {
        let ds = try dataset()
        let (infos, sink) = GDALErrors.capture { () -> [VectorLayerInfo] in
            (0..<max(0, Int(GDALDatasetGetLayerCount(ds)))).compactMap { i in
                guard let l = GDALDatasetGetLayer(ds, Int32(i)) else { return nil }
                return Self.info(l)
            }
        }
        warnings += sink.warnings
        if !sink.failures.isEmpty { throw VectorError.library(operation: "list layers", path: path, message: GDALErrors.summary(sink.failures)) }
        return infos
    }

    static func info(_ l: OGRLayerH) -> VectorLayerInfo {
        let defn = OGR_L_GetLayerDefn(l)
        let n = Int(OGR_FD_GetFieldCount(defn))
        var names: [String] = []
        names.reserveCapacity(n)
        for k in 0..<n { names.append(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, Int32(k))).map { String(cString: $0) } ?? "") }
        var crs: String? = nil
        if let srs = OGR_L_GetSpatialRef(l) { crs = OSRGetName(srs).map { String(cString: $0) } ?? "unnamed CRS" }
        return VectorLayerInfo(name: OGR_L_GetName(l).map { String(cString: $0) } ?? "", fieldNames: names, crsName: crs,
                               hasGeometry: OGR_L_GetGeomType(l) != wkbNone)
    }

    /// Calls `body` with each feature of layer `index`, in the file's order; stops when `body` returns
    /// false. Geometries are reprojected from the layer's CRS to lon/lat WGS84 (traditional GIS order);
    /// a layer without a CRS gives its coordinates as they are. Throws, with GDAL's message, when the
    /// layer cannot be read or its CRS cannot be converted.
    public func features(layer index: Int, _ body: (VectorFeature) -> Bool) throws {
        let ds = try dataset()
        guard let l = GDALDatasetGetLayer(ds, Int32(index)) else { throw VectorError.invalidInput("\(path): no layer \(index)") }
        let layerName = OGR_L_GetName(l).map { String(cString: $0) } ?? "\(index)"
        var ct: OGRCoordinateTransformationH? = nil
        var wgs: OGRSpatialReferenceH? = nil
        defer { if let ct { OCTDestroyCoordinateTransformation(ct) }; if let wgs { OSRRelease(wgs) } }
        let (setupError, setup) = GDALErrors.capture { () -> String? in
            guard let srs = OGR_L_GetSpatialRef(l) else { return nil }
            wgs = OSRNewSpatialReference(nil)
            OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER)
            _ = OSRImportFromEPSG(wgs, 4326)
            if OSRIsSame(srs, wgs) != 0 { return nil }
            let src = OSRClone(srs)
            OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER)
            ct = OCTNewCoordinateTransformation(src, wgs)
            OSRRelease(src)
            return ct == nil ? "its CRS (\(OSRGetName(srs).map { String(cString: $0) } ?? "unnamed")) cannot be converted to WGS84 lon/lat" : nil
        }
        warnings += setup.warnings
        if let setupError {
            throw VectorError.library(operation: "reproject layer \(layerName)", path: path, message: ([setupError] + [GDALErrors.summary(setup.failures)]).filter { !$0.isEmpty }.joined(separator: ": "))
        }
        OGR_L_ResetReading(l)
        let n = Int(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(l)))
        // Each feature in its own capture: a failed reprojection belongs to its feature, any other
        // failure (a damaged file) ends the reading with GDAL's message.
        while true {
            var transformFailed = false
            let (feature, sink) = GDALErrors.capture { () -> VectorFeature? in
                guard let f = OGR_L_GetNextFeature(l) else { return nil }
                defer { OGR_F_Destroy(f) }
                var values = [String?](repeating: nil, count: n)
                for k in 0..<n where OGR_F_IsFieldSetAndNotNull(f, Int32(k)) != 0 {
                    values[k] = OGR_F_GetFieldAsString(f, Int32(k)).map { String(cString: $0) }
                }
                var g: Geometry? = nil
                var problem: String? = nil
                if let gh = OGR_F_GetGeometryRef(f), OGR_G_IsEmpty(gh) == 0 {
                    if let ct, OGR_G_Transform(gh, ct) != OGRERR_NONE {
                        transformFailed = true
                        let m = String(cString: CPLGetLastErrorMsg())
                        problem = "the geometry cannot be reprojected to WGS84 lon/lat\(m.isEmpty ? "" : " (\(m))")"
                    }
                    if problem == nil {
                        switch Self.geometry(gh) {
                        case .success(let x): g = x
                        case .failure(let e): problem = e.message
                        }
                    }
                }
                return VectorFeature(fid: Int(OGR_F_GetFID(f)), values: values, geometry: g, geometryProblem: problem)
            }
            if warnings.count < 100 { warnings += sink.warnings.prefix(100 - warnings.count) }
            if !sink.failures.isEmpty && !transformFailed {
                throw VectorError.library(operation: "read layer \(layerName)", path: path, message: GDALErrors.summary(sink.failures))
            }
            guard let feature, body(feature) else { break }
        }
    }

    struct Unsupported: Error { let message: String }

    /// An OGR geometry as a GeoKit value (2D: Z and M are dropped).
    static func geometry(_ g: OGRGeometryH) -> Result<Geometry, Unsupported> {
        func points(_ h: OGRGeometryH) -> [Coordinate] {
            let n = Int(OGR_G_GetPointCount(h))
            var out: [Coordinate] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(Coordinate(lon: OGR_G_GetX(h, Int32(i)), lat: OGR_G_GetY(h, Int32(i)))) }
            return out
        }
        func parts(_ h: OGRGeometryH) -> [OGRGeometryH] {
            (0..<Int(OGR_G_GetGeometryCount(h))).compactMap { OGR_G_GetGeometryRef(h, Int32($0)) }
        }
        func polygon(_ h: OGRGeometryH) -> Polygon? {
            let rings = parts(h).map(points)
            guard let first = rings.first else { return nil }
            return Polygon(exterior: first, holes: Array(rings.dropFirst()))
        }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        switch type {
        case wkbPoint: return .success(.point(Coordinate(lon: OGR_G_GetX(g, 0), lat: OGR_G_GetY(g, 0))))
        case wkbMultiPoint:
            return .success(.multiPoint(parts(g).map { Coordinate(lon: OGR_G_GetX($0, 0), lat: OGR_G_GetY($0, 0)) }))
        case wkbLineString: return .success(.lineString(points(g)))
        case wkbMultiLineString: return .success(.multiLineString(parts(g).map(points)))
        case wkbPolygon:
            guard let p = polygon(g) else { return .failure(Unsupported(message: "a polygon without rings")) }
            return .success(.polygon(p))
        case wkbMultiPolygon: return .success(.multiPolygon(parts(g).compactMap(polygon)))
        case wkbGeometryCollection:
            var out: [Geometry] = []
            for p in parts(g) {
                switch geometry(p) {
                case .success(let x): out.append(x)
                case .failure(let e): return .failure(e)
                }
            }
            return .success(.collection(out))
        default:
            let name = OGRGeometryTypeToName(type).map { String(cString: $0) } ?? "unknown"
            return .failure(Unsupported(message: "geometry type \(name) is not supported"))
        }
    }
}
