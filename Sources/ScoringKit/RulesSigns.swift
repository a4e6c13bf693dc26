// Sign checks for rules files: an index is a sum of points, so a term that can give negative points
// lowers a site's hazard when its input gets worse or goes missing. That is allowed only where the rules
// file says so on the term (`"allow_negative": true`, docs/scoring.md).
import Foundation

extension Transform {
    /// The fewest points this transformation can give for inputs >= `inputMin` (nil: any number), and why,
    /// when that is below zero; nil when it never gives negative points.
    func negativePoints(inputMin: Double?) -> String? {
        switch self {
        case let .log10(unit, floor, cap):
            if let cap, cap < 0 { return "log10 cap \(formatNumber(cap)) is negative" }
            guard let floor else { return "log10 without a 'floor' gives negative points for values below 1 \(unit)" }
            return floor < 0 ? "log10 floor \(formatNumber(floor)) is negative" : nil
        case .lookup(let table):
            guard let worst = table.filter({ $0.value < 0 }).min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { return nil }
            return "lookup '\(worst.key)' gives \(formatNumber(worst.value)) points"
        case let .bins(_, points):
            guard let i = points.firstIndex(where: { $0 < 0 }) else { return nil }
            return "bins points[\(i)] is \(formatNumber(points[i]))"
        case let .linear(a, b, lo, hi):
            if let hi, hi < 0 { return "linear max \(formatNumber(hi)) is negative" }
            if let lo, lo >= 0 { return nil }
            let lowest: Double
            let at: String
            if a == 0 { lowest = b; at = "for every input" }
            else if a > 0, let m = inputMin { lowest = a * m + b; at = "at input \(formatNumber(m))" }
            else { lowest = -.infinity; at = a > 0 ? "as the input goes down (it can be negative)" : "as the input grows (a is negative)" }
            guard lowest < 0 else { return nil }
            if let lo { return "linear 'min' \(formatNumber(lo)) is negative and a*x + b reaches it \(at)" }
            return lowest == -.infinity ? "linear a*x + b has no 'min' and falls below zero \(at)"
                                        : "linear a*x + b = \(formatNumber(lowest)) \(at)"
        case let .flag(t, f):
            if t < 0 { return "true_points is \(formatNumber(t))" }
            return f < 0 ? "false_points is \(formatNumber(f))" : nil
        }
    }
}

extension RulesParser {
    static let allowNegativeHint = "an index is a sum of points, so a negative term lowers the hazard as its input worsens; if that is intended, add \"allow_negative\": true to the term"

    /// Rejects negative points in the term's transformation, its fallbacks' own transformations and its
    /// default, unless the term allows them. Inputs are taken as >= 0: site inputs are quantities the
    /// inventory reader accepts only >= 0, and an index's value is >= 0 unless one of its terms allows
    /// negative points (checked once all indices are read: `checkNegativeIndexInputs`).
    func checkSigns(_ t: TermRule) throws {
        guard !t.allowNegative else { return }
        // The stand-in first: a negative default is named as such, even where the table allows it.
        switch t.defaultWhenMissing {
        case .points(let p) where p < 0:
            throw fail("default_when_missing.points \(formatNumber(p)) is negative: \(Self.allowNegativeHint)")
        case .value(.number(let x)) where x < 0:
            throw fail("default_when_missing.value \(formatNumber(x)) is negative, but '\(t.input)' is a quantity (>= 0): \(Self.allowNegativeHint)")
        default: break
        }
        if let why = t.transform.negativePoints(inputMin: 0) {
            throw fail("points can go below zero (\(why)): \(Self.allowNegativeHint)")
        }
        for (i, f) in t.fallbacks.enumerated() {
            if let tf = f.transform, let why = tf.negativePoints(inputMin: 0) {
                throw fail("fallback_inputs[\(i)]: points can go below zero (\(why)): \(Self.allowNegativeHint)")
            }
        }
    }

    /// A term reading `index:X`, where X has a term allowed to go negative, sees inputs below zero: its own
    /// transformation must then stay >= 0 for any input, or allow negative points itself.
    func checkNegativeIndexInputs(_ indices: [IndexRule]) throws {
        let mayBeNegative = Set(indices.filter { $0.terms.contains(where: \.allowNegative) }.map(\.id))
        guard !mayBeNegative.isEmpty else { return }
        for idx in indices {
            for t in idx.terms where !t.allowNegative {
                let uses = [(t.input, t.transform, "")] + t.fallbacks.enumerated().map { ($0.element.input, $0.element.transform ?? t.transform, "fallback_inputs[\($0.offset)]: ") }
                for (input, tf, label) in uses where input.hasPrefix(ScoringInputs.indexInputPrefix) {
                    let ref = String(input.dropFirst(ScoringInputs.indexInputPrefix.count))
                    guard mayBeNegative.contains(ref), let why = tf.negativePoints(inputMin: nil) else { continue }
                    throw RulesError(file: file, index: idx.id, term: t.name,
                                     problem: "\(label)points can go below zero (\(why)): index '\(ref)' allows negative points, so '\(input)' can be negative; \(Self.allowNegativeHint)")
                }
            }
        }
    }
}
