import Foundation

// Column names and value spellings that inventories of the four basin countries actually use.
// Matching is on a normalised key: lower-cased, parenthesised units dropped, letters and digits only
// ("Stored volume (m3)" -> "storedvolume", "Широта" -> "широта").

/// The fields a reader understands. Raw values index `Schema.fieldColumn`.
enum Field: Int, CaseIterable, Sendable {
    case id, name, kind, country, lat, lon, x, y, crs, precision, source
    case storedVolume, wgk, status, damHeight, flood, seismicMSK, seismicPGA, damCondition, population, intakes, protected
    case substances

    /// The name used in messages and documentation (attribute fields use their attribute key).
    var canonical: String {
        switch self {
        case .id: "id"
        case .name: "name"
        case .kind: "kind"
        case .country: "country"
        case .lat: "lat"
        case .lon: "lon"
        case .x: "x"
        case .y: "y"
        case .crs: "crs"
        case .precision: "position_precision"
        case .source: "source"
        case .storedVolume: AttributeKey.storedVolume
        case .wgk: AttributeKey.waterHazardClass
        case .status: AttributeKey.operatingStatus
        case .damHeight: AttributeKey.damHeight
        case .flood: AttributeKey.floodHazard
        case .seismicMSK: AttributeKey.seismicIntensity
        case .seismicPGA: AttributeKey.seismicPGA
        case .damCondition: AttributeKey.damCondition
        case .population: AttributeKey.populationDownstream
        case .intakes: AttributeKey.drinkingWaterIntakes
        case .protected: AttributeKey.protectedAreas
        case .substances: "substances"
        }
    }

    /// Accepted header names (before normalisation; see `Vocabulary.key`).
    var aliases: [String] {
        switch self {
        case .id: ["id", "site_id", "siteid", "code", "site_code", "код", "kod", "ид", "идентификатор"]
        case .name: ["name", "site_name", "title", "название", "наименование", "имя", "объект", "наименование объекта"]
        case .kind: ["kind", "type", "site_type", "category", "тип", "вид", "категория", "тип объекта"]
        case .country: ["country", "country_code", "iso", "страна", "государство"]
        case .lat: ["lat", "latitude", "lat_dd", "lat_wgs84", "широта", "с.ш."]
        case .lon: ["lon", "lng", "long", "longitude", "lon_dd", "lon_wgs84", "долгота", "в.д."]
        case .x: ["x", "easting", "east", "x_coord"]
        case .y: ["y", "northing", "north", "y_coord"]
        case .crs: ["crs", "epsg", "srid", "srs", "epsg_code", "система координат"]
        case .precision: ["position_precision", "precision", "location_precision", "coordinate_precision", "accuracy", "точность"]
        case .source: ["source", "sources", "reference", "ref", "источник", "источники"]
        case .storedVolume: ["stored_volume_m3", "stored_volume", "volume_m3", "volume", "tailings_volume", "объем", "объём", "объем м3", "объём м3", "объем хвостов"]
        case .wgk: ["water_hazard_class", "wgk", "whc", "water_risk_class", "wrc", "wassergefährdungsklasse"]
        case .status: ["operating_status", "status", "operational_status", "статус", "статус эксплуатации"]
        case .damHeight: ["dam_height_m", "dam_height", "height_of_dam", "высота дамбы", "высота дамбы м"]
        case .flood: ["flood_hazard", "flood_risk", "flood", "паводковая опасность"]
        case .seismicMSK: ["seismic_intensity_msk", "seismic_intensity", "seismicity", "msk", "msk64", "msk-64", "сейсмичность", "сейсмичность балл"]
        case .seismicPGA: ["seismic_pga_ms2", "pga", "pga_ms2", "seismic_pga"]
        case .damCondition: ["dam_condition", "condition", "состояние дамбы"]
        case .population: ["population_downstream", "population", "население", "население ниже по течению"]
        case .intakes: ["drinking_water_intakes", "water_intakes", "intakes", "водозаборы"]
        case .protected: ["protected_areas", "protected_area", "оопт"]
        case .substances: ["substances", "substance", "chemicals", "вещества"]
        }
    }
}

enum Vocabulary {
    /// Normalised header/value key: lower-cased, "(...)" removed, letters and digits only.
    static func key(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        for u in s.lowercased().unicodeScalars {
            if u == "(" || u == "[" { depth += 1; continue }
            if u == ")" || u == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 && (u.properties.isAlphabetic || u.properties.numericType != nil) { out.append(u) }
        }
        return String(out)
    }

    static let fieldByHeader: [String: Field] = {
        var d: [String: Field] = [:]
        for f in Field.allCases { for a in f.aliases { d[key(a)] = f } }
        return d
    }()

    static func field(forHeader h: String) -> Field? { fieldByHeader[key(h)] }

    /// Exact spelling first (no allocation for the common canonical forms), then the normalised key.
    static func lookup<T>(_ table: [String: T], _ s: String) -> T? { table[s] ?? table[key(s)] }

    private static func table<T>(_ pairs: [(T, [String])]) -> [String: T] {
        var d: [String: T] = [:]
        for (v, names) in pairs { for n in names { d[key(n)] = v; d[n] = v } }
        return d
    }

    static let kinds: [String: SiteKind] = table([
        (.tailings, ["tailings", "tailing", "TMF", "TSF", "tailings facility", "tailings management facility", "tailings pond",
                     "tailings dam", "tailings storage facility", "хвостохранилище", "хвосты", "хвостовое хозяйство"]),
        (.other, ["other", "industrial", "industry", "chemical", "chemicals", "mine", "mining", "mine site", "waste rock",
                  "waste rock dump", "dump", "smelter", "plant", "factory", "metallurgical", "metallurgy", "landfill", "storage",
                  "oil", "oil storage", "refinery", "ARS", "accident risk spot", "slag", "slag dump", "hazardous site",
                  "прочее", "другое", "промышленный", "промышленный объект", "химический", "рудник", "шахта", "отвал",
                  "завод", "комбинат", "полигон", "хранилище", "шлак", "шлакоотвал", "нефтехранилище"]),
    ])
    static let kindHelp = "tailings (or TMF, хвостохранилище) or a kind of other hazardous site (industrial, chemical, mine, smelter, plant, waste rock, landfill, storage, slag, other)"

    static let countries: [String: String] = table([
        ("KG", ["KG", "KGZ", "Kyrgyzstan", "Kyrgyz Republic", "Kirghizia", "Kirgizia", "Кыргызстан", "Киргизия", "Кыргызская Республика", "Киргизстан"]),
        ("TJ", ["TJ", "TJK", "Tajikistan", "Таджикистан", "Тоҷикистон"]),
        ("UZ", ["UZ", "UZB", "Uzbekistan", "Узбекистан", "Ozbekiston", "Oʻzbekiston", "Ўзбекистон"]),
        ("KZ", ["KZ", "KAZ", "Kazakhstan", "Казахстан", "Қазақстан"]),
        ("TM", ["TM", "TKM", "Turkmenistan", "Туркменистан"]),
        ("AF", ["AF", "AFG", "Afghanistan", "Афганистан"]),
        ("CN", ["CN", "CHN", "China", "Китай"]),
    ])

    static let statuses: [String: String] = table([
        ("active", ["active", "operating", "operational", "in operation", "working", "open", "действующий", "действующее",
                    "действует", "эксплуатируется", "в эксплуатации", "работает", "активный"]),
        ("inactive", ["inactive", "closed", "idle", "mothballed", "suspended", "temporarily closed", "not operating",
                      "decommissioned", "недействующий", "недействующее", "не действует", "не работает", "закрыт", "закрытый",
                      "законсервирован", "законсервированное", "законсервировано", "консервация"]),
        ("abandoned", ["abandoned", "orphan", "orphaned", "legacy", "бесхозный", "бесхозное", "заброшенный", "заброшенное", "брошенный"]),
        ("remediated", ["remediated", "rehabilitated", "reclaimed", "restored", "рекультивирован", "рекультивированный",
                        "рекультивировано", "рекультивированное", "ремедиирован", "реабилитирован"]),
        ("unknown", ["unknown", "no data", "n/a", "unk", "неизвестно", "нет данных", "н/д"]),
    ])
    static let statusHelp = "active, inactive, abandoned, remediated or unknown (or a synonym: operating, closed, mothballed, orphaned, rehabilitated, действующий, законсервирован, бесхозный, рекультивирован...)"

    static let levels: [String: String] = table([
        ("low", ["low", "низкий", "низкая", "низкое"]),
        ("medium", ["medium", "moderate", "средний", "средняя", "среднее", "умеренный", "умеренная"]),
        ("high", ["high", "высокий", "высокая", "высокое"]),
    ])
    static let conditions: [String: String] = table([
        ("good", ["good", "хорошее", "хорошая", "хорошее состояние"]),
        ("fair", ["fair", "satisfactory", "удовлетворительное", "удовлетворительная"]),
        ("poor", ["poor", "bad", "unsatisfactory", "неудовлетворительное", "плохое", "плохая"]),
        ("critical", ["critical", "emergency", "аварийное", "критическое", "предаварийное"]),
    ])
    static let flags: [String: Bool] = table([
        (true, ["yes", "y", "true", "1", "да", "д", "есть"]),
        (false, ["no", "n", "false", "0", "нет", "н"]),
    ])
    static let precisions: [String: String] = table([
        ("site", ["site", "exact", "dam", "facility", "gps", "точно", "объект"]),
        ("village", ["village", "settlement", "село", "поселок", "посёлок", "кишлак", "аул"]),
        ("town", ["town", "city", "город"]),
        ("approximate", ["approximate", "approx", "approximately", "estimated", "примерно", "приблизительно"]),
        ("footprint", ["footprint", "polygon"]),
    ])
}
