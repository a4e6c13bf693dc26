import BasinKit
import SiteKit

extension BasinMetadata {
    /// The countries an inventory of this basin may name, as the inventory reader takes them
    /// (basin.json `countries` and `neighbours`).
    public var countrySpellings: [CountrySpellings] {
        countrySpellingsPairs.map { CountrySpellings(iso: $0.iso, spellings: $0.spellings, neighbour: $0.neighbour) }
    }
}
