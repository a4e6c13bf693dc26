import Foundation
import GeoKit

// basin.json's basin knowledge beyond layers and hydrology: country names, the map's inset and texts,
// and the build's boxes, enclaves and lakes to name. Every error names basin.json and the field path.

extension FieldReader {
    func has(_ key: String) -> Bool { members.contains { $0.0 == key } }

    /// `[min_lon, min_lat, max_lon, max_lat]` in degrees, min < max.
    func box(_ key: String) throws -> Envelope {
        let a = try array(key)
        let e = a.compactMap(\.doubleValue)
        guard a.count == 4, e.count == 4, e.allSatisfy(\.isFinite), e[0] < e[2], e[1] < e[3],
              e[0] >= -180, e[2] <= 180, e[1] >= -90, e[3] <= 90 else {
            throw fail(key, "expected [min_lon, min_lat, max_lon, max_lat] with min < max, in degrees")
        }
        return Envelope(minX: e[0], minY: e[1], maxX: e[2], maxY: e[3])
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).enumerated().map { i, v in
            guard let s = v.stringValue else { throw fail("\(key)[\(i)]", "expected a string, found \(v.typeName)") }
            return s
        }
    }

    func objects(_ key: String) throws -> [FieldReader] {
        try array(key).enumerated().map { i, v in
            guard let o = v.objectValue else { throw fail("\(key)[\(i)]", "expected an object, found \(v.typeName)") }
            return FieldReader(file: file, feature: feature, members: o, path: path + "\(key)[\(i)].")
        }
    }

    func point() throws -> Coordinate {
        let c = Coordinate(lon: try double("lon"), lat: try double("lat"))
        guard abs(c.lon) <= 180, abs(c.lat) <= 90 else { throw fail("lon", "expected lon -180..180 and lat -90..90, found \(c)") }
        return c
    }
}

enum BasinSpecReader {
    static func iso(_ r: FieldReader, _ key: String = "iso") throws -> String {
        let iso = try r.string(key)
        guard iso.count == 2, iso.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw r.fail(key, "expected an ISO 3166-1 alpha-2 code (two capital letters), found '\(iso)'")
        }
        return iso
    }

    /// Optional `name_ru` and `aliases` of a country entry.
    static func names(_ r: FieldReader) throws -> (nameRu: String?, aliases: [String]) {
        (r.has("name_ru") ? try r.optionalString("name_ru") : nil, r.has("aliases") ? try r.strings("aliases") : [])
    }

    static func neighbours(_ r: FieldReader, basin: [CountryInfo]) throws -> [CountryNames] {
        guard r.has("neighbours") else { return [] }
        var out: [CountryNames] = []
        for n in try r.objects("neighbours") {
            let iso = try iso(n)
            guard !basin.contains(where: { $0.iso == iso }), !out.contains(where: { $0.iso == iso }) else { throw n.fail("iso", "\(iso) listed twice") }
            let (ru, aliases) = try names(n)
            out.append(CountryNames(iso: iso, name: try n.string("name"), nameRu: ru, aliases: aliases))
        }
        return out
    }

    static func map(_ r: FieldReader) throws -> MapSpec {
        guard r.has("map") else { return MapSpec() }
        let m = try r.object("map")
        var spec = MapSpec()
        if m.has("inset") {
            let i = try m.object("inset")
            spec.inset = InsetSpec(box: try i.box("box"), title: try i.string("title"), note: try i.string("note"),
                                   legend: try i.string("legend"), labelsNote: try i.string("labels_note"))
        }
        if m.has("labelled_rivers") { spec.labelledRivers = try m.strings("labelled_rivers") }
        if m.has("historical_lake_label") { spec.historicalLakeLabel = try m.strings("historical_lake_label") }
        if m.has("historical_lake_legend") { spec.historicalLakeLegend = try m.string("historical_lake_legend") }
        if m.has("translations") {
            let t = try m.object("translations")
            for (code, _) in t.members {
                let table = try t.object(code)
                var words: [String: String] = [:]
                for (english, _) in table.members { words[english] = try table.string(english) }
                spec.translations[code] = words
            }
        }
        return spec
    }

    /// basin.json "build", needed by `basinmap basin build` only.
    static func build(directory: URL, metadata: BasinMetadata) throws -> BuildSpec {
        let file = BasinMetadataReader.file
        let data = try BasinLoader.data(directory.appendingPathComponent(file), name: file)
        guard let members = (try? JSON.parse(data))?.objectValue else { throw BasinLoadError(file: file, "expected a JSON object at the top") }
        let top = FieldReader(file: file, feature: nil, members: members)
        let b = try top.object("build")
        let isos = Set(metadata.countries.map(\.iso))
        func basinISO(_ r: FieldReader, _ key: String) throws -> String {
            let c = try iso(r, key)
            guard isos.contains(c) else { throw r.fail(key, "\(c) is not one of the basin's countries (\(isos.sorted().joined(separator: ", ")))") }
            return c
        }
        let clips = try (b.has("country_clips") ? b.objects("country_clips") : []).map { c in (iso: try basinISO(c, "iso"), box: try c.box("box")) }
        var pairs: [(String, String)] = []
        if b.has("border_pairs") {
            for (i, p) in try b.array("border_pairs").enumerated() {
                let s = p.arrayValue?.compactMap(\.stringValue) ?? []
                guard s.count == 2, s[0] < s[1], isos.contains(s[0]), isos.contains(s[1]) else {
                    throw b.fail("border_pairs[\(i)]", "expected two of the basin's ISO codes in ascending order, e.g. [\"AA\", \"BB\"]")
                }
                pairs.append((s[0], s[1]))
            }
        } else {
            let s = isos.sorted()
            for i in s.indices { for j in s.indices where j > i { pairs.append((s[i], s[j])) } }
        }
        let enclaves = try (b.has("enclaves") ? b.objects("enclaves") : []).map { e -> EnclaveSpec in
            let src = try e.string("source")
            guard let source = EnclaveSpec.Source(rawValue: src) else { throw e.fail("source", "expected \"dcw\" (in the DCW polygons) or \"wdbii\" (added from a WDBII border loop), found '\(src)'") }
            return EnclaveSpec(name: try e.string("name"), owner: try basinISO(e, "owner"), host: try basinISO(e, "host"), search: try e.point(), source: source)
        }
        let lakes = try (b.has("known_lakes") ? b.objects("known_lakes") : []).map { l -> KnownLake in
            let k = try l.string("kind")
            guard let kind = LakeKind(rawValue: k) else { throw l.fail("kind", "expected \"lake\", \"reservoir\" or \"historical\", found '\(k)'") }
            return KnownLake(name: try l.string("name"), kind: kind, point: try l.point())
        }
        let ea = try b.string("equal_area_projection")
        do { _ = try Projection(from: "EPSG:4326", to: ea) } catch { throw b.fail("equal_area_projection", "PROJ cannot use '\(ea)': \(error)") }
        return BuildSpec(box: try b.box("box"), shoreBox: try b.box("shore_box"), countryClips: clips, borderPairs: pairs,
                         enclaves: enclaves, knownLakes: lakes, equalAreaProjection: ea)
    }
}
