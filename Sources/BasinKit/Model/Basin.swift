import Foundation
import GeoKit

// The basin as plain values, lon/lat WGS84. Loaded from a basin folder (see Load/) or built from
// source layers (see Build/ and Network/). No C pointer reaches this layer's public surface.

/// A country of the basin and its status under the UNECE Industrial Accidents Convention.
public struct CountryInfo: Sendable, Equatable {
    public var iso: String          // ISO 3166-1 alpha-2
    public var name: String
    public var conventionParty: Bool
    /// Free text with the source, e.g. "Party since 2001 (Convention report 2024, table 4c)".
    public var conventionNote: String
    public var nameRu: String?
    /// Other spellings inventories use (ISO alpha-3, local names).
    public var aliases: [String]
    public init(iso: String, name: String, conventionParty: Bool, conventionNote: String, nameRu: String? = nil, aliases: [String] = []) {
        self.iso = iso; self.name = name; self.conventionParty = conventionParty; self.conventionNote = conventionNote
        self.nameRu = nameRu; self.aliases = aliases
    }
    public var names: CountryNames { CountryNames(iso: iso, name: name, nameRu: nameRu, aliases: aliases) }
}

/// A country's territory: polygons with holes; enclaves of other countries are holes, and the
/// country's own enclaves inside others are separate polygons.
public struct Country: Sendable, Equatable {
    public var iso: String
    public var name: String
    public var polygons: [Polygon]
    public init(iso: String, name: String, polygons: [Polygon]) { self.iso = iso; self.name = name; self.polygons = polygons }
}

/// A stretch of international border between two countries (ISO codes in ascending order).
public struct BorderLine: Sendable, Equatable {
    public var id: Int
    public var countries: [String]
    public var coordinates: [Coordinate]
    public init(id: Int, countries: [String], coordinates: [Coordinate]) { self.id = id; self.countries = countries; self.coordinates = coordinates }
}

public enum LakeKind: String, Sendable {
    case lake
    case reservoir
    /// A water body drawn at an extent it no longer has (a sea or lake that has since shrunk).
    case historical
}

public struct Lake: Sendable, Equatable {
    public var id: Int
    public var name: String?
    public var kind: LakeKind
    public var polygon: Polygon
    public var areaKm2: Double
    public init(id: Int, name: String?, kind: LakeKind, polygon: Polygon, areaKm2: Double) {
        self.id = id; self.name = name; self.kind = kind; self.polygon = polygon; self.areaKm2 = areaKm2
    }
}

/// How water moves along an edge: a river reach, or a crossing of a lake/reservoir that the source
/// data leaves as a gap (bridged through the lake polygon).
public enum ReachKind: Equatable, Sendable {
    case river
    case reservoir(lakeId: Int)
}

/// One edge of the river network, its coordinates ordered downstream (for network edges).
public struct RiverEdge: Sendable, Equatable {
    public var id: Int
    public var name: String?
    /// WDBII level (1 permanent major ... 10 canals); 0 for a bridge through a lake.
    public var level: Int
    public var fromNode: Int
    public var toNode: Int
    /// Part of the basin's drainage network (false: context rivers of other basins, unjoined pieces).
    public var inNetwork: Bool
    public var reach: ReachKind
    public var coordinates: [Coordinate]
    /// Geodesic length, metres.
    public var lengthM: Double
    /// The edge water flows into next (nil at the outlet or for context rivers).
    public var downstreamEdge: Int?
    /// Why a river is not in the network (network.json `context_notes`), e.g. a closed neighbouring basin.
    public var note: String?

    public init(id: Int, name: String?, level: Int, fromNode: Int, toNode: Int, inNetwork: Bool, reach: ReachKind,
                coordinates: [Coordinate], lengthM: Double, downstreamEdge: Int?, note: String?) {
        self.id = id; self.name = name; self.level = level; self.fromNode = fromNode; self.toNode = toNode
        self.inNetwork = inNetwork; self.reach = reach; self.coordinates = coordinates; self.lengthM = lengthM
        self.downstreamEdge = downstreamEdge; self.note = note
    }
}

/// Screening flow velocities for travel time (plug flow along the network).
public struct FlowVelocities: Sendable, Equatable {
    /// Metres per second in river reaches.
    public var riverMS: Double
    /// Metres per second through reservoirs (much slower: a plug-flow residence-time equivalent).
    public var reservoirMS: Double
    /// Where each figure comes from, or the assumption behind it.
    public var riverSource: String
    public var reservoirSource: String
    public init(riverMS: Double, reservoirMS: Double, riverSource: String, reservoirSource: String) {
        self.riverMS = riverMS; self.reservoirMS = reservoirMS; self.riverSource = riverSource; self.reservoirSource = reservoirSource
    }
}

public struct Provenance: Sendable, Equatable {
    public var layer: String
    public var source: String
    public var package: String
    public var licence: String
    public var note: String
    public init(layer: String, source: String, package: String, licence: String, note: String) {
        self.layer = layer; self.source = source; self.package = package; self.licence = licence; self.note = note
    }
}

public struct BasinMetadata: Sendable, Equatable {
    public var id: String                 // the folder name
    public var name: String               // the basin's name as printed
    public var outlet: Coordinate
    public var outletName: String
    /// PROJ definition of the basin-fitted map/measurement projection.
    public var projection: String
    /// Sites outside this lon/lat box are rejected as outside the basin's extent.
    public var extent: Envelope
    public var countries: [CountryInfo]
    public var velocities: FlowVelocities
    public var provenance: [Provenance]
    public var vintage: String
    /// Countries outside the basin that inventories may still name (recognised, never a basin country).
    public var neighbours: [CountryNames]
    public var map: MapSpec
    /// Where a basin's facilities cluster (synthetic inventories and benchmarks sample it); nil: the extent.
    public var populatedBox: Envelope?
    /// The basin's own reasons for analysis defaults (by parameter name), replacing the generic ones.
    public var parameterReasons: [String: String] = [:]
    public init(id: String, name: String, outlet: Coordinate, outletName: String, projection: String, extent: Envelope,
                countries: [CountryInfo], velocities: FlowVelocities, provenance: [Provenance], vintage: String,
                neighbours: [CountryNames] = [], map: MapSpec = MapSpec(), populatedBox: Envelope? = nil) {
        self.id = id; self.name = name; self.outlet = outlet; self.outletName = outletName; self.projection = projection
        self.extent = extent; self.countries = countries; self.velocities = velocities; self.provenance = provenance; self.vintage = vintage
        self.neighbours = neighbours; self.map = map; self.populatedBox = populatedBox
    }

    /// Every country an inventory may name: the basin's, then its neighbours.
    public var countryNames: [CountryNames] { countries.map(\.names) + neighbours }
    /// The reader's form of `countryNames` (basin countries first, neighbours flagged).
    public var countrySpellingsPairs: [(iso: String, spellings: [String], neighbour: Bool)] {
        countries.map { ($0.iso, Array($0.names.spellings.dropFirst()), false) } + neighbours.map { ($0.iso, Array($0.spellings.dropFirst()), true) }
    }

    public func country(_ iso: String) -> CountryInfo? { countries.first { $0.iso == iso } }
}

/// A whole basin: metadata and layers.
public struct Basin: Sendable {
    public var metadata: BasinMetadata
    public var countries: [Country]
    public var borders: [BorderLine]
    public var lakes: [Lake]
    public var rivers: [RiverEdge]
    /// Warnings raised while loading (repaired geometry and the like), each naming file and feature.
    public var warnings: [String]
    public init(metadata: BasinMetadata, countries: [Country], borders: [BorderLine], lakes: [Lake], rivers: [RiverEdge], warnings: [String] = []) {
        self.metadata = metadata; self.countries = countries; self.borders = borders; self.lakes = lakes; self.rivers = rivers; self.warnings = warnings
    }
}
