import FuzzSupport
import ScoringKit

@main enum FuzzRulesMain { static func main() { FuzzSupport.runDriver(fuzz) } }

/// The scoring rules parser must accept a rules file or refuse it with a RulesError, whatever the bytes;
/// rules it accepts must then score a site without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzSupport.buffer(bytes, size)
    FuzzSupport.selfCheck(input)
    let rules: RuleSet
    do {
        rules = try RuleSet.parse(data: FuzzSupport.data(input), name: "fuzz-rules.json")
    } catch is RulesError {
        return 0  // the clear refusal every bad rules file must get
    } catch {
        FuzzSupport.require(false, "parse threw \(type(of: error)) instead of RulesError: \(error)")
        return 0
    }
    for inputs in [ScoringInputs(), site] {
        for kind in RuleSet.siteKinds.sorted() {
            let results = rules.score(kind: kind, inputs: inputs)
            _ = rules.rankKey(kind: kind, results: results)
        }
        _ = rules.runout(inputs: inputs)
    }
    return 0
}

/// One site with every input of the contract given, so accepted rules reach their arithmetic
/// (the values are typical of a Fergana valley tailings dam, not any one facility's).
let site = ScoringInputs(values: [
    "stored_volume_m3": .number(2_000_000), "water_hazard_class": .number(3), "operating_status": .text("abandoned"),
    "dam_height_m": .number(25), "flood_hazard": .text("high"), "seismic_intensity_msk": .number(8),
    "seismic_pga_ms2": .number(3.5), "dam_condition": .text("poor"), "population_downstream": .number(12_000),
    "drinking_water_intakes": .number(2), "protected_areas": .flag(true), "river_distance_m": .number(800),
    "border_distance_m": .number(15_000), "crosses_border_downstream": .flag(true), "km_to_first_crossing": .number(40),
    "hours_to_first_crossing": .number(16), "runout_reaches_river": .flag(true), "runout_reaches_border": .flag(false),
], substances: [Substance(name: "cyanide", tonnes: 12, waterHazardClass: 3), Substance(name: "unknown", tonnes: 1, waterHazardClass: nil)])
