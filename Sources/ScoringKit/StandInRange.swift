// The range a stand-in may take: the least and most severe points a missing input could have scored.
// A rules file states it, with its source or assumption, or lets the term's own transformation bound it.
import Foundation

/// Least and most severe points of one term's stand-in (ascending: `low` <= `high`).
public struct StandInRange: Sendable, Equatable {
    public var low: Double
    public var high: Double
    /// Where a declared range comes from; nil when the range is the transformation's own bounds.
    public var provenance: Provenance?
    /// How the range was obtained, e.g. "declared values 10000..1000000000 m3" or "the lookup's least and most points".
    public var basis: String

    public init(low: Double, high: Double, provenance: Provenance?, basis: String) {
        self.low = low; self.high = high; self.provenance = provenance; self.basis = basis
    }
}

extension Transform {
    /// The least and most points this transformation can give; nil on a side it leaves open.
    var pointBounds: (low: Double?, high: Double?) {
        switch self {
        case let .log10(_, floor, cap): return (floor, cap)
        case .lookup(let table): return (table.values.min(), table.values.max())
        case let .bins(_, points): return (points.min(), points.max())
        case let .linear(_, _, lo, hi): return (lo, hi)
        case let .flag(t, f): return (min(t, f), max(t, f))
        }
    }

    /// What bounds the points, for the range's basis text.
    var boundsText: String {
        switch self {
        case .log10: return "the log10 term's floor and cap"
        case .lookup: return "the lookup's least and most points"
        case .bins: return "the bins' least and most points"
        case .linear: return "the linear term's min and max"
        case .flag: return "the flag's two points"
        }
    }
}

extension RulesParser {
    /// The stand-in range of a term's `default_when_missing`: its `range` member when given, else the
    /// transformation's own bounds. An open transformation (log10 without cap, linear without bounds)
    /// needs a declared range: the tool never guesses how far a missing input could move an index.
    func standInRange(_ d: [String: JSONValue], transform: Transform, defaultPoints: Double) throws -> StandInRange {
        let bounds = transform.pointBounds
        let range: StandInRange
        if let rv = d["range"] {
            let o = try object(rv, "default_when_missing.range")
            try checkKeys(o, allowed: ["values", "points", "source", "assumption", "notes"], "default_when_missing.range")
            let prov = try provenance(o, "default_when_missing.range")
            switch (o["values"], o["points"]) {
            case (let v?, nil):
                let vs = try array(v, "default_when_missing.range.values")
                guard vs.count == 2 else { throw fail("default_when_missing.range.values must hold two values (least and most severe), found \(vs.count)") }
                var pts: [Double] = []
                var shown: [String] = []
                for (i, x) in vs.enumerated() {
                    let iv: InputValue
                    switch x {
                    case .number(let n) where n.isFinite: iv = .number(n)
                    case .string(let s): iv = .text(s)
                    case .bool(let b): iv = .flag(b)
                    default: throw fail("default_when_missing.range.values[\(i)] must be a number, text or boolean, found \(x.typeName)")
                    }
                    guard case .success(let (p, _)) = transform.apply(iv, detail: false) else {
                        throw fail("default_when_missing.range.values[\(i)] \(iv.display) cannot be transformed by the term's '\(transform.typeName)'")
                    }
                    pts.append(p)
                    shown.append(iv.display)
                }
                var unit = ""
                if case .log10(let u, _, _) = transform { unit = " " + u }
                range = StandInRange(low: pts.min()!, high: pts.max()!, provenance: prov,
                                     basis: "declared values \(shown.joined(separator: "..."))\(unit)")
            case (nil, let p?):
                let ps = try numbers(p, "default_when_missing.range.points")
                guard ps.count == 2 else { throw fail("default_when_missing.range.points must hold two numbers (least and most points), found \(ps.count)") }
                if ps[0] > ps[1] { throw fail("default_when_missing.range.points must be ascending, found \(formatNumber(ps[0])) before \(formatNumber(ps[1]))") }
                range = StandInRange(low: ps[0], high: ps[1], provenance: prov, basis: "declared points \(formatNumber(ps[0]))..\(formatNumber(ps[1]))")
            case (nil, nil):
                throw fail("default_when_missing.range needs 'values' (two input values) or 'points' (two point values)")
            default:
                throw fail("default_when_missing.range has both 'values' and 'points'; give one")
            }
            // A declared range may narrow what the transformation allows, never widen it.
            if let lo = bounds.low, range.low < lo {
                throw fail("default_when_missing.range: least points \(formatNumber(range.low)) are below what the '\(transform.typeName)' transform can give (\(formatNumber(lo)))")
            }
            if let hi = bounds.high, range.high > hi {
                throw fail("default_when_missing.range: most points \(formatNumber(range.high)) are above what the '\(transform.typeName)' transform can give (\(formatNumber(hi)))")
            }
        } else {
            guard let lo = bounds.low, let hi = bounds.high else {
                throw fail("default_when_missing needs a 'range' (the least and most severe value the stand-in may take, with its source or assumption): the '\(transform.typeName)' transform is open \(bounds.low == nil ? "below" : "above")")
            }
            range = StandInRange(low: lo, high: hi, provenance: nil, basis: transform.boundsText)
        }
        if defaultPoints < range.low || defaultPoints > range.high {
            throw fail("default_when_missing: the stand-in's \(formatNumber(defaultPoints)) points lie outside its range \(formatNumber(range.low))..\(formatNumber(range.high)) (\(range.basis))")
        }
        return range
    }
}

extension MissingDefault {
    /// The points the stand-in gives (a default value goes through the term's transformation; validated at load).
    func points(_ t: Transform) -> Double {
        switch self {
        case .points(let x): return x
        case .value(let v):
            if case .success(let (p, _)) = t.apply(v, detail: false) { return p }
            return 0
        }
    }
}
