// Inputs contract of the scoring layer: the names other layers produce, and their value kinds.
import Foundation

/// One input value of a site: a number, a text (category) or a flag.
public enum InputValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case flag(Bool)

    /// Short human-readable rendering used in notes and stand-in texts.
    public var display: String {
        switch self {
        case .number(let x): return formatNumber(x)
        case .text(let s): return "'\(s)'"
        case .flag(let b): return b ? "true" : "false"
        }
    }
}

/// Kind of value an input carries (used to check rules against the contract at load time).
public enum InputKind: String, Sendable {
    case number, text, flag
}

/// A stored substance at an "other" hazardous site (for the Water Risk Index).
public struct Substance: Sendable, Equatable {
    public var name: String
    public var tonnes: Double
    /// German water hazard class (WGK) 1-3; nil when not known.
    public var waterHazardClass: Int?

    public init(name: String, tonnes: Double, waterHazardClass: Int?) {
        self.name = name
        self.tonnes = tonnes
        self.waterHazardClass = waterHazardClass
    }
}

/// Everything known about one site that the rules may use.
public struct ScoringInputs: Sendable {
    public var values: [String: InputValue]
    public var substances: [Substance]

    public init(values: [String: InputValue] = [:], substances: [Substance] = []) {
        self.values = values
        self.substances = substances
    }

    /// The fixed input contract: name -> kind. Other layers produce exactly these names.
    public static let inputKinds: [String: InputKind] = [
        // site attributes
        "stored_volume_m3": .number,
        "water_hazard_class": .number,
        "operating_status": .text,
        "dam_height_m": .number,
        "flood_hazard": .text,
        "seismic_intensity_msk": .number,
        "seismic_pga_ms2": .number,
        "dam_condition": .text,
        "population_downstream": .number,
        "drinking_water_intakes": .number,
        "protected_areas": .flag,
        // analysis results
        "river_distance_m": .number,
        "border_distance_m": .number,
        "crosses_border_downstream": .flag,
        "km_to_first_crossing": .number,
        "hours_to_first_crossing": .number,
        "runout_reaches_river": .flag,
        "runout_reaches_border": .flag,
    ]

    /// Default set of known input names (the contract above).
    public static let knownNames: Set<String> = Set(inputKinds.keys)

    /// Derived input: the site's substance list converted to WRC-3 equivalent tonnes
    /// with the weights of the rules file's `substances` section.
    public static let substancesInput = "substances:wrc3_equivalent_t"

    /// Prefix of an input that is the value of another index, e.g. "index:THI".
    public static let indexInputPrefix = "index:"
}

/// Compact, locale-independent number formatting for notes (deterministic).
func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    // Rounded to 4 decimals and printed in Swift's shortest form: as printf would, without its cost.
    let r = (x * 1e4).rounded() / 1e4
    if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
    if abs(r) < 1e-4 || abs(r) >= 1e15 {
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
    return r.description
}
