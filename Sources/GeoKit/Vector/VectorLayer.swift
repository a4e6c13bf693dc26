import CGDAL

/// A layer of a `VectorDataset` being written. The dataset owns the GDAL layer; this value only adds
/// features to it while the dataset is open.
public final class VectorLayer: @unchecked Sendable {
    private let handle: OGRLayerH
    private unowned let dataset: VectorDataset
    public let name: String
    public let fields: [VectorField]
    public let geometry: VectorGeometryType
    public private(set) var count = 0
    /// One feature reused for every write (all its fields are set each time).
    private var feature: OGRFeatureH?

    init(_ handle: OGRLayerH, dataset: VectorDataset, name: String, fields: [VectorField], geometry: VectorGeometryType) {
        self.handle = handle; self.dataset = dataset; self.name = name; self.fields = fields; self.geometry = geometry
    }

    deinit { if let feature { OGR_F_Destroy(feature) } }

    /// Adds one feature: `values` in the order of `fields`, each of its field's type or null.
    public func add(_ values: [VectorValue], geometry g: Geometry?) throws {
        guard values.count == fields.count else {
            throw VectorError.invalidInput("layer \(name): \(values.count) values for \(fields.count) fields")
        }
        let n = count + 1
        _ = try dataset.call("write feature \(n) of layer \(name)", { _ -> OGRErr in
            if feature == nil { feature = OGR_F_Create(OGR_L_GetLayerDefn(handle)) }
            guard let f = feature else { return OGRERR_FAILURE }
            OGR_F_SetFID(f, GIntBig(OGRNullFID))
            for (i, v) in values.enumerated() {
                let k = Int32(i)
                switch v {
                case .null: OGR_F_SetFieldNull(f, k)
                case .string(let s): OGR_F_SetFieldString(f, k, s)
                case .integer(let x): OGR_F_SetFieldInteger64(f, k, GIntBig(x))
                case .real(let d): if d.isFinite { OGR_F_SetFieldDouble(f, k, d) } else { OGR_F_SetFieldNull(f, k) }
                case .boolean(let b): OGR_F_SetFieldInteger(f, k, b ? 1 : 0)
                }
            }
            if let g, geometry != .none {
                guard let h = OGRGeometry.make(g, as: geometry) else { return OGRERR_FAILURE }
                if OGR_F_SetGeometryDirectly(f, h) != OGRERR_NONE { return OGRERR_FAILURE }
            } else {
                OGR_F_SetGeometryDirectly(f, nil)
            }
            return OGR_L_CreateFeature(handle, f)
        }, failed: { $0 != OGRERR_NONE })
        count = n
    }
}
