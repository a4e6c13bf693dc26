import Foundation
import GeoKit
import ScoringKit

/// The `shapefiles/` folder for ArcGIS users: besides sites.shp (written by `GeoPackageSink`), one
/// Shapefile per context layer, each with a `.cpg` declaring UTF-8 (Cyrillic survives) and a `.qml`
/// style that QGIS loads beside it, its field references renamed to the short names; `field-names.csv`
/// maps every layer's full field names to its 10-byte names.
enum ShapefileLayers {
    static let fieldMap = "field-names.csv"

    static func append(_ layers: [ContextLayer], sitesFields: [VectorField], rules: RuleSet, to dir: URL) throws -> GeoPackageLayers.Written {
        let ds = try VectorDataset.openForUpdate(dir.path)
        var map = "layer,field,shapefile_field,type\r\n"
        func note(_ layer: String, _ fields: [VectorField], _ names: ShapefileNames) {
            for (f, n) in zip(fields, names.short) { map += "\(layer),\(CSV.field(f.name)),\(CSV.field(n)),\(f.type)\r\n" }
        }
        let siteNames = ShapefileNames(sitesFields.map(\.name))
        note(GeoPackageSink.layerName, sitesFields, siteNames)
        try AtomicFile.write(siteNames.rename(GeoPackageLayers.withAliases(QGISStyle.sites(rules), sitesFields), from: sitesFields.map(\.name)),
                             to: dir.appendingPathComponent("sites.qml"))
        for l in layers {
            let full = l.fields.map { VectorField($0.name, $0.type.vector, alias: FieldAlias.make($0.name, unit: nil)) }
            let names = ShapefileNames(full.map(\.name))
            let fields = zip(full, names.short).map { f, n in VectorField(n, f.type, alias: f.name, width: f.type == .string ? 254 : nil) }
            let out = try ds.createLayer(l.name, geometry: l.geometry, fields: fields, options: GeoPackageSink.layerOptions(.shapefiles))
            var values = [VectorValue](repeating: .null, count: fields.count)
            for f in l.features {
                for k in values.indices { values[k] = f.values[k].vector }
                try out.add(values, geometry: f.geometry)
            }
            note(l.name, full, names)
            if let q = ContextStyles.qml(l) {
                try AtomicFile.write(names.rename(GeoPackageLayers.withAliases(q, full), from: full.map(\.name)), to: dir.appendingPathComponent(l.name + ".qml"))
            }
        }
        try ds.close()
        try AtomicFile.write(map, to: dir.appendingPathComponent(fieldMap))
        return GeoPackageLayers.Written()
    }
}
