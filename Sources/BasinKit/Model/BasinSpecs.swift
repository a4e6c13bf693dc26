import Foundation
import GeoKit

// Basin knowledge that used to live in code (inset box, labelled rivers, country aliases, build boxes,
// enclaves, lakes to name): read from basin.json so the code serves any basin. Fields in Basins/README.md.

/// A country's names: inventories write it by ISO code, English or Russian name, or a local spelling.
public struct CountryNames: Sendable, Equatable {
    public var iso: String
    public var name: String
    public var nameRu: String?
    public var aliases: [String]
    public init(iso: String, name: String, nameRu: String? = nil, aliases: [String] = []) {
        self.iso = iso; self.name = name; self.nameRu = nameRu; self.aliases = aliases
    }
    /// Every spelling that means this country (ISO code first).
    public var spellings: [String] { [iso, name] + (nameRu.map { [$0] } ?? []) + aliases }
}

/// The map's larger-scale inset and the texts that name it.
public struct InsetSpec: Sendable, Equatable {
    public var box: Envelope
    public var title: String
    public var note: String
    public var legend: String
    public var labelsNote: String
    public init(box: Envelope, title: String, note: String, legend: String, labelsNote: String) {
        self.box = box; self.title = title; self.note = note; self.legend = legend; self.labelsNote = labelsNote
    }
}

/// What the hazard map needs to know about the basin beyond its layers.
public struct MapSpec: Sendable, Equatable {
    public var inset: InsetSpec?
    /// Network rivers whose names are drawn along their lines.
    public var labelledRivers: [String]
    /// Lines written inside a lake of kind `historical` (empty: none).
    public var historicalLakeLabel: [String]
    /// The legend entry for historical lakes.
    public var historicalLakeLegend: String?
    /// The map's basin texts in other languages: language code -> English text -> its translation
    /// (river and lake names, the basin's name, the inset's texts). A text without one stays English.
    public var translations: [String: [String: String]]
    public init(inset: InsetSpec? = nil, labelledRivers: [String] = [], historicalLakeLabel: [String] = [], historicalLakeLegend: String? = nil,
                translations: [String: [String: String]] = [:]) {
        self.inset = inset; self.labelledRivers = labelledRivers; self.historicalLakeLabel = historicalLakeLabel
        self.historicalLakeLegend = historicalLakeLegend; self.translations = translations
    }

    /// `text` in `language`, English when the basin gives no translation.
    public func text(_ text: String, in language: String) -> String { translations[language]?[text] ?? text }
}

/// An enclave: whose it is, which country surrounds it, a point inside it, and where its outline comes from.
public struct EnclaveSpec: Sendable, Equatable {
    public enum Source: String, Sendable { case dcw, wdbii }
    public var name: String
    public var owner: String
    public var host: String
    /// A point inside the enclave, chosen from the source outlines (checked at build time).
    public var search: Coordinate
    public var source: Source
    public init(name: String, owner: String, host: String, search: Coordinate, source: Source) {
        self.name = name; self.owner = owner; self.host = host; self.search = search; self.source = source
    }
}

/// A named water body, found by a point known to lie on it.
public struct KnownLake: Sendable, Equatable {
    public var name: String
    public var kind: LakeKind
    public var point: Coordinate
    public init(name: String, kind: LakeKind, point: Coordinate) { self.name = name; self.kind = kind; self.point = point }
}

/// How `basinmap basin build` cuts the GMT packages for this basin (basin.json "build").
public struct BuildSpec: Sendable, Equatable {
    /// Rivers and borders are dumped for this box; lakes are kept when they reach into it.
    public var box: Envelope
    /// Shorelines are dumped for this wider box, so lakes crossing `box` close.
    public var shoreBox: Envelope
    /// Countries too large for the map, clipped to a box (ISO, box).
    public var countryClips: [(iso: String, box: Envelope)]
    /// Country pairs whose shared edges become border lines (ISO ascending); default every pair.
    public var borderPairs: [(String, String)]
    public var enclaves: [EnclaveSpec]
    public var knownLakes: [KnownLake]
    /// PROJ definition of the equal-area projection areas are measured in.
    public var equalAreaProjection: String
    public init(box: Envelope, shoreBox: Envelope, countryClips: [(iso: String, box: Envelope)], borderPairs: [(String, String)],
                enclaves: [EnclaveSpec], knownLakes: [KnownLake], equalAreaProjection: String) {
        self.box = box; self.shoreBox = shoreBox; self.countryClips = countryClips; self.borderPairs = borderPairs
        self.enclaves = enclaves; self.knownLakes = knownLakes; self.equalAreaProjection = equalAreaProjection
    }
    public static func == (a: BuildSpec, b: BuildSpec) -> Bool {
        a.box == b.box && a.shoreBox == b.shoreBox && a.countryClips.map(\.iso) == b.countryClips.map(\.iso)
            && a.countryClips.map(\.box) == b.countryClips.map(\.box) && a.borderPairs.map { $0.0 + $0.1 } == b.borderPairs.map { $0.0 + $0.1 }
            && a.enclaves == b.enclaves && a.knownLakes == b.knownLakes && a.equalAreaProjection == b.equalAreaProjection
    }
}
