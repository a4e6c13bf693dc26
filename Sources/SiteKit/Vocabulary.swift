import Foundation

// Value spellings that inventories of the four basin countries actually use (column names are data:
// Resources/columns.json, see ColumnTable). Values match on a normalised key: lower-cased, ё read as е,
// parenthesised text dropped, letters and digits only ("Tailings pond" -> "tailingspond").

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

    /// Accepted header names, as written in Resources/columns.json (see `ColumnTable`).
    var aliases: [String] { ColumnTable.builtIn.aliases[rawValue] }

    /// What a numeric field measures (nil: not a quantity).
    var dimension: QuantityKind? {
        switch self {
        case .storedVolume: .volume
        case .damHeight: .length
        case .population, .intakes: .count
        case .seismicPGA: .acceleration
        case .seismicMSK: .intensity
        default: nil
        }
    }
}

enum Vocabulary {
    /// Normalised value key: lower-cased, ё as е, "(...)" removed, letters and digits only.
    static func key(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        for u in s.lowercased().unicodeScalars {
            if u == "(" || u == "[" { depth += 1; continue }
            if u == ")" || u == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 && (u.properties.isAlphabetic || u.properties.numericType != nil) { out.append(u == "ё" ? "е" : u) }
        }
        return String(out)
    }

    /// The field a header names by the built-in alias table (no --columns mapping).
    static func field(forHeader h: String) -> Field? { ColumnTable.builtIn.field(h) }

    /// Exact spelling first (no allocation for the common canonical forms), then the normalised key.
    static func lookup<T>(_ table: [String: T], _ s: String) -> T? { table[s] ?? table[key(s)] }

    private static func table<T>(_ pairs: [(T, [String])]) -> [String: T] {
        var d: [String: T] = [:]
        for (v, names) in pairs { for n in names { d[key(n)] = v; d[n] = v } }
        return d
    }

    /// Kind spellings -> (scoring kind, detail). The detail is a normalised English term kept in the
    /// outputs (`kind_detail`) beside the inventory's own text (`kind_input`).
    static let kinds: [String: KindMatch] = {
        var pairs: [(KindMatch, [String])] = []
        func add(_ k: SiteKind, _ detail: String, _ names: [String]) { pairs.append((KindMatch(kind: k, detail: detail), names)) }
        add(.tailings, "tailings", ["tailings", "tailing", "TMF", "TSF", "tailings facility", "tailings management facility", "tailings pond",
                                    "tailings dam", "tailings storage facility", "tailings impoundment", "хвостохранилище", "хвостохранилища",
                                    "хвосты", "хвостовое хозяйство", "хвостовая дамба", "пруд-накопитель хвостов"])
        add(.other, "mine", ["mine", "mining", "mine site", "open pit", "pit", "рудник", "шахта", "карьер", "горный отвод"])
        add(.other, "waste_rock_dump", ["waste rock", "waste rock dump", "waste-rock dump", "rock dump", "dump", "spoil heap", "отвал",
                                        "отвалы", "породный отвал", "отвал пустой породы", "отвал вскрышных пород", "отвал забалансовых руд"])
        add(.other, "slag_heap", ["slag", "slag dump", "slag heap", "шлак", "шлаки", "шлакоотвал", "шлакохранилище", "золошлакоотвал"])
        add(.other, "smelter", ["smelter", "metallurgical", "metallurgy", "metallurgical plant", "металлургический завод", "металлургический комбинат", "плавильный завод"])
        add(.other, "plant", ["plant", "factory", "processing plant", "mill", "завод", "комбинат", "фабрика", "обогатительная фабрика"])
        add(.other, "chemical", ["chemical", "chemicals", "chemical plant", "химический", "химический завод", "химкомбинат"])
        add(.other, "landfill", ["landfill", "waste disposal site", "полигон", "свалка", "полигон отходов"])
        add(.other, "storage", ["storage", "warehouse", "хранилище", "склад"])
        add(.other, "oil_storage", ["oil", "oil storage", "oil depot", "нефтехранилище", "нефтебаза"])
        add(.other, "refinery", ["refinery", "oil refinery", "НПЗ", "нефтеперерабатывающий завод"])
        add(.other, "industrial", ["industrial", "industry", "industrial site", "hazardous site", "промышленный", "промышленный объект", "промплощадка"])
        add(.other, "accident_risk_spot", ["ARS", "accident risk spot"])
        add(.other, "other", ["other", "прочее", "прочие", "другое"])
        return table(pairs)
    }()
    static let kindHelp = "tailings (or TMF, хвостохранилище) or a kind of other hazardous site (mine/рудник, waste rock/отвал, slag/шлакоотвал, smelter, plant/завод, chemical, landfill, storage, oil storage, refinery, industrial, other)"

    /// An unrecognised kind text: the kind of its first word (or pair of words) that is a kind, a tailings
    /// word taking precedence ("хвостохранилище обогатительной фабрики" is a tailings facility). nil when no word is.
    static func kindByWords(_ s: String) -> (match: KindMatch, word: String)? {
        let words = s.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }).map(String.init)
        var found: (match: KindMatch, word: String)? = nil
        for i in words.indices {
            for w in [i + 1 < words.count ? words[i] + " " + words[i + 1] : nil, words[i]].compactMap({ $0 }) {
                guard let m = lookup(kinds, w) else { continue }
                if m.kind == .tailings { return (m, w) }
                if found == nil { found = (m, w) }
            }
        }
        return found
    }

    /// Country spellings come from the basin (basin.json countries and neighbours), not from code.
    static func countries(_ list: [CountrySpellings]) -> [String: String] {
        table(list.map { ($0.iso, [$0.iso] + $0.spellings) })
    }
    static func countryHelp(_ list: [CountrySpellings]) -> String {
        let own = list.filter { !$0.neighbour }
        return own.isEmpty ? "an ISO 3166-1 alpha-2 code (no basin given, so names are not known)" : own.map(\.iso).joined(separator: ", ") + " or the country's name"
    }

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
