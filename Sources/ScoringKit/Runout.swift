// Dam-failure runout screening from dam height and stored volume (empirical regressions).
import Foundation

/// One empirical runout model, with coefficients from the rules file.
/// Volumes in the regressions are in million m3 (Mm3), heights in m, distances in km.
public struct RunoutModel: Sendable, Equatable {
    public enum Predictor: String, Sendable {
        /// Rico et al. 2008 "dam factor": H * (VF/VT) * VF.
        case damFactor = "dam_factor"
        /// Concha Larrauri & Lall 2018: H * VF (potential energy of the release).
        case potentialEnergy = "potential_energy"
    }

    public var name: String
    public var provenance: Provenance
    /// VF = releasedCoefficient * VT^releasedExponent (Mm3).
    public var releasedCoefficient: Double
    public var releasedExponent: Double
    public var releasedProvenance: Provenance
    /// Optional cap: VF <= maxReleaseFraction * VT.
    public var maxReleaseFraction: Double?
    public var maxReleaseProvenance: Provenance?
    /// Dmax = runoutCoefficient * Hf^runoutExponent (km).
    public var predictor: Predictor
    public var runoutCoefficient: Double
    public var runoutExponent: Double
    public var runoutProvenance: Provenance
    /// Range: [Dmax / factor, Dmax * factor].
    public var uncertaintyFactor: Double
    public var uncertaintyProvenance: Provenance

    /// Estimate for dam height H (m) and stored volume VT (m3); missing or non-positive inputs give no runout, with a reason.
    /// Without `detail` the step-by-step notes and the provenance text are left empty (bulk runs).
    public func estimate(damHeightM: Double?, storedVolumeM3: Double?, detail: Bool = true) -> RunoutOutcome {
        guard let h = damHeightM else { return .unavailable(model: name, reason: "dam height (dam_height_m) is missing") }
        guard let v = storedVolumeM3 else { return .unavailable(model: name, reason: "stored volume (stored_volume_m3) is missing") }
        guard h.isFinite, h > 0 else { return .unavailable(model: name, reason: "dam height \(formatNumber(h)) m is not a positive number") }
        guard v.isFinite, v > 0 else { return .unavailable(model: name, reason: "stored volume \(formatNumber(v)) m3 is not a positive number") }
        var notes: [String] = []
        func note(_ text: @autoclosure () -> String) { if detail { notes.append(text()) } }
        let vt = v / 1e6
        var vf = releasedCoefficient * pow(vt, releasedExponent)
        note("VF = \(formatNumber(releasedCoefficient)) * \(formatNumber(vt))^\(formatNumber(releasedExponent)) = \(formatNumber(vf)) Mm3")
        if let cap = maxReleaseFraction, vf > cap * vt {
            vf = cap * vt
            note("VF limited to \(formatNumber(cap)) * VT = \(formatNumber(vf)) Mm3")
        }
        let hf: Double
        switch predictor {
        case .damFactor:
            hf = h * (vf / vt) * vf
            note("Hf = H * (VF/VT) * VF = \(formatNumber(hf))")
        case .potentialEnergy:
            hf = h * vf
            note("Hf = H * VF = \(formatNumber(hf))")
        }
        let d = runoutCoefficient * pow(hf, runoutExponent)
        note("Dmax = \(formatNumber(runoutCoefficient)) * Hf^\(formatNumber(runoutExponent)) = \(formatNumber(d)) km; range factor \(formatNumber(uncertaintyFactor))")
        let source = !detail ? [] : [provenance.text, "released volume: " + releasedProvenance.text,
                      "runout: " + runoutProvenance.text, "range: " + uncertaintyProvenance.text]
            + (maxReleaseProvenance.map { ["release cap: " + $0.text] } ?? [])
        return .estimate(RunoutEstimate(model: name, releasedVolumeM3: vf * 1e6, runoutKm: d,
                                        runoutKmLow: d / uncertaintyFactor, runoutKmHigh: d * uncertaintyFactor,
                                        source: source.joined(separator: " | "), notes: notes))
    }
}

public struct RunoutEstimate: Sendable, Equatable {
    public var model: String
    public var releasedVolumeM3: Double
    public var runoutKm: Double
    public var runoutKmLow: Double
    public var runoutKmHigh: Double
    /// Provenance of every coefficient used.
    public var source: String
    /// The computation step by step.
    public var notes: [String]
}

public enum RunoutOutcome: Sendable, Equatable {
    case estimate(RunoutEstimate)
    case unavailable(model: String, reason: String)

    public var estimate: RunoutEstimate? {
        if case .estimate(let e) = self { return e }
        return nil
    }
}

extension RuleSet {
    /// Runout estimates of every model in the rules file, in file order.
    public func runout(damHeightM: Double?, storedVolumeM3: Double?, detail: Bool = true) -> [RunoutOutcome] {
        runoutModels.map { $0.estimate(damHeightM: damHeightM, storedVolumeM3: storedVolumeM3, detail: detail) }
    }

    /// Same, reading dam_height_m and stored_volume_m3 from the inputs.
    public func runout(inputs: ScoringInputs, detail: Bool = true) -> [RunoutOutcome] {
        func num(_ k: String) -> Double? {
            if case .number(let x)? = inputs.values[k] { return x }
            return nil
        }
        return runout(damHeightM: num("dam_height_m"), storedVolumeM3: num("stored_volume_m3"), detail: detail)
    }
}
