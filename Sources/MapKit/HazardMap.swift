import Foundation
import GeoKit
import BasinKit

/// The hazard map: one SVG page in millimetres, projected with the basin's own projection.
public enum HazardMap {
    /// Renders `input` on one page. Deterministic: the same input gives the same bytes.
    public static func render(_ input: MapInput, options: MapOptions) throws -> MapRendering {
        try MapRenderer(input, options).render()
    }
}
