import Foundation

/// Jobson, H.E., 1996, Prediction of Traveltime and Longitudinal Dispersion in Rivers and Streams, USGS
/// Water-Resources Investigations Report 96-4013. SI units throughout: drainage area m², discharge m³/s,
/// slope m/m, velocity m/s, time in the unit each function names.
///
/// Checked against the USGS implementation (USGS-WiM/TravelTimeService, TravelTimeAgent/Jobson.cs): the
/// same constants, with two differences stated here. g is 9.81 m/s² (the USGS code uses 9.8: 0.1 % on
/// √g). The Q'a exponent of the slope equations (12, 13) is −0.469 as in the USGS code (its comment
/// writes −0.465; an independent R implementation also uses −0.469).
public enum Jobson {
    public static let g = 9.81

    /// Eq. 10: D'a = Da^1.25 · √g / Qa.
    public static func dimensionlessArea(daM2: Double, qaM3s: Double) -> Double {
        pow(daM2, 1.25) * g.squareRoot() / qaM3s
    }

    /// Peak velocity, most probable (Eq. 14, or Eq. 12 with a slope) and maximum probable (Eq. 15, 13).
    public static func peakVelocity(daM2: Double, qaM3s: Double, qM3s: Double, slope: Double?, maximum: Bool) -> Double {
        let dpa = dimensionlessArea(daM2: daM2, qaM3s: qaM3s)
        let qpa = qM3s / qaM3s
        if let s = slope, s > 0 {
            let p = pow(dpa, 0.919) * pow(qpa, -0.469) * pow(s, 0.159) * qM3s / daM2
            return maximum ? 0.25 + 0.02 * p : 0.094 + 0.0143 * p
        }
        let p = pow(dpa, 0.821) * pow(qpa, -0.465) * qM3s / daM2
        return maximum ? 0.20 + 0.093 * p : 0.020 + 0.051 * p
    }

    /// Eq. 7: unit-peak concentration (s⁻¹ × 10⁶) after `tpHours` of travel, with Q'a = Q/Qa at the point.
    public static func unitPeak(tpHours: Double, relativeDischarge: Double) -> Double {
        857 * pow(tpHours, -0.760 * pow(relativeDischarge, -0.079))
    }

    /// Eq. 18: the leading edge arrives after 0.890 of the peak's travel time.
    public static let leadingEdgeFraction = 0.890

    /// Eq. 19: seconds from the leading edge until the concentration is back within 10 % of the peak.
    public static func passageSeconds(unitPeak cup: Double) -> Double { 2e6 / cup }

    /// Eq. 4 rearranged: peak concentration in mg/L from the released mass (kg) and the discharge (m³/s)
    /// at the point, recovery ratio `rr` (1 for a conservative substance). The USGS code writes it with
    /// Mi in mg and Q in L/s: Cup·Rr·Mi/(10⁶·Q), the same figure (1 kg = 10⁶ mg, 1 m³/s = 10³ L/s).
    public static func peakConcentrationMgL(unitPeak cup: Double, massKg: Double, qM3s: Double, rr: Double = 1) -> Double {
        cup * rr * (massKg * 1e6) / (1e6 * qM3s * 1000)
    }
}
