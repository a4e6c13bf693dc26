import Foundation
import GeoKit

// The site inventory as plain values. Positions are lon/lat WGS84 (x = lon). Everything a reader sees
// ends up either as a `Site` or as a `Reject`, so `recordsRead == sites.count + rejects.count`.

/// The two kinds scoring tells apart: tailings facilities (THI/TRI) and other hazardous sites (WRI).
public enum SiteKind: String, Sendable, CaseIterable {
    case tailings
    case other
}

/// What a kind text means: the scoring kind and a normalised detail ("mine", "slag_heap", "waste_rock_dump"...).
public struct KindMatch: Sendable, Equatable {
    public var kind: SiteKind
    public var detail: String
}

public enum AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)

    public var number: Double? { if case .number(let d) = self { d } else { nil } }
    public var text: String? { if case .text(let s) = self { s } else { nil } }
    public var flag: Bool? { if case .flag(let b) = self { b } else { nil } }

    public var description: String {
        switch self {
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .text(let s): s
        case .flag(let b): b ? "yes" : "no"
        }
    }
}

/// A stored hazardous substance of an "other" site: mass in tonnes and German water hazard class (WGK 1-3,
/// nil when not given or "nwg", not water-hazardous).
public struct Substance: Sendable, Equatable {
    public var name: String
    public var tonnes: Double
    public var waterHazardClass: Int?
    public init(name: String, tonnes: Double, waterHazardClass: Int? = nil) {
        self.name = name; self.tonnes = tonnes; self.waterHazardClass = waterHazardClass
    }
}

/// Where a record came from: a CSV line (the physical line its record starts on, 1-based), a GeoJSON
/// feature index (0-based, as in the file's `features` array), a spreadsheet cell range (sheet name, row
/// as the spreadsheet shows it, 1-based, and for a reject the column of its first problem, "D"), or a
/// GIS layer's feature (layer name and the FID GDAL, ogrinfo and QGIS show).
public struct RecordOrigin: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var feature: Int?
    public var sheet: String?
    public var row: Int?
    public var column: String?
    public var layer: String?
    public init(file: String, line: Int? = nil, feature: Int? = nil) {
        self.file = file; self.line = line; self.feature = feature
    }
    public init(file: String, sheet: String, row: Int, column: String? = nil) {
        self.file = file; self.sheet = sheet; self.row = row; self.column = column
    }
    public init(file: String, layer: String, feature: Int) {
        self.file = file; self.layer = layer; self.feature = feature
    }
    public var description: String {
        if let line { return "\(file) line \(line)" }
        if let sheet { return "\(file) sheet \(Self.label(sheet))" + (row.map { ", row \($0)" } ?? "") + (column.map { ", column \($0)" } ?? "") }
        if let layer { return "\(file) layer \(Self.label(layer))" + (feature.map { ", feature \($0)" } ?? "") }
        if let feature { return "\(file) feature \(feature)" }
        return file
    }
    /// The place inside the file without the file name ("sheet 'Реестр', column D"), for the source
    /// column of rejects.csv; nil for CSV and GeoJSON, whose line and feature columns say it all.
    public var part: String? {
        if let sheet { return "sheet \(Self.label(sheet))" + (column.map { ", column \($0)" } ?? "") }
        if let layer { return "layer \(Self.label(layer))" }
        return nil
    }
    static func label(_ s: String) -> String { "'" + s + "'" }
    /// Position within its file for ordering merged rejects (line, spreadsheet row or feature).
    var position: Int { line ?? row ?? feature ?? -1 }
}

/// The attribute keys scoring reads. Readers store attributes under exactly these names.
public enum AttributeKey {
    public static let storedVolume = "stored_volume_m3"
    public static let waterHazardClass = "water_hazard_class"
    public static let operatingStatus = "operating_status"
    public static let damHeight = "dam_height_m"
    public static let floodHazard = "flood_hazard"
    public static let seismicIntensity = "seismic_intensity_msk"
    public static let seismicPGA = "seismic_pga_ms2"
    public static let damCondition = "dam_condition"
    public static let populationDownstream = "population_downstream"
    public static let drinkingWaterIntakes = "drinking_water_intakes"
    public static let protectedAreas = "protected_areas"
    public static let all = [storedVolume, waterHazardClass, operatingStatus, damHeight, floodHazard, seismicIntensity,
                             seismicPGA, damCondition, populationDownstream, drinkingWaterIntakes, protectedAreas]
}

public struct Site: Sendable {
    public var id: String
    public var name: String
    public var kind: SiteKind
    /// The inventory's own kind text, as written («рудник», "Tailings pond"); nil when the site came without one.
    public var kindInput: String?
    /// The normalised kind detail (mine, waste_rock_dump, slag_heap, smelter, plant, tailings...); nil when
    /// the text was not recognised (the site is then `other`, with a warning).
    public var kindDetail: String?
    /// ISO 3166-1 alpha-2, upper case, as declared by the inventory (not derived from the position).
    public var declaredCountry: String?
    public var position: Coordinate
    public var footprint: Polygon?
    /// site, village, town, approximate, or footprint (position derived from a footprint polygon).
    public var positionPrecision: String?
    public var source: String?
    /// Keys: see `AttributeKey`.
    public var attributes: [String: AttributeValue]
    public var substances: [Substance]
    /// Unknown columns/properties, in input order, text kept as read.
    public var extra: [(String, String)]
    public var origin: RecordOrigin
    public var warnings: [String]

    public init(id: String, name: String, kind: SiteKind, kindInput: String? = nil, kindDetail: String? = nil,
                declaredCountry: String? = nil, position: Coordinate,
                footprint: Polygon? = nil, positionPrecision: String? = nil, source: String? = nil,
                attributes: [String: AttributeValue] = [:], substances: [Substance] = [], extra: [(String, String)] = [],
                origin: RecordOrigin, warnings: [String] = []) {
        self.id = id; self.name = name; self.kind = kind; self.kindInput = kindInput; self.kindDetail = kindDetail
        self.declaredCountry = declaredCountry; self.position = position
        self.footprint = footprint; self.positionPrecision = positionPrecision; self.source = source
        self.attributes = attributes; self.substances = substances; self.extra = extra; self.origin = origin; self.warnings = warnings
    }
}

public struct Reject: Sendable, CustomStringConvertible {
    public var origin: RecordOrigin
    public var id: String?
    /// The field of the first problem (canonical name, e.g. "lat"), nil for problems of the whole record.
    public var field: String?
    /// The offending value as read, nil when missing.
    public var value: String?
    /// Every problem found in the record, joined with "; " (the first is the one `field`/`value` describe).
    public var reason: String

    public init(origin: RecordOrigin, id: String? = nil, field: String? = nil, value: String? = nil, reason: String) {
        self.origin = origin; self.id = id; self.field = field; self.value = value; self.reason = reason
    }

    public var description: String {
        var s = origin.description
        if let id { s += " (id '\(id)')" }
        return s + ": " + reason
    }
}

public struct InventoryResult: Sendable {
    public var sites: [Site]
    public var rejects: [Reject]
    /// Records seen: data rows (non-blank lines after the header), GeoJSON features, plus one per file
    /// that could not be interpreted at all (no recognisable header, not JSON).
    public var recordsRead: Int
    /// File-level notes (empty file, blank rows skipped, invalid UTF-8 in the header...), each naming the file.
    public var fileWarnings: [String]
    /// Files from which no record could be read (empty, a spreadsheet, an encoding that cannot be told,
    /// no recognisable header, no features), each message naming the file and the problem. The commands
    /// treat any of these as an error (exit status 1): an empty map must never look like a clean run.
    public var unreadableFiles: [String] = []
    /// The sheets and layers read from workbooks and GIS datasets ("inventory.xlsx sheet 'Реестр' (19 records)").
    public var readParts: [String] = []

    public init(sites: [Site] = [], rejects: [Reject] = [], recordsRead: Int = 0, fileWarnings: [String] = []) {
        self.sites = sites; self.rejects = rejects; self.recordsRead = recordsRead; self.fileWarnings = fileWarnings
    }

    /// Site warnings plus file warnings.
    public var warningCount: Int { sites.reduce(0) { $0 + $1.warnings.count } + fileWarnings.count }
    /// The invariant every reader keeps.
    public var isBalanced: Bool { recordsRead == sites.count + rejects.count }
}

public struct InventoryOptions: Sendable {
    /// Lon/lat box; positions outside are rejected. nil: only the -90..90 / -180..180 ranges are checked.
    public var extent: Envelope?
    /// CRS for x/y columns when neither a `crs`/`epsg` column nor the file gives one (e.g. "EPSG:32642").
    public var crs: String?
    /// When true, a record with any warning is rejected instead of accepted with the warning.
    public var strict: Bool
    /// The user's header -> field mapping (`--columns FILE`), consulted before the built-in alias table.
    public var columns: ColumnMapping?
    /// Worker threads for large CSV files (chunks are split at record boundaries; order is preserved).
    public var threads: Int
    /// Text encoding of every inventory file; nil detects it (see `TextDecoder`).
    public var encoding: TextEncoding?
    /// The countries a `country` column may name, with their spellings (from the basin's basin.json:
    /// its countries and neighbours). Empty: no country text is recognised, each gets a warning.
    public var countries: [CountrySpellings]
    /// The one sheet of each workbook to read (`--sheet`); nil reads every sheet with a recognisable header.
    public var sheet: String? = nil
    /// The one layer of each GeoPackage / KML / Shapefile to read (`--layer`); nil reads every layer with one.
    public var layer: String? = nil

    public init(countries: [CountrySpellings] = [], extent: Envelope? = nil, crs: String? = nil, strict: Bool = false, threads: Int = 2,
                encoding: TextEncoding? = nil, columns: ColumnMapping? = nil) {
        self.extent = extent; self.crs = crs; self.strict = strict; self.threads = max(1, threads); self.encoding = encoding
        self.columns = columns; self.countries = countries
    }
}

/// One country's ISO 3166-1 alpha-2 code and every spelling that means it (matched like other vocabularies:
/// case and spacing ignored).
public struct CountrySpellings: Sendable, Equatable {
    public var iso: String
    public var spellings: [String]
    /// Outside the basin: recognised, but not listed as expected in warnings.
    public var neighbour: Bool
    public init(iso: String, spellings: [String], neighbour: Bool = false) { self.iso = iso; self.spellings = spellings; self.neighbour = neighbour }
}

public enum InventoryFormat: Sendable {
    case csv
    case geojson
    /// Read through GDAL: workbooks (XLSX, ODS) sheet by sheet, GIS datasets layer by layer.
    case xlsx, ods, gpkg, shapefile, kml
    /// By content (ZIP, SQLite, XML and Shapefile signatures, '{') and extension; CSV otherwise.
    case auto
}

/// Thrown only when a file cannot be read at all.
public struct InventoryReadError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot read site inventory \(path): \(reason)" }
}
