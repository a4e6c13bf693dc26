import GeoKit

/// What the report is made from: the run's own outputs, so the report says exactly what the files say.
public struct ReportInput: Sendable {
    /// summary.json's object (its measured `timings_s` is never shown: the report stays byte-identical).
    public var summary: JSON
    /// `properties` of the first sites.geojson features, in risk order, with each feature's position.
    public var sites: [ReportSite]
    /// How many sites the run accepted (the report may hold only the highest-ranked).
    public var sitesTotal: Int
    /// hazard-map.svg as written, or nil when the run drew no map.
    public var svg: String?
    /// Country names by ISO code, from the basin data.
    public var countries: [String: CountryName]

    public init(summary: JSON, sites: [ReportSite], sitesTotal: Int, svg: String?, countries: [String: CountryName]) {
        self.summary = summary; self.sites = sites; self.sitesTotal = sitesTotal; self.svg = svg; self.countries = countries
    }
}

public struct ReportSite: Sendable {
    public var properties: [(String, JSON)]
    public var lon: Double?
    public var lat: Double?
    public init(properties: [(String, JSON)], lon: Double?, lat: Double?) {
        self.properties = properties; self.lon = lon; self.lat = lat
    }

    public subscript(_ key: String) -> JSON? { properties.first { $0.0 == key }?.1 }
    func string(_ key: String) -> String? { self[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    func number(_ key: String) -> Double? { self[key]?.doubleValue }
}

public struct CountryName: Sendable {
    public var en: String
    public var ru: String?
    public init(en: String, ru: String?) { self.en = en; self.ru = ru }
}
