import Foundation
import GeoKit
import OutputKit

/// The one place that chooses which site tables a run writes, and their file names.
enum SiteSinks {
    static func chosen(_ options: RunOptions, schema: SiteSchema, bbox: Envelope?) -> [any SiteSink] {
        var sinks: [any SiteSink] = []
        if options.formats.contains(.geojson) { sinks.append(GeoJSONSink(schema: schema, bbox: bbox)) }
        if options.formats.contains(.csv) { sinks.append(CSVSink(schema: schema, format: options.csvFormat)) }
        if options.formats.contains(.gpkg) { sinks.append(GeoPackageSink(schema: schema)) }
        if options.formats.contains(.shp) { sinks.append(GeoPackageSink(schema: schema, target: .shapefiles)) }
        return sinks
    }

    /// Every sink's file, written at the same time (each reads only its own spill files).
    static func publish(_ sinks: [any SiteSink], _ rows: [[any SiteRowSink]], ranking: [Int],
                        to folder: URL) async throws -> [(file: String, rows: Int, timing: String, seconds: Double)] {
        try await withThrowingTaskGroup(of: (Int, Int, Double).self) { group in
            for (k, sink) in sinks.enumerated() {
                let parts = rows[k]
                group.addTask {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let n = try sink.publish(parts, ranking: ranking, to: folder.appendingPathComponent(sink.fileName))
                    return (k, n, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                }
            }
            var done: [(Int, Int, Double)] = []
            for try await d in group { done.append(d) }
            done.sort { $0.0 < $1.0 }
            return done.map { (sinks[$0.0].fileName, $0.1, sinks[$0.0].timingKey, $0.2) }
        }
    }
}
