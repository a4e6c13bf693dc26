import Foundation
import GeoKit
import BasinKit

// Interim: the input types and an empty page, until the full renderer lands from the map branch.
public struct MapSite: Sendable {
    public var id: String; public var name: String; public var kind: String; public var position: Coordinate
    public var rank: Int; public var index: String?; public var value: Double?; public var className: String?
    public var classRank: Int?; public var transboundary: Bool
    public init(id: String, name: String, kind: String, position: Coordinate, rank: Int, index: String?, value: Double?,
                className: String?, classRank: Int?, transboundary: Bool) {
        self.id = id; self.name = name; self.kind = kind; self.position = position; self.rank = rank; self.index = index
        self.value = value; self.className = className; self.classRank = classRank; self.transboundary = transboundary
    }
}
public struct LegendIndex: Sendable {
    public var index: String; public var title: String; public var classes: [(name: String, lowerBound: Double)]; public var method: String
    public init(index: String, title: String, classes: [(name: String, lowerBound: Double)], method: String) {
        self.index = index; self.title = title; self.classes = classes; self.method = method
    }
}
public struct MapInput: Sendable {
    public var basin: Basin; public var sites: [MapSite]; public var traces: [[Coordinate]]; public var zones: [[Coordinate]]
    public var legend: [LegendIndex]; public var inventoryName: String; public var toolVersion: String
    public init(basin: Basin, sites: [MapSite], traces: [[Coordinate]], zones: [[Coordinate]], legend: [LegendIndex], inventoryName: String, toolVersion: String) {
        self.basin = basin; self.sites = sites; self.traces = traces; self.zones = zones; self.legend = legend
        self.inventoryName = inventoryName; self.toolVersion = toolVersion
    }
}
public enum HazardMap {
    public static func render(_ input: MapInput, options: MapOptions) throws -> MapRendering {
        let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(options.pageWidthMM)mm\" height=\"\(options.pageHeightMM)mm\"></svg>\n"
        return MapRendering(svg: svg, drawnSites: 0, aggregatedSites: input.sites.count, droppedLabels: [])
    }
}
