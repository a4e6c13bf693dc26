import Foundation
import GeoKit

/// hazard-map.qgs: a QGIS project beside basinmap.gpkg that opens the map. Its layers point at the
/// GeoPackage by relative path (the folder can be moved or zipped), in the SVG map's order from the top,
/// each with the same style the GeoPackage stores as its default; the project CRS is the basin's own
/// projection, the extent the basin's, the title the map's. A second, hidden sites layer is filtered
/// to the sites with possible transboundary impact, ready to switch on.
public enum QGISProject {
    public struct Layer {
        public var name: String
        public var geometry: VectorGeometryType
        /// The layer's style (a QML document); its renderer, labels and aliases go into the project.
        public var qml: String
        public var subset: String? = nil
        public var title: String? = nil
        public var visible = true
        public init(name: String, geometry: VectorGeometryType, qml: String) { self.name = name; self.geometry = geometry; self.qml = qml }
    }

    public static let fileName = "hazard-map.qgs"

    /// The layers in drawing order from the top (the SVG map's): sites, footprints, traces, zones,
    /// borders, rivers, lakes, countries.
    public static let order = ["sites", "footprints", "traces", "zones", "borders", "rivers", "lakes", "countries"]

    public static func text(title: String, projection: String, extent: Envelope, gpkg: String, layers: [Layer]) throws -> String {
        let crsXML = try spatialRef(projection, description: "\(title): basin projection")
        let wgs84 = try spatialRef("EPSG:4326", description: "WGS 84", authid: "EPSG:4326")
        let canvas = try projectedExtent(extent, projection)
        var tree = "", maplayers = ""
        for l in layers {
            let id = l.subset == nil ? "\(l.name)_basinmap" : "\(l.name)_filtered_basinmap"
            var source = "./\(gpkg)|layername=\(l.name)"
            if let s = l.subset { source += "|subset=\(s)" }
            let shown = l.title ?? l.name
            tree += "    <layer-tree-layer id=\"\(XML.escape(id))\" name=\"\(XML.escape(shown))\" source=\"\(XML.escape(source))\" providerKey=\"ogr\" checked=\"\(l.visible ? "Qt::Checked" : "Qt::Unchecked")\" expanded=\"0\"><customproperties/></layer-tree-layer>\n"
            maplayers += """
                <maplayer type="vector" geometry="\(geometryClass(l.geometry))" wkbType="\(wkbName(l.geometry))" autoRefreshEnabled="0" refreshOnNotifyEnabled="0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="100000000" maxScale="0" labelsEnabled="\(l.qml.contains("<labeling") ? 1 : 0)">
                  <id>\(XML.escape(id))</id>
                  <datasource>\(XML.escape(source))</datasource>
                  <layername>\(XML.escape(shown))</layername>
                  <srs>
            \(wgs84)      </srs>
                  <provider encoding="UTF-8">ogr</provider>
            \(styleBody(l.qml))    </maplayer>

            """
        }
        return """
        <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
        <qgis projectname="\(XML.escape(title))" version="3.22.0-BasinMap">
          <homePath path=""/>
          <title>\(XML.escape(title))</title>
          <projectCrs>
        \(crsXML)  </projectCrs>
          <layer-tree-group>
            <customproperties/>
        \(tree)  </layer-tree-group>
          <mapcanvas name="theMapCanvas" annotationsVisible="1">
            <units>meters</units>
            <extent>
              <xmin>\(num(canvas.minX))</xmin>
              <ymin>\(num(canvas.minY))</ymin>
              <xmax>\(num(canvas.maxX))</xmax>
              <ymax>\(num(canvas.maxY))</ymax>
            </extent>
            <rotation>0</rotation>
            <destinationsrs>
        \(crsXML)    </destinationsrs>
            <rendermaptile>0</rendermaptile>
          </mapcanvas>
          <projectlayers>
        \(maplayers)  </projectlayers>
          <properties>
            <Paths>
              <Absolute type="bool">false</Absolute>
            </Paths>
            <SpatialRefSys>
              <ProjectionsEnabled type="int">1</ProjectionsEnabled>
            </SpatialRefSys>
            <WMSServiceTitle type="QString">\(XML.escape(title))</WMSServiceTitle>
          </properties>
        </qgis>

        """
    }

    /// The elements of a QML document (renderer, labeling, aliases), to embed in a `<maplayer>`.
    static func styleBody(_ qml: String) -> String {
        guard let open = qml.range(of: "<qgis "), let openEnd = qml.range(of: ">", range: open.upperBound..<qml.endIndex),
              let close = qml.range(of: "</qgis>", options: .backwards) else { return "" }
        return String(qml[openEnd.upperBound..<close.lowerBound]).trimmingCharacters(in: .newlines) + "\n"
    }

    static func spatialRef(_ definition: String, description: String, authid: String? = nil) throws -> String {
        let wkt = try Projection.wkt(definition)
        let proj4 = definition.hasPrefix("+") ? definition : (authid == "EPSG:4326" ? "+proj=longlat +datum=WGS84 +no_defs" : "")
        let text = """
            <spatialrefsys nativeFormat="Wkt">
              <wkt>\(XML.escape(wkt))</wkt>
              <proj4>\(XML.escape(proj4))</proj4>
              <authid>\(XML.escape(authid ?? ""))</authid>
              <description>\(XML.escape(description))</description>
              <geographicflag>\(authid == "EPSG:4326" ? "true" : "false")</geographicflag>
            </spatialrefsys>

        """
        // No authid element for a custom CRS: QGIS would try to look up an empty one; the WKT decides.
        return authid == nil ? text.replacingOccurrences(of: "      <authid></authid>\n", with: "") : text
    }

    /// The basin extent in the project CRS: its edges sampled, since a conic projection bends them.
    static func projectedExtent(_ e: Envelope, _ projection: String) throws -> Envelope {
        let p = try Projection(from: "EPSG:4326", to: projection)
        var pts: [Coordinate] = []
        for k in 0...20 {
            let t = Double(k) / 20
            let x = e.minX + (e.maxX - e.minX) * t, y = e.minY + (e.maxY - e.minY) * t
            pts += [Coordinate(lon: x, lat: e.minY), Coordinate(lon: x, lat: e.maxY), Coordinate(lon: e.minX, lat: y), Coordinate(lon: e.maxX, lat: y)]
        }
        return Envelope(of: try p.forward(pts)) ?? e
    }

    static func num(_ d: Double) -> String { String(format: "%.1f", d) }

    static func geometryClass(_ g: VectorGeometryType) -> String {
        switch g {
        case .point: "Point"
        case .lineString, .multiLineString: "Line"
        case .polygon, .multiPolygon: "Polygon"
        case .none: "No geometry"
        }
    }

    static func wkbName(_ g: VectorGeometryType) -> String {
        switch g {
        case .point: "Point"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .none: "NoGeometry"
        }
    }
}
