// Declarative rules: the model types and how a rules file is loaded (parsing is in RulesParser*.swift).
// Every number in a rules file must carry a `source` (literature: publication, table/equation)
// or an `assumption` (with a reason). Validation fails before any site is scored.
import Foundation

/// Error thrown while loading rules. The message names the file, the index, the term and the problem.
public struct RulesError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public var file: String
    public var index: String?
    public var term: String?
    public var problem: String

    public init(file: String, index: String? = nil, term: String? = nil, problem: String) {
        self.file = file
        self.index = index
        self.term = term
        self.problem = problem
    }

    public var description: String {
        var parts = [file]
        if let index { parts.append("index '\(index)'") }
        if let term { parts.append("term '\(term)'") }
        return parts.joined(separator: ", ") + ": " + problem
    }

    public var errorDescription: String? { description }
}

/// Where a number comes from: a literature source, or an assumption with its reason (or both).
public struct Provenance: Sendable, Equatable {
    public var source: String?
    public var assumption: String?

    /// "source: …" and/or "assumption: …".
    public var text: String {
        var parts: [String] = []
        if let source { parts.append("source: \(source)") }
        if let assumption { parts.append("assumption: \(assumption)") }
        return parts.joined(separator: "; ")
    }
}

/// How an input value becomes points.
/// An alternative input used when the term's own input is missing (e.g. PGA for MSK intensity).
public struct FallbackRule: Sendable, Equatable {
    public var input: String
    /// Own transformation of the fallback (nil: the term's transformation is used).
    public var transform: Transform?
    public var provenance: Provenance?
}

/// What stands in when neither the input nor any fallback is available.
public enum MissingDefault: Sendable, Equatable {
    /// Fixed points.
    case points(Double)
    /// A value that stands in for the input and goes through the term's transformation.
    case value(InputValue)
}

public struct TermRule: Sendable, Equatable {
    public var name: String
    public var input: String
    public var fallbacks: [FallbackRule]
    public var transform: Transform
    public var defaultWhenMissing: MissingDefault
    public var defaultProvenance: Provenance
    /// The least and most severe points the stand-in may take (StandInRange.swift).
    public var standInRange: StandInRange
    public var provenance: Provenance
    /// The rules file allows this term negative points (`"allow_negative": true`); see RulesSigns.swift.
    public var allowNegative: Bool = false
}

/// Class scheme of an index: class i holds values v with thresholds[i-1] <= v < thresholds[i].
public struct ClassScheme: Sendable, Equatable {
    public var names: [String]
    /// Lower bounds of classes 1...n-1 (class 0 is unbounded below); strictly ascending.
    public var thresholds: [Double]
    public var provenance: Provenance

    func classify(_ value: Double) -> (name: String, rank: Int) {
        var rank = 0
        while rank < thresholds.count && thresholds[rank] <= value { rank += 1 }
        return (names[rank], rank)
    }
}

public struct IndexRule: Sendable, Equatable {
    public var id: String
    public var title: String
    public var appliesTo: [String]
    public var provenance: Provenance
    public var terms: [TermRule]
    public var classes: ClassScheme
}

/// Weights that convert substance tonnes into WRC-3 (WGK 3) equivalent tonnes.
public struct SubstanceWeights: Sendable, Equatable {
    /// WGK class -> weight (WRC-3 equivalent tonnes per tonne).
    public var classWeights: [Int: Double]
    /// Class assumed for a substance whose WGK is not known (or outside the table).
    public var unknownClass: Int
    public var provenance: Provenance
    public var unknownClassProvenance: Provenance
}

/// The loaded, validated rules.
public struct RuleSet: Sendable {
    /// Name of the file (or the name given to `parse`), used in messages.
    public var name: String
    public var title: String
    public var indices: [IndexRule]
    public var substances: SubstanceWeights?
    public var runoutModels: [RunoutModel]
    /// Site kind -> id of the index that ranks sites of that kind.
    public var ranking: [String: String]

    public static let siteKinds: Set<String> = ["tailings", "other"]

    public static func load(contentsOf url: URL, knownInputs: Set<String> = ScoringInputs.knownNames) throws -> RuleSet {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw RulesError(file: url.path, problem: "cannot read file: \(error.localizedDescription)")
        }
        return try parse(data: data, name: url.path, knownInputs: knownInputs)
    }

    public static func parse(data: Data, name: String, knownInputs: Set<String> = ScoringInputs.knownNames) throws -> RuleSet {
        let root = try JSONValue.parse(data, file: name)
        var p = RulesParser(file: name, knownInputs: knownInputs)
        return try p.ruleSet(root)
    }

    public func index(_ id: String) -> IndexRule? { indices.first { $0.id == id } }
}
