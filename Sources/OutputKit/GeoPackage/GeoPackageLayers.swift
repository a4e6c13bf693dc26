import Foundation
import GeoKit
import ScoringKit

/// Adds to basinmap.gpkg (its `sites` layer written by `GeoPackageSink`) every context layer of the run,
/// each with its declared geometry type, CRS and field types, and every layer's QGIS style as its default
/// in the `layer_styles` table, where QGIS looks for it when the layer is opened.
public enum GeoPackageLayers {
    /// Every layer of the file with its style, in the order written (sites first).
    public struct Written: Sendable {
        public var layers: [(name: String, geometry: VectorGeometryType, features: Int, qml: String)] = []
    }

    @discardableResult
    public static func append(_ layers: [ContextLayer], sitesFields: [VectorField], sites: Int, rules: RuleSet, to url: URL,
                              target: GeoPackageSink.Target = .geoPackage) throws -> Written {
        if target == .shapefiles { return try ShapefileLayers.append(layers, sitesFields: sitesFields, rules: rules, to: url) }
        let ds = try VectorDataset.openForUpdate(url.path)
        let sitesStyle = withAliases(QGISStyle.sites(rules), sitesFields)
        var written = Written()
        written.layers.append((GeoPackageSink.layerName, .point, sites, sitesStyle))
        var styles: [(layer: String, qml: String)] = [(GeoPackageSink.layerName, sitesStyle)]
        for l in layers {
            let fields = l.fields.map { VectorField($0.name, $0.type.vector, alias: FieldAlias.make($0.name, unit: nil)) }
            let out = try ds.createLayer(l.name, geometry: l.geometry, fields: fields, options: ["FID=fid", "GEOMETRY_NAME=geom"])
            var values = [VectorValue](repeating: .null, count: fields.count)
            try ds.transaction {
                for f in l.features {
                    for k in values.indices { values[k] = f.values[k].vector }
                    try out.add(values, geometry: f.geometry)
                }
            }
            if let q = ContextStyles.qml(l) {
                let styled = withAliases(q, fields)
                styles.append((l.name, styled))
                written.layers.append((l.name, l.geometry, l.features.count, styled))
            }
        }
        try writeStyles(styles, to: ds)
        try ds.close()
        if !ds.warnings.isEmpty { throw VectorError.library(operation: "write", path: url.path, message: "warnings: " + ds.warnings.joined(separator: "; ")) }
        return written
    }

    /// The table QGIS itself creates when a style is saved to a GeoPackage (same columns), one row per
    /// layer, each the default. `update_time` is fixed, as every timestamp of the file is.
    static func writeStyles(_ styles: [(layer: String, qml: String)], to ds: VectorDataset) throws {
        let fields = [
            VectorField("f_table_catalog", .string), VectorField("f_table_schema", .string), VectorField("f_table_name", .string),
            VectorField("f_geometry_column", .string), VectorField("styleName", .string), VectorField("styleQML", .string),
            VectorField("styleSLD", .string), VectorField("useAsDefault", .boolean), VectorField("description", .string),
            VectorField("owner", .string), VectorField("ui", .string), VectorField("update_time", .string),
        ]
        let table = try ds.createLayer("layer_styles", geometry: .none, epsg: nil, fields: fields, options: ["FID=id"])
        try ds.transaction {
            for s in styles {
                try table.add([.string(""), .string(""), .string(s.layer), .string("geom"), .string(s.layer), .string(s.qml), .string(""),
                               .boolean(true), .string("BasinMap default style of \(s.layer)"), .string(""), .null,
                               .string(VectorDataset.fixedTimestamp)], geometry: nil)
            }
        }
    }

    /// The style with its fields' readable names (QGIS shows them as column headers and in forms).
    static func withAliases(_ qml: String, _ fields: [VectorField]) -> String {
        guard let end = qml.range(of: "</qgis>", options: .backwards) else { return qml }
        var s = qml
        s.insert(contentsOf: QML.aliases(fields), at: end.lowerBound)
        return s.replacingOccurrences(of: "styleCategories=\"Symbology|Labeling\"", with: "styleCategories=\"Symbology|Labeling|Fields\"")
            .replacingOccurrences(of: "styleCategories=\"Symbology\"", with: "styleCategories=\"Symbology|Fields\"")
    }
}

extension GeoPackageLayers.Written {
    /// hazard-map.qgs for this GeoPackage (named `gpkg` in the same folder), layers in the map's order.
    public func project(title: String, projection: String, extent: Envelope, gpkg: String) throws -> String {
        var ls: [QGISProject.Layer] = []
        for name in QGISProject.order {
            guard let l = layers.first(where: { $0.name == name }) else { continue }
            if name == GeoPackageSink.layerName {
                var f = QGISProject.Layer(name: name, geometry: l.geometry, qml: l.qml)
                f.subset = "\"transboundary\" = 'yes'"
                f.title = "sites: transboundary impact possible"
                f.visible = false
                ls.append(f)
            }
            ls.append(QGISProject.Layer(name: name, geometry: l.geometry, qml: l.qml))
        }
        return try QGISProject.text(title: title, projection: projection, extent: extent, gpkg: gpkg, layers: ls)
    }
}
