// Scoring sites with a RuleSet: index values, classes, missing-input report, ranking.
import Foundation

public struct TermResult: Sendable, Equatable {
    public var name: String
    /// The input actually used (a fallback's name when the fallback stood in).
    public var input: String
    public var points: Double
    public var usedDefault: Bool
    public var note: String
    /// Least and most severe points the term could give, its stand-ins at the ends of their ranges
    /// (equal to `points` when nothing stood in).
    public var low: Double
    public var high: Double
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
    /// The index with every stand-in at the least and at the most severe value its range allows
    /// (`low` <= `value` <= `high`; all three equal when nothing stood in), and the classes of both.
    public var low: Double
    public var high: Double
    public var classLow: String
    public var classRankLow: Int
    public var classHigh: String
    public var classRankHigh: Int
    /// Stand-ins the index rests on: defaults of its own terms, substances of unknown water hazard class,
    /// and those of any index it includes (THI inside TRI).
    public var standInCount: Int

    /// The class could change within the stand-ins' range.
    public var classMayChange: Bool { classRankLow != classRankHigh }

    /// Value and class in one view of the stand-ins.
    public func view(_ v: StandInView) -> (value: Double, className: String, classRank: Int) {
        switch v {
        case .low: return (low, classLow, classRankLow)
        case .default: return (value, className, classRank)
        case .high: return (high, classHigh, classRankHigh)
        }
    }
}

/// Which value of the stand-ins a ranking uses: the least severe, the stated default (precautionary), or the most severe.
public enum StandInView: String, Sendable, CaseIterable {
    case low, `default`, high
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
        var value = 0.0, low = 0.0, high = 0.0, standIns = 0
        for j in indices[i].terms.indices {
            // An index used as an input (e.g. THI inside TRI) is evaluated once per site, on first use.
            let (tr, miss, n) = scoreTerm(indices[i].terms[j], inputs: inputs, detail: detail) { ref in
                guard let k = indices.firstIndex(where: { $0.id == ref }), indices[k].appliesTo.contains(kind) else { return nil }
                return evaluate(k, kind: kind, inputs: inputs, detail: detail, done: &done)
            }
            value += tr.points
            low += tr.low
            high += tr.high
            standIns += n
            terms.append(tr)
            if !miss.isEmpty { missing += miss }
        }
        let cls = indices[i].classes
        let c = cls.classify(value), cl = cls.classify(low), ch = cls.classify(high)
        let r = IndexResult(index: indices[i].id, value: value, className: c.name, classRank: c.rank, terms: terms, missing: missing,
                            low: low, high: high, classLow: cl.name, classRankLow: cl.rank, classHigh: ch.name, classRankHigh: ch.rank,
                            standInCount: standIns)
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

    /// Ranking key of a site: its ranking index's class rank, then value (in the given view of the stand-ins).
    public func rankKey(kind: String, results: [IndexResult], by view: StandInView = .default) -> RankKey? {
        guard let id = ranking[kind], let r = results.first(where: { $0.index == id }) else { return nil }
        let v = r.view(view)
        return RankKey(index: id, classRank: v.classRank, value: v.value)
    }

    /// Sites ordered from highest to lowest risk: class rank descending, then value descending,
    /// then id ascending (deterministic ties). Sites without a ranking index come last, by id.
    public func rank(_ sites: [ScoredSite], by view: StandInView = .default) -> [ScoredSite] {
        Self.rankOrder(ids: sites.map(\.id), keys: sites.map { rankKey(kind: $0.kind, results: $0.results, by: view) }).map { sites[$0] }
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

    /// An input's value, its issues, and (for derived inputs that rest on stand-ins) the range of its value.
    private struct Resolved {
        var value: InputValue?
        var issues: [MissingInput] = []
        var low: Double? = nil, high: Double? = nil
        var standIns = 0
    }

    private func resolve(_ name: String, inputs: ScoringInputs, term: String, detail: Bool,
                         indexValue: (String) -> IndexResult?) -> Resolved {
        if name.hasPrefix(ScoringInputs.indexInputPrefix) {
            let ref = String(name.dropFirst(ScoringInputs.indexInputPrefix.count))
            guard let r = indexValue(ref) else { return Resolved(value: nil) }
            return Resolved(value: .number(r.value), low: r.low, high: r.high, standIns: r.standInCount)
        }
        if name == ScoringInputs.substancesInput {
            return substanceMass(inputs.substances, term: term, input: name, detail: detail)
        }
        return Resolved(value: inputs.values[name])
    }

    /// WRC-3 equivalent tonnes of a substance list; nil when nothing usable is listed. A substance of
    /// unknown class is a stand-in: the mass's range puts it at the lightest and the heaviest class weight.
    private func substanceMass(_ list: [Substance], term: String, input: String, detail: Bool) -> Resolved {
        guard let w = substances else { return Resolved(value: nil) }
        var total = 0.0, low = 0.0, high = 0.0, standIns = 0
        let lightest = w.classWeights.values.min() ?? 0, heaviest = w.classWeights.values.max() ?? 0
        var used = 0
        var issues: [MissingInput] = []
        for s in list {
            guard s.tonnes.isFinite, s.tonnes >= 0 else {
                issues.append(MissingInput(term: term, input: "substance '\(s.name)' tonnes",
                                           standIn: detail ? "excluded: tonnage \(formatNumber(s.tonnes)) is not a non-negative number" : ""))
                continue
            }
            var cls = s.waterHazardClass ?? w.unknownClass
            let known = s.waterHazardClass.map { w.classWeights[$0] != nil } ?? false
            if let c = s.waterHazardClass, w.classWeights[c] == nil {
                cls = w.unknownClass
                issues.append(MissingInput(term: term, input: "substance '\(s.name)' water_hazard_class",
                                           standIn: detail ? "class \(c) is not 1-3; WGK \(w.unknownClass) assumed (\(w.unknownClassProvenance.text))" : ""))
            } else if s.waterHazardClass == nil {
                issues.append(MissingInput(term: term, input: "substance '\(s.name)' water_hazard_class",
                                           standIn: detail ? "WGK \(w.unknownClass) assumed (\(w.unknownClassProvenance.text))" : ""))
            }
            total += s.tonnes * w.classWeights[cls]!
            if known {
                low += s.tonnes * w.classWeights[cls]!; high += s.tonnes * w.classWeights[cls]!
            } else {
                low += s.tonnes * lightest; high += s.tonnes * heaviest; standIns += 1
            }
            used += 1
        }
        if used == 0 { return Resolved(value: nil, issues: issues) }
        return Resolved(value: .number(total), issues: issues, low: low, high: high, standIns: standIns)
    }

    /// The term's points and range, the inputs that were missing, and how many stand-ins it rests on.
    private func scoreTerm(_ t: TermRule, inputs: ScoringInputs, detail: Bool,
                           indexValue: (String) -> IndexResult?) -> (TermResult, [MissingInput], Int) {
        var missing: [MissingInput] = []
        var problems: [String] = []
        // The input, then each fallback in order (read in place: no candidate list per site).
        for i in 0...t.fallbacks.count {
            let name = i == 0 ? t.input : t.fallbacks[i - 1].input
            let res = resolve(name, inputs: inputs, term: t.name, detail: detail, indexValue: indexValue)
            guard let value = res.value else {
                if detail { problems.append("'\(name)' missing") }
                continue
            }
            let tf = i == 0 ? t.transform : (t.fallbacks[i - 1].transform ?? t.transform)
            switch tf.apply(value, detail: detail) {
            case .success(let (p, note)):
                missing += res.issues
                // A derived input resting on stand-ins (an included index, substances of unknown class)
                // carries its range through the transformation.
                var lo = p, hi = p
                for x in [res.low, res.high] {
                    if let x, case .success(let (q, _)) = tf.apply(.number(x), detail: false) { lo = min(lo, q); hi = max(hi, q) }
                }
                if i > 0 {
                    missing.append(MissingInput(term: t.name, input: t.input,
                                                standIn: detail ? "fallback input '\(name)' = \(value.display) -> \(formatNumber(p)) points" : ""))
                    return (TermResult(name: t.name, input: name, points: p, usedDefault: false,
                                       note: detail ? "fallback (\(problems.joined(separator: "; "))): \(note)" : "", low: lo, high: hi), missing, res.standIns)
                }
                return (TermResult(name: t.name, input: name, points: p, usedDefault: false, note: note, low: lo, high: hi), missing, res.standIns)
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
                           note: detail ? problems.joined(separator: "; ") + " -> " + standIn : "",
                           low: t.standInRange.low, high: t.standInRange.high), missing, 1)
    }
}
