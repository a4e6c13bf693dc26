import CGDAL

/// A vector dataset that GDAL writes (a GeoPackage, a Shapefile folder, ...). It owns its GDAL handle:
/// made by `create`, released by `close` (or when the value goes away). One task uses it at a time.
/// Every failure carries GDAL's message; GDAL's warnings are collected in `warnings`, never printed.
public final class VectorDataset: @unchecked Sendable {
    private var handle: GDALDatasetH?
    /// The collecting error handler while a transaction runs.
    private var scope: GDALErrors.Sink?
    public let path: String
    public private(set) var warnings: [String] = []

    /// The timestamp GDAL writes into a GeoPackage's `gpkg_contents.last_change` (and other drivers'
    /// metadata): fixed, so the same run gives the same bytes. It is informative per the GeoPackage
    /// standard; the run's own date is in summary.json.
    public static let fixedTimestamp = "2000-01-01T00:00:00.000Z"

    /// Process-wide settings for every file written: the fixed timestamp, and no fsync per SQLite
    /// transaction (every output is written into a staging folder that is published whole, so a
    /// half-written file is never seen; durability per commit would only cost time).
    static func configure() {
        CPLSetConfigOption("OGR_CURRENT_DATE", fixedTimestamp)
        CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    }

    private init(handle: GDALDatasetH, path: String) { self.handle = handle; self.path = path }

    deinit { if let handle { GDALClose(handle) } }

    /// Creates `path` (replacing nothing: the caller gives a fresh path) with the named GDAL driver.
    public static func create(_ path: String, driver: String, options: [String] = []) throws -> VectorDataset {
        let (h, sink) = try GDALErrors.capture { () throws -> GDALDatasetH? in
            configure()
            guard let drv = GDALGetDriverByName(driver) else {
                throw VectorError.invalidInput("GDAL has no \(driver) driver")
            }
            return withCStrings(options) { GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, $0) }
        }
        guard let h else { throw VectorError.library(operation: "create (\(driver))", path: path, message: sink.failures.joined(separator: "; ")) }
        let ds = VectorDataset(handle: h, path: path)
        ds.warnings += sink.warnings
        return ds
    }

    /// Opens an existing dataset to add layers to it.
    public static func openForUpdate(_ path: String) throws -> VectorDataset {
        let (h, sink) = GDALErrors.capture { () -> GDALDatasetH? in
            configure()
            return GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE), nil, nil, nil)
        }
        guard let h else { throw VectorError.library(operation: "open for update", path: path, message: sink.failures.joined(separator: "; ")) }
        let ds = VectorDataset(handle: h, path: path)
        ds.warnings += sink.warnings
        return ds
    }

    /// Runs a GDAL call on this dataset, turning a failure into an error with GDAL's message.
    func call<T>(_ operation: String, _ body: (GDALDatasetH) throws -> T, failed: (T) -> Bool) throws -> T {
        guard let handle else { throw VectorError.invalidInput("\(path) is already closed") }
        // Inside a transaction the handler is installed once for all its calls (per feature it would
        // cost more than the write).
        if let scope {
            let before = scope.failures.count
            let r = try body(handle)
            if failed(r) || scope.failures.count > before {
                throw VectorError.library(operation: operation, path: path, message: scope.failures[before...].joined(separator: "; "))
            }
            return r
        }
        let (r, sink) = try GDALErrors.capture { try body(handle) }
        warnings += sink.warnings
        if failed(r) || !sink.failures.isEmpty {
            throw VectorError.library(operation: operation, path: path, message: sink.failures.joined(separator: "; "))
        }
        return r
    }

    /// A new layer with its geometry type, CRS (an EPSG code; nil for a table without geometry) and
    /// fields declared up front, so an empty layer still says what it holds.
    public func createLayer(_ name: String, geometry: VectorGeometryType, epsg: Int32? = 4326, fields: [VectorField],
                            options: [String] = []) throws -> VectorLayer {
        let layer = try call("create layer \(name)", { ds -> OGRLayerH? in
            var srs: OGRSpatialReferenceH? = nil
            if let epsg, geometry != .none {
                srs = OSRNewSpatialReference(nil)
                OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
                if OSRImportFromEPSG(srs, epsg) != OGRERR_NONE { OSRDestroySpatialReference(srs); return nil }
            }
            defer { if let srs { OSRRelease(srs) } }
            guard let l = withCStrings(options, { GDALDatasetCreateLayer(ds, name, srs, OGRGeometry.type(geometry), $0) }) else { return nil }
            for f in fields {
                let defn = OGR_Fld_Create(f.name, Self.ogrType(f.type))
                defer { OGR_Fld_Destroy(defn) }
                if f.type == .boolean { OGR_Fld_SetSubType(defn, OFSTBoolean) }
                if let w = f.width { OGR_Fld_SetWidth(defn, Int32(w)) }
                if let a = f.alias { OGR_Fld_SetAlternativeName(defn, a) }
                // bApproxOK = 0: a name the driver would change is an error, not a silent rename.
                if OGR_L_CreateField(l, defn, 0) != OGRERR_NONE { return nil }
            }
            return l
        }, failed: { $0 == nil })
        return VectorLayer(layer!, dataset: self, name: name, fields: fields, geometry: geometry)
    }

    /// Runs `body` inside one dataset transaction (GeoPackage writes are then one SQLite transaction,
    /// not one per feature); rolled back if `body` throws.
    public func transaction(_ body: () throws -> Void) throws {
        // Drivers without transactions (Shapefile) write feature by feature.
        let transactions = try call("test capability", { GDALDatasetTestCapability($0, "Transactions") }, failed: { _ in false }) != 0
        if transactions { _ = try call("start transaction", { GDALDatasetStartTransaction($0, 0) }, failed: { $0 != OGRERR_NONE }) }
        let (_, sink) = try GDALErrors.capture { (sink: GDALErrors.Sink) throws -> Void in
            scope = sink
            defer { scope = nil }
            do { try body() } catch {
                if transactions { _ = try? call("roll back", { GDALDatasetRollbackTransaction($0) }, failed: { _ in false }) }
                throw error
            }
        }
        warnings += sink.warnings
        if transactions { _ = try call("commit", { GDALDatasetCommitTransaction($0) }, failed: { $0 != OGRERR_NONE }) }
    }

    /// Flushes and closes the file; any failure GDAL reports while doing so is thrown.
    public func close() throws {
        guard let h = handle else { return }
        handle = nil
        let (_, sink) = GDALErrors.capture { GDALClose(h) }
        warnings += sink.warnings
        if !sink.failures.isEmpty { throw VectorError.library(operation: "close", path: path, message: sink.failures.joined(separator: "; ")) }
    }

    static func ogrType(_ t: VectorFieldType) -> OGRFieldType {
        switch t {
        case .string: OFTString
        case .integer64: OFTInteger64
        case .real: OFTReal
        case .boolean: OFTInteger
        }
    }
}

/// A NULL-terminated `char **` list for GDAL's option arguments, alive for the call.
func withCStrings<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> T) -> T {
    if strings.isEmpty { return body(nil) }
    var ptrs: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    ptrs.append(nil)
    defer { for p in ptrs { free(p) } }
    return ptrs.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}
