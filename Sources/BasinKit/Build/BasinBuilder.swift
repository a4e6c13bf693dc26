import Foundation
import GeoKit

/// Builds a whole basin folder from GMT dumps (scripts/extract-gmt.sh): countries, borders and lakes
/// (BasinGeometryBuilder), then the river network over those very lakes (so lake ids agree), oriented to
/// the outlet in basin.json with the names and tolerances of network.json.
public enum BasinBuilder {
    public struct Report: Sendable {
        public var geometry: [String]
        public var network: NetworkReport
        public var files: [String]
    }

    /// basin.json's "build" section, checked (errors name basin.json and the field).
    public static func spec(basinDirectory: URL) throws -> BuildSpec {
        try BasinSpecReader.build(directory: basinDirectory, metadata: try BasinMetadataReader.read(directory: basinDirectory))
    }

    public static func build(gmtDirectory: URL, basinDirectory: URL) throws -> Report {
        let meta = try BasinMetadataReader.read(directory: basinDirectory)
        let options = try NetworkOptionsFile.read(basinDirectory.appendingPathComponent("network.json"))
        let geometry = try BasinGeometryBuilder.build(gmtDirectory: gmtDirectory, countries: meta.countries,
                                                      spec: try BasinSpecReader.build(directory: basinDirectory, metadata: meta))
        let riversTxt = gmtDirectory.appendingPathComponent("rivers.txt")
        let lines = try GMTText.read(riversTxt).enumerated().map { i, s -> RiverLine in
            guard let level = s.level else {
                throw BasinBuildError("\(riversTxt.lastPathComponent) segment \(i): header '\(s.header)' has no 'Level N'")
            }
            return RiverLine(coordinates: s.coordinates, level: level, sourceIndex: i)
        }
        let ctx = GEOSContext()
        let projection = try Projection(from: "EPSG:4326", to: meta.projection)
        let network = try RiverNetworkBuilder.build(lines: lines, lakes: geometry.lakes, outlet: meta.outlet, options: options,
                                                    context: ctx, projection: projection)
        try BasinLayerWriter.write(geometry, to: basinDirectory)
        try RiversFile.write(network.edges, to: basinDirectory.appendingPathComponent("rivers.geojson"))
        return Report(geometry: geometry.report, network: network.report,
                      files: ["countries.geojson", "borders.geojson", "lakes.geojson", "rivers.geojson"])
    }
}
