// How an input value becomes points, and why it could not.
import Foundation

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
