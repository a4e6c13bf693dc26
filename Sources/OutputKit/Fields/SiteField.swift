import Foundation
import SiteKit
import ScoringKit
import AnalysisKit

/// The fixed type of a per-site field, the same in every format. A GIS reader never has to guess it from
/// the values, so a column that is null everywhere keeps its type.
public enum FieldType: Sendable, Equatable {
    case text
    /// A text from a closed list (documented and used by the styles).
    case enumeration([String])
    case integer
    /// Written rounded to `decimals`; nil: the shortest text that reads back as the same number.
    case real(decimals: Int?)
    case boolean

    public var name: String {
        switch self {
        case .text, .enumeration: return "text"
        case .integer: return "integer"
        case .real: return "real"
        case .boolean: return "boolean"
        }
    }
}

/// One site's value of one field. A value always fits its field's type (`SiteFieldTable` converts the
/// inventory's own values to their column's type).
public enum FieldValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int)
    case real(Double)
    case boolean(Bool)
}

/// The formats a field is written to. GeoJSON (and every GIS layer) carries every field except those that
/// only a flat table needs (`lon`, `lat`); the CSV is the report's table and leaves out long details.
public struct FieldFormats: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let layer = FieldFormats(rawValue: 1)
    public static let csv = FieldFormats(rawValue: 2)
    public static let all: FieldFormats = [.layer, .csv]
}

/// What a field is computed from: the site as read, and its analysis.
public struct SiteRow {
    public let site: Site
    public let analysis: SiteAnalysis
    /// The index that ranks this site's kind, and its result.
    public let rankingIndex: String?
    public let rankScore: IndexResult?
    /// The results in the rules file's index order (nil where an index does not apply).
    public let scores: [IndexResult?]
    /// The runout estimate that goes farthest.
    public let bestRunout: RunoutEstimate?

    init(site: Site, analysis: SiteAnalysis, rules: RuleSet) {
        self.site = site
        self.analysis = analysis
        rankingIndex = rules.rankingIndex(for: site.kind.rawValue)
        rankScore = rankingIndex.flatMap { id in analysis.scores.first { $0.index == id } }
        scores = rules.indices.map { idx in analysis.scores.first { $0.index == idx.id } }
        bestRunout = analysis.runout?.estimates.max { $0.runoutKm < $1.runoutKm }
    }
}

/// One per-site field: its name, type, unit, description, which formats carry it, and how its value is
/// read from an analysed site. The one place a field is declared; every format follows from it.
public struct SiteField: Sendable {
    public let name: String
    public let type: FieldType
    /// SI or common unit of a figure (also in the name: `_m`, `_km`, `_h`); nil for texts and counts.
    public let unit: String?
    public let description: String
    public let formats: FieldFormats
    let read: (@Sendable (SiteRow) -> FieldValue)?

    public init(_ name: String, _ type: FieldType, unit: String? = nil, formats: FieldFormats = .all, _ description: String,
                read: (@Sendable (SiteRow) -> FieldValue)?) {
        self.name = name; self.type = type; self.unit = unit; self.formats = formats; self.description = description; self.read = read
    }

    public func value(_ row: SiteRow) -> FieldValue { read?(row) ?? .null }

    /// A readable label for GIS attribute tables, from the name and unit: `river_distance_m` reads
    /// "River distance (m)".
    public var alias: String { FieldAlias.make(name, unit: unit) }
}

enum FieldAlias {
    static func make(_ name: String, unit: String?) -> String {
        var base = name
        if let unit {
            for suffix in ["_" + unit, "_km2", "_m", "_km", "_h", "_s"] where base.hasSuffix(suffix) && base.count > suffix.count {
                base.removeLast(suffix.count); break
            }
        }
        var words = base.replacingOccurrences(of: "_", with: " ")
        if let f = words.first { words = f.uppercased() + words.dropFirst() }
        return unit.map { "\(words) (\($0))" } ?? words
    }
}

// Typed constructors: the reader's Swift type matches the declared field type.
extension SiteField {
    static func text(_ name: String, formats: FieldFormats = .all, _ description: String, _ read: @escaping @Sendable (SiteRow) -> String?) -> SiteField {
        SiteField(name, .text, formats: formats, description) { r in read(r).map(FieldValue.text) ?? .null }
    }

    static func choice(_ name: String, _ values: [String], formats: FieldFormats = .all, _ description: String,
                       _ read: @escaping @Sendable (SiteRow) -> String?) -> SiteField {
        SiteField(name, .enumeration(values), formats: formats, description) { r in read(r).map(FieldValue.text) ?? .null }
    }

    static func real(_ name: String, _ unit: String?, decimals: Int, formats: FieldFormats = .all, _ description: String,
                     _ read: @escaping @Sendable (SiteRow) -> Double?) -> SiteField {
        SiteField(name, .real(decimals: decimals), unit: unit, formats: formats, description) { r in
            guard let v = read(r), v.isFinite else { return .null }
            return .real(v)
        }
    }

    static func integer(_ name: String, formats: FieldFormats = .all, _ description: String, _ read: @escaping @Sendable (SiteRow) -> Int?) -> SiteField {
        SiteField(name, .integer, formats: formats, description) { r in read(r).map(FieldValue.integer) ?? .null }
    }

    static func boolean(_ name: String, formats: FieldFormats = .all, _ description: String, _ read: @escaping @Sendable (SiteRow) -> Bool?) -> SiteField {
        SiteField(name, .boolean, formats: formats, description) { r in read(r).map(FieldValue.boolean) ?? .null }
    }
}
