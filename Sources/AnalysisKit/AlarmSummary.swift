import Foundation

/// The spill alarm model's answer for one site at its first transboundary point (or why there is none),
/// as the site table carries it. The alarm model itself (AlarmKit, Pipeline/Alarms) fills it in after the
/// analysis; a basin without hydrology data leaves every figure unknown and says so in `note`.
public struct AlarmSummary: Sendable, Equatable {
    /// The scenario reported: the one with the highest guideline ratio (else the highest peak).
    public var substance: String?
    /// Nil when the inventory gives no mass: the figures are then per tonne released.
    public var massKg: Double?
    public var checkpoint: String?
    public var checkpointKm: Double?
    /// The warning's earliest credible arrival, the most probable peak time and the trailing edge, hours.
    public var leadingH: Double?
    public var peakH: Double?
    public var trailingH: Double?
    public var peakMgL: Double?
    public var peakMgLPerTonne: Double?
    public var guidelineRatio: Double?
    /// How many release scenarios (substances) the site has; `alarms.csv` has each at every checkpoint.
    public var scenarios: Int
    /// Why a figure is missing, or what it rests on (mass basis, stand-ins).
    public var note: String?

    public init(substance: String? = nil, massKg: Double? = nil, checkpoint: String? = nil, checkpointKm: Double? = nil,
                leadingH: Double? = nil, peakH: Double? = nil, trailingH: Double? = nil, peakMgL: Double? = nil,
                peakMgLPerTonne: Double? = nil, guidelineRatio: Double? = nil, scenarios: Int = 0, note: String? = nil) {
        self.substance = substance; self.massKg = massKg; self.checkpoint = checkpoint; self.checkpointKm = checkpointKm
        self.leadingH = leadingH; self.peakH = peakH; self.trailingH = trailingH; self.peakMgL = peakMgL
        self.peakMgLPerTonne = peakMgLPerTonne; self.guidelineRatio = guidelineRatio; self.scenarios = scenarios; self.note = note
    }

    public static func unknown(_ why: String) -> AlarmSummary { AlarmSummary(note: why) }
}
