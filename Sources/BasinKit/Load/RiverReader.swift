import Foundation
import GeoKit

/// Reads rivers.geojson as written by the network build (property schema fixed; see Basins/README.md).
enum RiverReader {
    static let file = "rivers.geojson"

    static func read(_ features: [Feature]) throws -> [RiverEdge] {
        var edges: [RiverEdge] = []
        var ids = Set<Int>()
        for (i, f) in features.enumerated() {
            let r = FieldReader(file: file, feature: i, members: f.properties)
            let id = try r.int("id")
            guard ids.insert(id).inserted else { throw r.fail("id", "edge id \(id) used twice") }
            let reachText = try r.string("reach")
            let lakeId = try r.optionalInt("lake_id")
            let reach: ReachKind
            switch reachText {
            case "river":
                // Only a reservoir reach crosses a lake; a lake id on a river reach would point at nothing used.
                if let lakeId { throw r.fail("lake_id", "a river reach has lake_id \(lakeId); expected null (only reservoir reaches cross a lake)") }
                reach = .river
            case "reservoir":
                guard let lakeId else { throw r.fail("lake_id", "a reservoir reach needs the id of its lake in lakes.geojson, found null") }
                reach = .reservoir(lakeId: lakeId)
            default: throw r.fail("reach", "expected \"river\" or \"reservoir\", found '\(reachText)'")
            }
            let length = try r.double("length_m")
            guard length >= 0 else { throw r.fail("length_m", "expected metres >= 0, found \(length)") }
            edges.append(RiverEdge(id: id, name: try r.optionalString("name"), level: try r.int("level"),
                                   fromNode: try r.int("from_node"), toNode: try r.int("to_node"), inNetwork: try r.bool("in_network"),
                                   reach: reach, coordinates: try BasinLoader.line(f, file: file, index: i), lengthM: length,
                                   downstreamEdge: try r.optionalInt("downstream_edge"), note: try r.optionalString("note")))
        }
        // References (downstream_edge, lake_id, node ids) are checked by NetworkValidator.
        return edges
    }
}
