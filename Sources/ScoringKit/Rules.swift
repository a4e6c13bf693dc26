// Declarative rules: model types, loading and validation.
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
public enum Transform: Sendable, Equatable {
    /// points = log10(x), x in `unit`, then clamped to [floor, cap] when given.
    case log10(unit: String, floor: Double?, cap: Double?)
    /// text (or integral number, or flag as "true"/"false") -> points; keys compared case-insensitively.
    case lookup([String: Double])
    /// points[i] where i = number of thresholds <= x (thresholds strictly ascending).
    case bins(thresholds: [Double], points: [Double])
    /// points = a*x + b, clamped to [min, max] when given.
    case linear(a: Double, b: Double, min: Double?, max: Double?)
    /// true -> truePoints, false -> falsePoints.
    case flag(truePoints: Double, falsePoints: Double)

    var typeName: String {
        switch self {
        case .log10: return "log10"
        case .lookup: return "lookup"
        case .bins: return "bins"
        case .linear: return "linear"
        case .flag: return "flag"
        }
    }

    func accepts(_ kind: InputKind) -> Bool {
        switch self {
        case .log10, .bins, .linear: return kind == .number
        case .lookup: return true
        case .flag: return kind == .flag
        }
    }

    /// Lookup keys are trimmed and lower-cased; most inventory values already are, and skip the work.
    static func lookupKey(_ s: String) -> String {
        var plain = true
        for b in s.utf8 where b == 0x20 || b == 0x09 || b >= 0x80 || (b >= 0x41 && b <= 0x5A) { plain = false; break }
        return plain ? s : s.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Points for a value, or the reason the value cannot be used. The note (how the points came about)
    /// is built only with `detail`: bulk runs score millions of sites and write only the points.
    func apply(_ value: InputValue, detail: Bool = true) -> Result<(points: Double, note: String), TransformFailure> {
        switch self {
        case let .log10(unit, floor, cap):
            guard case .number(let x) = value, x.isFinite else { return .failure(.init("expected a finite number, got \(value.display)")) }
            if x <= 0 {
                if let floor { return .success((floor, detail ? "\(formatNumber(x)) \(unit) is not positive; floor \(formatNumber(floor)) applied" : "")) }
                return .failure(.init("log10 needs a positive value, got \(formatNumber(x)) \(unit)"))
            }
            let raw = Foundation.log10(x)
            var p = raw
            if let floor, p < floor { p = floor }
            if let cap, p > cap { p = cap }
            guard detail else { return .success((p, "")) }
            var note = "log10(\(formatNumber(x)) \(unit)) = \(formatNumber(raw))"
            if let floor, raw < floor { note += ", raised to floor \(formatNumber(floor))" }
            if let cap, raw > cap { note += ", limited to cap \(formatNumber(cap))" }
            return .success((p, note))
        case let .lookup(table):
            let key: String
            switch value {
            case .text(let s): key = Self.lookupKey(s)
            case .number(let x):
                guard x.isFinite else { return .failure(.init("not a finite number")) }
                key = formatNumber(x)
            case .flag(let b): key = b ? "true" : "false"
            }
            guard let p = table[key] else {
                return .failure(.init("value \(value.display) is not in the lookup table (\(table.keys.sorted().joined(separator: ", ")))"))
            }
            return .success((p, detail ? "\(value.display) -> \(formatNumber(p))" : ""))
        case let .bins(thresholds, points):
            guard case .number(let x) = value, x.isFinite else { return .failure(.init("expected a finite number, got \(value.display)")) }
            var i = 0
            while i < thresholds.count && thresholds[i] <= x { i += 1 }
            guard detail else { return .success((points[i], "")) }
            let lower = i == 0 ? "below \(formatNumber(thresholds[0]))" : ">= \(formatNumber(thresholds[i - 1]))"
            return .success((points[i], "\(formatNumber(x)) is \(lower) -> \(formatNumber(points[i]))"))
        case let .linear(a, b, lo, hi):
            guard case .number(let x) = value, x.isFinite else { return .failure(.init("expected a finite number, got \(value.display)")) }
            let raw = a * x + b
            var p = raw
            if let lo, p < lo { p = lo }
            if let hi, p > hi { p = hi }
            guard detail else { return .success((p, "")) }
            var note = "\(formatNumber(a))*\(formatNumber(x)) + \(formatNumber(b)) = \(formatNumber(raw))"
            if let lo, raw < lo { note += ", clamped to \(formatNumber(lo))" }
            if let hi, raw > hi { note += ", clamped to \(formatNumber(hi))" }
            return .success((p, note))
        case let .flag(t, f):
            guard case .flag(let b) = value else { return .failure(.init("expected a flag (true/false), got \(value.display)")) }
            return .success((b ? t : f, detail ? "\(b) -> \(formatNumber(b ? t : f))" : ""))
        }
    }
}

struct TransformFailure: Error, Sendable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

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

// MARK: - Parser

struct RulesParser {
    let file: String
    let knownInputs: Set<String>
    var indexID: String?
    var termName: String?

    init(file: String, knownInputs: Set<String>) {
        self.file = file
        self.knownInputs = knownInputs
    }

    func fail(_ problem: String) -> RulesError {
        RulesError(file: file, index: indexID, term: termName, problem: problem)
    }

    // MARK: primitives

    func object(_ v: JSONValue?, _ what: String) throws -> [String: JSONValue] {
        guard let v else { throw fail("missing \(what)") }
        guard case .object(let o) = v else { throw fail("\(what) must be an object, found \(v.typeName)") }
        return o
    }

    func array(_ v: JSONValue?, _ what: String) throws -> [JSONValue] {
        guard let v else { throw fail("missing \(what)") }
        guard case .array(let a) = v else { throw fail("\(what) must be an array, found \(v.typeName)") }
        return a
    }

    func string(_ v: JSONValue?, _ what: String) throws -> String {
        guard let v else { throw fail("missing \(what)") }
        guard case .string(let s) = v, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("\(what) must be a non-empty string, found \(v.typeName)")
        }
        return s
    }

    func optString(_ v: JSONValue?, _ what: String) throws -> String? {
        guard let v, v != .null else { return nil }
        return try string(v, what)
    }

    func number(_ v: JSONValue?, _ what: String) throws -> Double {
        guard let v else { throw fail("missing \(what)") }
        guard case .number(let x) = v, x.isFinite else { throw fail("\(what) must be a finite number, found \(v.typeName)") }
        return x
    }

    func optNumber(_ v: JSONValue?, _ what: String) throws -> Double? {
        guard let v, v != .null else { return nil }
        return try number(v, what)
    }

    func checkKeys(_ o: [String: JSONValue], allowed: Set<String>, _ what: String) throws {
        let unknown = Set(o.keys).subtracting(allowed).sorted()
        if !unknown.isEmpty {
            throw fail("unknown key(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// `source` and/or `assumption`; at least one must be a non-empty string.
    func provenance(_ o: [String: JSONValue], _ what: String) throws -> Provenance {
        let s = try optString(o["source"], "\(what) source")
        let a = try optString(o["assumption"], "\(what) assumption")
        if s == nil && a == nil {
            throw fail("\(what) has no 'source' or 'assumption': every number needs a literature source (publication, table/equation) or an assumption with its reason")
        }
        return Provenance(source: s, assumption: a)
    }

    func ascending(_ xs: [Double], _ what: String) throws {
        for i in xs.indices.dropFirst() where !(xs[i] > xs[i - 1]) {
            throw fail("\(what) must be strictly ascending, but \(formatNumber(xs[i])) follows \(formatNumber(xs[i - 1])) (position \(i + 1))")
        }
    }

    func numbers(_ v: JSONValue?, _ what: String) throws -> [Double] {
        try array(v, what).enumerated().map { try number($0.element, "\(what)[\($0.offset)]") }
    }

    // MARK: structure

    mutating func ruleSet(_ root: JSONValue) throws -> RuleSet {
        let o = try object(root, "top level")
        try checkKeys(o, allowed: ["title", "description", "version", "notes", "indices", "substances", "runout", "ranking"], "top level")
        let title = try optString(o["title"], "title") ?? file

        var substances: SubstanceWeights?
        if let s = o["substances"] { substances = try substanceWeights(s) }

        let rawIndices = try array(o["indices"], "'indices'")
        if rawIndices.isEmpty { throw fail("'indices' is empty") }
        // First pass: ids, so that "index:X" references can be checked.
        var ids = Set<String>()
        for (i, raw) in rawIndices.enumerated() {
            let io = try object(raw, "indices[\(i)]")
            let id = try string(io["id"], "indices[\(i)].id")
            if !ids.insert(id).inserted { indexID = id; throw fail("duplicate index id") }
        }
        var indices: [IndexRule] = []
        for raw in rawIndices {
            indices.append(try indexRule(raw, allIDs: ids, hasSubstances: substances != nil))
        }
        indexID = nil
        termName = nil
        try checkIndexReferences(indices)
        try checkNegativeIndexInputs(indices)

        var runout: [RunoutModel] = []
        if let r = o["runout"] { runout = try runoutModels(r) }

        var ranking: [String: String] = [:]
        if let r = o["ranking"] {
            let ro = try object(r, "'ranking'")
            for (kind, v) in ro {
                guard RuleSet.siteKinds.contains(kind) else { throw fail("ranking: unknown site kind '\(kind)' (allowed: other, tailings)") }
                let id = try string(v, "ranking.\(kind)")
                guard let idx = indices.first(where: { $0.id == id }) else { throw fail("ranking.\(kind): unknown index '\(id)'") }
                guard idx.appliesTo.contains(kind) else { throw fail("ranking.\(kind): index '\(id)' does not apply to '\(kind)'") }
                ranking[kind] = id
            }
        }
        return RuleSet(name: file, title: title, indices: indices, substances: substances, runoutModels: runout, ranking: ranking)
    }

    mutating func substanceWeights(_ v: JSONValue) throws -> SubstanceWeights {
        let o = try object(v, "'substances'")
        try checkKeys(o, allowed: ["class_weights", "unknown_class", "source", "assumption", "unknown_class_source", "unknown_class_assumption", "notes"], "'substances'")
        let w = try object(o["class_weights"], "substances.class_weights")
        if w.isEmpty { throw fail("substances.class_weights is empty") }
        var weights: [Int: Double] = [:]
        for (k, x) in w {
            guard let c = Int(k), (1...3).contains(c) else { throw fail("substances.class_weights: key '\(k)' is not a water hazard class 1, 2 or 3") }
            let wt = try number(x, "substances.class_weights.\(k)")
            if wt < 0 { throw fail("substances.class_weights.\(k) is negative") }
            weights[c] = wt
        }
        let sortedClasses = weights.keys.sorted()
        try ascending(sortedClasses.map { weights[$0]! }, "substances.class_weights (by class)")
        // Checked before the Int conversion, which traps on a finite number beyond Int's range (fuzzing found 1e300).
        let unknownNumber = try number(o["unknown_class"], "substances.unknown_class")
        guard unknownNumber == unknownNumber.rounded(), (1...3).contains(unknownNumber) else {
            throw fail("substances.unknown_class must be a water hazard class 1, 2 or 3, found \(formatNumber(unknownNumber))")
        }
        let unknown = Int(unknownNumber)
        guard weights[unknown] != nil else { throw fail("substances.unknown_class \(unknown) has no weight in class_weights") }
        let prov = try provenance(o, "substances.class_weights")
        let us = try optString(o["unknown_class_source"], "substances.unknown_class_source")
        let ua = try optString(o["unknown_class_assumption"], "substances.unknown_class_assumption")
        if us == nil && ua == nil { throw fail("substances.unknown_class has no 'unknown_class_source' or 'unknown_class_assumption'") }
        return SubstanceWeights(classWeights: weights, unknownClass: unknown, provenance: prov,
                                unknownClassProvenance: Provenance(source: us, assumption: ua))
    }

    mutating func indexRule(_ raw: JSONValue, allIDs: Set<String>, hasSubstances: Bool) throws -> IndexRule {
        let o = try object(raw, "index")
        let id = try string(o["id"], "id")
        indexID = id
        termName = nil
        try checkKeys(o, allowed: ["id", "title", "applies_to", "source", "assumption", "terms", "classes", "notes"], "index")
        let title = try optString(o["title"], "title") ?? id
        let applies = try array(o["applies_to"], "'applies_to'").map { try string($0, "applies_to entry") }
        if applies.isEmpty { throw fail("'applies_to' is empty") }
        for k in applies where !RuleSet.siteKinds.contains(k) {
            throw fail("'applies_to' has unknown site kind '\(k)' (allowed: other, tailings)")
        }
        let prov = try provenance(o, "index")
        let cls = try classScheme(o["classes"])
        let rawTerms = try array(o["terms"], "'terms'")
        if rawTerms.isEmpty { throw fail("'terms' is empty: an index is a sum of at least one term") }
        var terms: [TermRule] = []
        var names = Set<String>()   // a set: 200,000 terms took 106 s with a linear search per term
        terms.reserveCapacity(rawTerms.count)
        for raw in rawTerms {
            let t = try termRule(raw, allIDs: allIDs, hasSubstances: hasSubstances)
            if !names.insert(t.name).inserted { throw fail("duplicate term name") }
            terms.append(t)
        }
        termName = nil
        return IndexRule(id: id, title: title, appliesTo: applies, provenance: prov, terms: terms, classes: cls)
    }

    func classScheme(_ v: JSONValue?) throws -> ClassScheme {
        let o = try object(v, "'classes'")
        try checkKeys(o, allowed: ["names", "thresholds", "source", "assumption", "notes"], "'classes'")
        let names = try array(o["names"], "classes.names").map { try string($0, "classes.names entry") }
        let thresholds = try numbers(o["thresholds"], "classes.thresholds")
        if names.count != thresholds.count + 1 {
            throw fail("classes: \(names.count) names need \(names.count - 1) thresholds (lower bounds of all classes but the first), found \(thresholds.count)")
        }
        if Set(names).count != names.count { throw fail("classes.names has duplicates") }
        try ascending(thresholds, "class thresholds")
        let prov = try provenance(o, "classes")
        return ClassScheme(names: names, thresholds: thresholds, provenance: prov)
    }

    /// Kind of value an input name delivers, or nil when the name is not known.
    func inputKind(_ input: String, allIDs: Set<String>, hasSubstances: Bool) throws -> InputKind? {
        if input.hasPrefix(ScoringInputs.indexInputPrefix) {
            let ref = String(input.dropFirst(ScoringInputs.indexInputPrefix.count))
            guard allIDs.contains(ref) else { throw fail("input '\(input)' refers to unknown index '\(ref)'") }
            if ref == indexID { throw fail("input '\(input)' refers to its own index") }
            return .number
        }
        if input == ScoringInputs.substancesInput {
            guard hasSubstances else { throw fail("input '\(input)' needs a top-level 'substances' section with class weights") }
            return .number
        }
        guard knownInputs.contains(input) else {
            throw fail("unknown input '\(input)' (not among the \(knownInputs.count) known input names, nor 'index:<id>' or '\(ScoringInputs.substancesInput)')")
        }
        return ScoringInputs.inputKinds[input]
    }

    mutating func termRule(_ raw: JSONValue, allIDs: Set<String>, hasSubstances: Bool) throws -> TermRule {
        let o = try object(raw, "term")
        let name = try string(o["name"], "term name")
        termName = name
        try checkKeys(o, allowed: Self.termKeys, "term")
        let input = try string(o["input"], "'input'")
        let kind = try inputKind(input, allIDs: allIDs, hasSubstances: hasSubstances)
        let transform = try self.transform(o["transform"], "'transform'")
        if let kind, !transform.accepts(kind) {
            throw fail("transform '\(transform.typeName)' cannot use input '\(input)', which is a \(kind.rawValue)")
        }
        var fallbacks: [FallbackRule] = []
        if let fv = o["fallback_inputs"] {
            for (i, f) in try array(fv, "'fallback_inputs'").enumerated() {
                let what = "fallback_inputs[\(i)]"
                var fb: FallbackRule
                switch f {
                case .string(let s):
                    fb = FallbackRule(input: s, transform: nil, provenance: nil)
                case .object(let fo):
                    try checkKeys(fo, allowed: ["input", "transform", "source", "assumption", "notes"], what)
                    let fin = try string(fo["input"], "\(what).input")
                    var ft: Transform?
                    var fp: Provenance?
                    if fo["transform"] != nil {
                        ft = try self.transform(fo["transform"], "\(what).transform")
                        fp = try provenance(fo, "\(what) (own transform)")
                    }
                    fb = FallbackRule(input: fin, transform: ft, provenance: fp)
                default:
                    throw fail("\(what) must be an input name or an object with 'input', found \(f.typeName)")
                }
                if fb.input == input { throw fail("\(what) repeats the term's own input '\(input)'") }
                let fk = try inputKind(fb.input, allIDs: allIDs, hasSubstances: hasSubstances)
                let ft = fb.transform ?? transform
                if let fk, !ft.accepts(fk) {
                    throw fail("\(what): transform '\(ft.typeName)' cannot use input '\(fb.input)', which is a \(fk.rawValue)")
                }
                fallbacks.append(fb)
            }
        }
        // Default when missing: explicit, with its own provenance.
        let d = try object(o["default_when_missing"], "'default_when_missing' (state what stands in when the input is missing)")
        try checkKeys(d, allowed: ["points", "value", "range", "source", "assumption", "notes"], "default_when_missing")
        let def: MissingDefault
        switch (d["points"], d["value"]) {
        case (let p?, nil):
            def = .points(try number(p, "default_when_missing.points"))
        case (nil, let v?):
            let iv: InputValue
            switch v {
            case .number(let x) where x.isFinite: iv = .number(x)
            case .string(let s): iv = .text(s)
            case .bool(let b): iv = .flag(b)
            default: throw fail("default_when_missing.value must be a number, text or boolean, found \(v.typeName)")
            }
            if case .failure(let f) = transform.apply(iv) {
                throw fail("default_when_missing.value \(iv.display) cannot be transformed: \(f.reason)")
            }
            def = .value(iv)
        case (nil, nil):
            throw fail("default_when_missing needs 'points' or 'value'")
        default:
            throw fail("default_when_missing has both 'points' and 'value'; give one")
        }
        let defProv = try provenance(d, "default_when_missing")
        let prov = try provenance(o, "term")
        var allowNegative = false
        if let v = o["allow_negative"] {
            guard case .bool(let b) = v else { throw fail("'allow_negative' must be true or false, found \(v.typeName)") }
            allowNegative = b
        }
        // Signs first: a negative stand-in or transformation is the more basic mistake, and its message
        // names the way out ("allow_negative"); the stand-in's range is checked against what is allowed.
        var rule = TermRule(name: name, input: input, fallbacks: fallbacks, transform: transform,
                            defaultWhenMissing: def, defaultProvenance: defProv,
                            standInRange: StandInRange(low: 0, high: 0, provenance: nil, basis: ""), provenance: prov, allowNegative: allowNegative)
        try checkSigns(rule)
        rule.standInRange = try standInRange(d, transform: transform, defaultPoints: def.points(transform))
        return rule
    }

    func transform(_ v: JSONValue?, _ what: String) throws -> Transform {
        let o = try object(v, what)
        let type = try string(o["type"], "\(what).type")
        switch type {
        case "log10":
            try checkKeys(o, allowed: ["type", "unit", "floor", "cap"], "\(what) (log10)")
            let unit = try string(o["unit"], "\(what).unit (the unit of the quantity)")
            let floor = try optNumber(o["floor"], "\(what).floor")
            let cap = try optNumber(o["cap"], "\(what).cap")
            if let floor, let cap, !(floor < cap) { throw fail("\(what): floor \(formatNumber(floor)) must be below cap \(formatNumber(cap))") }
            return .log10(unit: unit, floor: floor, cap: cap)
        case "lookup":
            try checkKeys(o, allowed: ["type", "table"], "\(what) (lookup)")
            let t = try object(o["table"], "\(what).table")
            if t.isEmpty { throw fail("\(what).table is empty") }
            var table: [String: Double] = [:]
            for (k, x) in t {
                let key = k.trimmingCharacters(in: .whitespaces).lowercased()
                if table[key] != nil { throw fail("\(what).table has '\(key)' twice (keys are case-insensitive)") }
                table[key] = try number(x, "\(what).table['\(k)']")
            }
            return .lookup(table)
        case "bins":
            try checkKeys(o, allowed: ["type", "thresholds", "points", "unit"], "\(what) (bins)")
            let th = try numbers(o["thresholds"], "\(what).thresholds")
            let pts = try numbers(o["points"], "\(what).points")
            if th.isEmpty { throw fail("\(what).thresholds is empty") }
            if pts.count != th.count + 1 {
                throw fail("\(what): \(th.count) thresholds need \(th.count + 1) points (one below the first threshold, one per threshold), found \(pts.count)")
            }
            try ascending(th, "\(what).thresholds")
            return .bins(thresholds: th, points: pts)
        case "linear":
            try checkKeys(o, allowed: ["type", "a", "b", "min", "max", "unit"], "\(what) (linear)")
            let a = try number(o["a"], "\(what).a")
            let b = try number(o["b"], "\(what).b")
            let lo = try optNumber(o["min"], "\(what).min")
            let hi = try optNumber(o["max"], "\(what).max")
            if let lo, let hi, !(lo < hi) { throw fail("\(what): min \(formatNumber(lo)) must be below max \(formatNumber(hi))") }
            return .linear(a: a, b: b, min: lo, max: hi)
        case "flag":
            try checkKeys(o, allowed: ["type", "true_points", "false_points"], "\(what) (flag)")
            return .flag(truePoints: try number(o["true_points"], "\(what).true_points"),
                         falsePoints: try number(o["false_points"], "\(what).false_points"))
        default:
            throw fail("\(what).type '\(type)' is not one of log10, lookup, bins, linear, flag")
        }
    }

    static let termKeys: Set<String> = ["name", "input", "fallback_inputs", "transform", "default_when_missing", "source", "assumption", "notes", "allow_negative"]

    func checkIndexReferences(_ indices: [IndexRule]) throws {
        // Referenced index must apply wherever the referencing one does; no cycles.
        let byID = Dictionary(indices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var edges: [String: [String]] = [:]
        for idx in indices {
            for t in idx.terms {
                for name in [t.input] + t.fallbacks.map(\.input) where name.hasPrefix(ScoringInputs.indexInputPrefix) {
                    let ref = String(name.dropFirst(ScoringInputs.indexInputPrefix.count))
                    let target = byID[ref]!
                    let uncovered = Set(idx.appliesTo).subtracting(target.appliesTo)
                    if !uncovered.isEmpty {
                        throw RulesError(file: file, index: idx.id, term: t.name,
                                         problem: "input '\(name)': index '\(ref)' does not apply to \(uncovered.sorted().joined(separator: ", "))")
                    }
                    edges[idx.id, default: []].append(ref)
                }
            }
        }
        // Depth-first with an explicit stack: a long chain of references must not overflow the call stack.
        var state: [String: Int] = [:]  // 1 on the current path, 2 done
        for root in indices where state[root.id] == nil {
            var stack: [(id: String, next: Int)] = [(root.id, 0)]
            state[root.id] = 1
            while let top = stack.last {
                let out = edges[top.id] ?? []
                if top.next == out.count { state[top.id] = 2; stack.removeLast(); continue }
                stack[stack.count - 1].next += 1
                let n = out[top.next]
                if state[n] == 2 { continue }
                if state[n] == 1 {
                    let path = stack.map(\.id)
                    let from = path.firstIndex(of: n) ?? 0
                    throw RulesError(file: file, index: n, problem: "index references form a cycle: \((path[from...] + [n]).joined(separator: " -> "))")
                }
                state[n] = 1
                stack.append((n, 0))
            }
        }
    }

    mutating func runoutModels(_ v: JSONValue) throws -> [RunoutModel] {
        let o = try object(v, "'runout'")
        try checkKeys(o, allowed: ["models", "notes"], "'runout'")
        var models: [RunoutModel] = []
        for (i, raw) in try array(o["models"], "runout.models").enumerated() {
            let mo = try object(raw, "runout.models[\(i)]")
            let name = try string(mo["name"], "runout.models[\(i)].name")
            indexID = "runout:\(name)"
            termName = nil
            try checkKeys(mo, allowed: ["name", "source", "assumption", "released_volume", "max_release_fraction", "runout_distance", "uncertainty", "notes"], "runout model")
            let prov = try provenance(mo, "runout model")
            termName = "released_volume"
            let rv = try object(mo["released_volume"], "released_volume")
            try checkKeys(rv, allowed: ["coefficient", "exponent", "volume_unit", "source", "assumption", "notes"], "released_volume")
            let rc = try number(rv["coefficient"], "released_volume.coefficient")
            let re = try number(rv["exponent"], "released_volume.exponent")
            guard try string(rv["volume_unit"], "released_volume.volume_unit") == "Mm3" else {
                throw fail("released_volume.volume_unit must be 'Mm3' (million m3), the unit of both regressions")
            }
            if rc <= 0 { throw fail("released_volume.coefficient must be positive") }
            let rprov = try provenance(rv, "released_volume")
            var cap: Double?
            var capProv: Provenance?
            if let cv = mo["max_release_fraction"] {
                termName = "max_release_fraction"
                let co = try object(cv, "max_release_fraction")
                try checkKeys(co, allowed: ["value", "source", "assumption", "notes"], "max_release_fraction")
                let c = try number(co["value"], "max_release_fraction.value")
                if !(c > 0 && c <= 1) { throw fail("max_release_fraction.value must be in (0, 1]") }
                cap = c
                capProv = try provenance(co, "max_release_fraction")
            }
            termName = "runout_distance"
            let rd = try object(mo["runout_distance"], "runout_distance")
            try checkKeys(rd, allowed: ["predictor", "coefficient", "exponent", "unit", "source", "assumption", "notes"], "runout_distance")
            let predName = try string(rd["predictor"], "runout_distance.predictor")
            guard let pred = RunoutModel.Predictor(rawValue: predName) else {
                throw fail("runout_distance.predictor '\(predName)' is not 'dam_factor' (H*(VF/VT)*VF) or 'potential_energy' (H*VF)")
            }
            let dc = try number(rd["coefficient"], "runout_distance.coefficient")
            let de = try number(rd["exponent"], "runout_distance.exponent")
            if dc <= 0 { throw fail("runout_distance.coefficient must be positive") }
            guard try string(rd["unit"], "runout_distance.unit") == "km" else { throw fail("runout_distance.unit must be 'km'") }
            let dprov = try provenance(rd, "runout_distance")
            termName = "uncertainty"
            let uo = try object(mo["uncertainty"], "uncertainty")
            try checkKeys(uo, allowed: ["factor", "source", "assumption", "notes"], "uncertainty")
            let f = try number(uo["factor"], "uncertainty.factor")
            if !(f >= 1) { throw fail("uncertainty.factor must be >= 1 (low = D/factor, high = D*factor)") }
            let uprov = try provenance(uo, "uncertainty")
            if models.contains(where: { $0.name == name }) { termName = nil; throw fail("duplicate runout model name") }
            models.append(RunoutModel(name: name, provenance: prov,
                                      releasedCoefficient: rc, releasedExponent: re, releasedProvenance: rprov,
                                      maxReleaseFraction: cap, maxReleaseProvenance: capProv,
                                      predictor: pred, runoutCoefficient: dc, runoutExponent: de, runoutProvenance: dprov,
                                      uncertaintyFactor: f, uncertaintyProvenance: uprov))
        }
        indexID = nil
        termName = nil
        return models
    }
}
