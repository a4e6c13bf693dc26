// Scoring sites with a RuleSet: index values, classes, missing-input report, ranking.
import Foundation

public struct TermResult: Sendable, Equatable {
    public var name: String
    /// The input actually used (a fallback's name when the fallback stood in).
    public var input: String
    public var points: Double
    public var usedDefault: Bool
    public var note: String
}

public struct MissingInput: Sendable, Equatable {
    public var term: String
    public var input: String
    /// What stood in, with its provenance, e.g. "default 2 points (assumption: …)".
    public var standIn: String
}

public struct IndexResult: Sendable, Equatable {
    public var index: String
    public var value: Double
    public var className: String
    public var classRank: Int
    /// In file order.
    public var terms: [TermResult]
    public var missing: [MissingInput]
}

/// Comparable risk key: class rank first, then value. Higher = more urgent.
public struct RankKey: Sendable, Equatable, Comparable {
    public var index: String
    public var classRank: Int
    public var value: Double

    public init(index: String, classRank: Int, value: Double) {
        self.index = index; self.classRank = classRank; self.value = value
    }

    public static func < (a: RankKey, b: RankKey) -> Bool {
        if a.classRank != b.classRank { return a.classRank < b.classRank }
        return a.value < b.value
    }
}

/// A scored site for ranking.
public struct ScoredSite: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var results: [IndexResult]

    public init(id: String, kind: String, results: [IndexResult]) {
        self.id = id
        self.kind = kind
        self.results = results
    }
}

extension RuleSet {
    /// Scores a site of `kind` ("tailings" or "other") with every index that applies to it, in file order.
    /// Without `detail`, term notes and stand-in texts are left empty (points, defaults used and the names
    /// of missing inputs are always filled): a bulk run writes only those and asks for the texts once.
    public func score(kind: String, inputs: ScoringInputs, detail: Bool = true) -> [IndexResult] {
        var done = [IndexResult?](repeating: nil, count: indices.count)
        var out: [IndexResult] = []
        for i in indices.indices where indices[i].appliesTo.contains(kind) {
            out.append(evaluate(i, kind: kind, inputs: inputs, detail: detail, done: &done))
        }
        return out
    }

    /// One index by position; rules are read in place (no copies of terms per site: this runs millions of times).
    private func evaluate(_ i: Int, kind: String, inputs: ScoringInputs, detail: Bool, done: inout [IndexResult?]) -> IndexResult {
        if let r = done[i] { return r }
        var terms: [TermResult] = []
        terms.reserveCapacity(indices[i].terms.count)
        var missing: [MissingInput] = []
        var value = 0.0
        for j in indices[i].terms.indices {
            // An index used as an input (e.g. THI inside TRI) is evaluated once per site, on first use.
            let (tr, miss) = scoreTerm(indices[i].terms[j], inputs: inputs, detail: detail) { ref in
                guard let k = indices.firstIndex(where: { $0.id == ref }), indices[k].appliesTo.contains(kind) else { return nil }
                return evaluate(k, kind: kind, inputs: inputs, detail: detail, done: &done).value
            }
            value += tr.points
            terms.append(tr)
            if !miss.isEmpty { missing += miss }
        }
        let c = indices[i].classes.classify(value)
        let r = IndexResult(index: indices[i].id, value: value, className: c.name, classRank: c.rank, terms: terms, missing: missing)
        done[i] = r
        return r
    }

    /// Class names with lower bounds, for a map legend. The first class has lower bound -infinity.
    public func classes(of index: String) -> [(name: String, lowerBound: Double)] {
        guard let idx = self.index(index) else { return [] }
        let c = idx.classes
        return c.names.enumerated().map { i, n in (n, i == 0 ? -Double.infinity : c.thresholds[i - 1]) }
    }

    /// Id of the index that ranks sites of `kind` (rules file's `ranking`; TRI for tailings, WRI for others by default file).
    public func rankingIndex(for kind: String) -> String? { ranking[kind] }

    /// Ranking key of a site: its ranking index's class rank, then value.
    public func rankKey(kind: String, results: [IndexResult]) -> RankKey? {
        guard let id = ranking[kind], let r = results.first(where: { $0.index == id }) else { return nil }
        return RankKey(index: id, classRank: r.classRank, value: r.value)
    }

    /// Sites ordered from highest to lowest risk: class rank descending, then value descending,
    /// then id ascending (deterministic ties). Sites without a ranking index come last, by id.
    public func rank(_ sites: [ScoredSite]) -> [ScoredSite] {
        Self.rankOrder(ids: sites.map(\.id), keys: sites.map { rankKey(kind: $0.kind, results: $0.results) }).map { sites[$0] }
    }

    /// The same order as `rank`, as positions into `ids`/`keys` (for callers that keep only the keys).
    public static func rankOrder(ids: [String], keys: [RankKey?]) -> [Int] {
        Array(ids.indices).sorted { a, b in
            switch (keys[a], keys[b]) {
            case let (ka?, kb?):
                // Class and value only: equal figures from different indices (TRI, WRI) tie, broken by id.
                if ka.classRank != kb.classRank || ka.value != kb.value { return kb < ka }
                return ids[a] < ids[b]
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return ids[a] < ids[b]
            }
        }
    }

    // MARK: - term evaluation

    private func resolve(_ name: String, inputs: ScoringInputs, term: String, detail: Bool,
                         indexValue: (String) -> Double?) -> (InputValue?, [MissingInput]) {
        if name.hasPrefix(ScoringInputs.indexInputPrefix) {
            let ref = String(name.dropFirst(ScoringInputs.indexInputPrefix.count))
            return (indexValue(ref).map { .number($0) }, [])
        }
        if name == ScoringInputs.substancesInput {
            return substanceMass(inputs.substances, term: term, input: name, detail: detail)
        }
        return (inputs.values[name], [])
    }

    /// WRC-3 equivalent tonnes of a substance list; nil when nothing usable is listed.
    private func substanceMass(_ list: [Substance], term: String, input: String, detail: Bool) -> (InputValue?, [MissingInput]) {
        guard let w = substances else { return (nil, []) }
        var total = 0.0
        var used = 0
        var issues: [MissingInput] = []
        for s in list {
            guard s.tonnes.isFinite, s.tonnes >= 0 else {
                issues.append(MissingInput(term: term, input: "substance '\(s.name)' tonnes",
                                           standIn: detail ? "excluded: tonnage \(formatNumber(s.tonnes)) is not a non-negative number" : ""))
                continue
            }
            var cls = s.waterHazardClass ?? w.unknownClass
            if let c = s.waterHazardClass, w.classWeights[c] == nil {
                cls = w.unknownClass
                issues.append(MissingInput(term: term, input: "substance '\(s.name)' water_hazard_class",
                                           standIn: detail ? "class \(c) is not 1-3; WGK \(w.unknownClass) assumed (\(w.unknownClassProvenance.text))" : ""))
            } else if s.waterHazardClass == nil {
                issues.append(MissingInput(term: term, input: "substance '\(s.name)' water_hazard_class",
                                           standIn: detail ? "WGK \(w.unknownClass) assumed (\(w.unknownClassProvenance.text))" : ""))
            }
            total += s.tonnes * w.classWeights[cls]!
            used += 1
        }
        return (used == 0 ? nil : .number(total), issues)
    }

    private func scoreTerm(_ t: TermRule, inputs: ScoringInputs, detail: Bool,
                           indexValue: (String) -> Double?) -> (TermResult, [MissingInput]) {
        var missing: [MissingInput] = []
        var problems: [String] = []
        // The input, then each fallback in order (read in place: no candidate list per site).
        for i in 0...t.fallbacks.count {
            let name = i == 0 ? t.input : t.fallbacks[i - 1].input
            let (value, issues) = resolve(name, inputs: inputs, term: t.name, detail: detail, indexValue: indexValue)
            guard let value else {
                if detail { problems.append("'\(name)' missing") }
                continue
            }
            let applied = i == 0 ? t.transform.apply(value, detail: detail) : (t.fallbacks[i - 1].transform ?? t.transform).apply(value, detail: detail)
            switch applied {
            case .success(let (p, note)):
                missing += issues
                if i > 0 {
                    missing.append(MissingInput(term: t.name, input: t.input,
                                                standIn: detail ? "fallback input '\(name)' = \(value.display) -> \(formatNumber(p)) points" : ""))
                    return (TermResult(name: t.name, input: name, points: p, usedDefault: false,
                                       note: detail ? "fallback (\(problems.joined(separator: "; "))): \(note)" : ""), missing)
                }
                return (TermResult(name: t.name, input: name, points: p, usedDefault: false, note: note), missing)
            case .failure(let f):
                if detail { problems.append("'\(name)' unusable: \(f.reason)") }
            }
        }
        // Nothing usable: the default stands in.
        let p: Double
        var standIn = ""
        switch t.defaultWhenMissing {
        case .points(let x):
            p = x
            if detail { standIn = "default \(formatNumber(x)) points (\(t.defaultProvenance.text))" }
        case .value(let v):
            // Validated at load: the default value always transforms.
            if case .success(let (x, note)) = t.transform.apply(v, detail: detail) {
                p = x
                if detail { standIn = "default value \(v.display) stands in: \(note) points (\(t.defaultProvenance.text))" }
            } else {
                p = 0
                if detail { standIn = "default value \(v.display) could not be transformed; 0 points" }
            }
        }
        let inputsTried = t.fallbacks.isEmpty ? t.input : ([t.input] + t.fallbacks.map(\.input)).joined(separator: ", ")
        missing.append(MissingInput(term: t.name, input: inputsTried, standIn: standIn))
        return (TermResult(name: t.name, input: t.input, points: p, usedDefault: true,
                           note: detail ? problems.joined(separator: "; ") + " -> " + standIn : ""), missing)
    }
}
