import Foundation

/// Thresholds of the analysis. No numeric rule for "transboundary" was found in the basin's inventories
/// (domain notes), so each default is a stated assumption with its reason, overridable on the command line.
public struct AnalysisParameters: Sendable, Equatable {
    /// Border proximity flag fires at or below this geodesic distance to an international border.
    public var borderProximityM: Double = 5_000
    public static let borderProximityReason =
        "assumption: 5 km. The WDBII and DCW borders disagree by a median 0.9 km and by more than 3 km along 11 % of their length (basin-data notes), so a site within 5 km may lie on either side of the mapped line, and an accident's immediate effects (air, dust, overland flow) reach that far."

    /// A site enters the river network at the nearest point of a basin river within this distance.
    public var entryMaxDistanceM: Double = 50_000
    public static let entryMaxDistanceReason =
        "assumption: 50 km. Global river data lacks small tributaries; sites in their valleys can lie tens of km from the nearest mapped line, and their spills still reach the main rivers through those unmapped streams. Beyond 50 km the site is reported as far from any mapped river. (A basin states its own measured reason in basin.json parameter_reasons.)"

    /// Water-path flag fires when the site enters the network within this distance and the path downstream
    /// crosses or follows an international border.
    public var waterPathMaxDistanceM: Double = 50_000
    public static let waterPathMaxDistanceReason =
        "assumption: equal to the entry distance (50 km), for the same reason: unmapped tributaries carry spills to the mapped network."

    /// Stop a trace this far downstream (nil: to the outlet).
    public var traceMaxKm: Double? = nil

    public init() {}

    /// Parameters with their values and reasons, for the run summary. `reasons` (basin.json
    /// `parameter_reasons`, by name) replaces a default reason with the basin's own measured one.
    public func described(reasons: [String: String] = [:]) -> [(name: String, value: Double, unit: String, reason: String)] {
        [("border_proximity", borderProximityM, "m", Self.borderProximityReason),
         ("entry_max_distance", entryMaxDistanceM, "m", Self.entryMaxDistanceReason),
         ("water_path_max_distance", waterPathMaxDistanceM, "m", Self.waterPathMaxDistanceReason)].map { p in
            (p.0, p.1, p.2, reasons[p.0] ?? p.3)
        }
    }
}
