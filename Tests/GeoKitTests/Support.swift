import GeoKit

/// SplitMix64: a small seeded generator so random tests repeat exactly.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// The basin-fitted projection the pipeline uses for the Syr Darya (scale within 0.2 % over 59-80 E, 36-47 N).
let basinLCC = "+proj=lcc +lat_1=38.5 +lat_2=44.5 +lat_0=41.5 +lon_0=70 +datum=WGS84 +units=m +no_defs"
