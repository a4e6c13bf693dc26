import Foundation
import GeoKit
import XCTest
@testable import SiteKit

/// Issue #14 part 5: headers matched the way people write them; --columns; did-you-mean; repeated columns.
final class HeaderMatchTests: XCTestCase {
    func field(_ h: String) -> String? { ColumnTable.builtIn.field(h)?.canonical }

    func testTheAliasTableIsLoadedFromItsDataFileAndConsistent() {
        let t = ColumnTable.builtIn
        XCTAssertNil(t.problem, t.problem ?? "")
        XCTAssertEqual(t.conflicts, [])
        XCTAssertGreaterThan(t.byKey.count, 100)  // the fallback knows only the 23 canonical names
        // Every field's canonical name is known, and the file's aliases reach the messages.
        for f in Field.allCases { XCTAssertEqual(t.field(f.canonical), f, f.canonical) }
        XCTAssertTrue(Field.seismicMSK.aliases.contains("сейсмичность"))
    }

    func testHeaderVariantsFromMinistryTables() {
        let cases: [(String, String)] = [
            ("Сейсмичность, баллы", "seismic_intensity_msk"), ("Сейсмичность (баллы MSK-64)", "seismic_intensity_msk"),
            ("Состояние", "dam_condition"), ("Статус объекта", "operating_status"), ("СТАТУС", "operating_status"),
            ("Код объекта", "id"), ("Широта, град.", "lat"), ("Долгота, град.", "lon"), ("широта (с.ш.)", "lat"),
            ("Объём, тыс. м3", "stored_volume_m3"), ("Объем хвостов (м³)", "stored_volume_m3"), ("ОБЪЁМ", "stored_volume_m3"),
            ("Наименование объекта", "name"), ("Вид объекта", "kind"), ("Тип объекта", "kind"), ("Высота дамбы, м", "dam_height_m"),
            ("Население ниже по течению, чел.", "population_downstream"), ("Stored volume (m3)", "stored_volume_m3"),
            ("Site name", "name"), ("site_type", "kind"), ("Name of the site", "name"), ("Latitude, deg", "lat"),
            ("dam height m", "dam_height_m"), ("Объём (на 01.01.2023), тыс. м3", "stored_volume_m3"), ("  lat  ", "lat"),
        ]
        for (h, f) in cases { XCTAssertEqual(field(h), f, h) }
        XCTAssertNil(field("Примечание"))
        XCTAssertNil(field("№ п/п"))
        XCTAssertEqual(ColumnTable.builtIn.key("Объём (на 01.01.2023), тыс. м3").unit, "тыс. м3")
        XCTAssertEqual(ColumnTable.builtIn.key("Сейсмичность, баллы").unit, "баллы")
    }

    func testMinistryHeaderReadsEveryColumn() throws {
        let data = Data("Код объекта;Наименование;Вид объекта;Широта, град.;Долгота, град.;Сейсмичность, баллы;Состояние;Статус объекта;Объём, млн м3\nA1;Хвостохранилище;хвостохранилище;41,28;72,47;8;аварийное;бесхозный;1,25\n".utf8)
        let r = try InventoryReader.read(data: data, name: "m.csv")
        let s = try XCTUnwrap(r.site("A1"), r.rejects.description)
        XCTAssertEqual(s.attributes["seismic_intensity_msk"], .number(8))
        XCTAssertEqual(s.attributes["dam_condition"], .text("critical"))
        XCTAssertEqual(s.attributes["operating_status"], .text("abandoned"))
        XCTAssertEqual(s.attributes["stored_volume_m3"], .number(1_250_000))
        XCTAssertTrue(s.extra.isEmpty, s.extra.description)
        XCTAssertEqual(r.fileWarnings, [])
    }

    func testConditionColumnHoldingStatusesSaysSo() throws {
        let data = Data("id;name;kind;lat;lon;Состояние;Объём, всего\nA1;Site;tailings;41;72;действующее;5\n".utf8)
        let r = try InventoryReader.read(data: data, name: "st.csv")
        let s = try XCTUnwrap(r.site("A1"))
        XCTAssertNil(s.attributes["dam_condition"])
        XCTAssertTrue(s.warnings.first?.contains("it reads as operating status 'active': map the column to operating_status with --columns") ?? false, s.warnings.description)
        // "всего" is not a unit: said once for the file, the cells read in m3.
        XCTAssertEqual(s.attributes["stored_volume_m3"], .number(5))
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("'всего' is not a unit BasinMap reads; cells without their own unit are read in m3") }, r.fileWarnings.description)
    }

    func testDidYouMean() throws {
        let data = Data("id,name,kind,lat,lon,seismic_intensty_msk,Сейсмичнсть,colour\nA1,Site,tailings,41,72,8,7,red\n".utf8)
        let r = try InventoryReader.read(data: data, name: "typo.csv")
        let w = r.fileWarnings.joined(separator: "\n")
        XCTAssertTrue(w.contains("unknown column 6 'seismic_intensty_msk' kept as an extra column; did you mean seismic_intensity_msk?"), w)
        XCTAssertTrue(w.contains("column 7 'Сейсмичнсть'"), w)
        XCTAssertFalse(w.contains("colour"), w)
        XCTAssertEqual(r.site("A1")?.extra.map(\.0), ["seismic_intensty_msk", "Сейсмичнсть", "colour"])
        XCTAssertEqual(ColumnTable.builtIn.suggestion(for: "Долгта")?.canonical, "lon")
        XCTAssertEqual(ColumnTable.builtIn.suggestion(for: "Сейсмичность площадки по ОСР-97")?.canonical, "seismic_intensity_msk")
        XCTAssertNil(ColumnTable.builtIn.suggestion(for: "operator"))
    }

    func testRepeatedFieldWarnsNamingBothColumns() throws {
        let data = Data("id,name,kind,Широта,lon,lat\nA1,Site,tailings,41.5,72,41.6\n".utf8)
        let r = try InventoryReader.read(data: data, name: "twice.csv")
        XCTAssertEqual(r.site("A1")?.position.lat, 41.5)
        XCTAssertEqual(r.site("A1")?.extra.first?.0, "lat")
        XCTAssertTrue(r.fileWarnings.contains("twice.csv: column 4 'Широта' and column 6 'lat' both map to lat; column 4 'Широта' is used and column 6 'lat' is kept as an extra column (map one elsewhere with --columns)"), r.fileWarnings.description)
    }

    func testColumnsMappingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("columns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let map = dir.appendingPathComponent("columns.json")
        try Data(#"{"Шифр": "id", "Объект ХХ": "name", "Категория опасности": null, "Мощность, тыс. м3": "stored_volume_m3", "Категория": "kind"}"#.utf8).write(to: map)
        let mapping = try ColumnMapping.load(map)
        let data = Data("Шифр;Объект ХХ;Категория;Категория опасности;lat;lon;Мощность, тыс. м3\nQ1;Хвостохранилище;TMF;I;41;72;12\n".utf8)
        let r = try InventoryReader.read(data: data, name: "own.csv", options: InventoryOptions(countries: TestBasin.countries, columns: mapping))
        let s = try XCTUnwrap(r.site("Q1"), r.rejects.description)
        XCTAssertEqual(s.name, "Хвостохранилище")
        XCTAssertEqual(s.attributes["stored_volume_m3"], .number(12_000))
        XCTAssertEqual(s.extra.map(\.0), ["Категория опасности"])
        // Without the mapping the file has no id column: every row rejected.
        XCTAssertEqual(try InventoryReader.read(data: data, name: "own.csv").sites.count, 0)
        // A mapping naming no field is a clear error.
        try Data(#"{"Шифр": "identifier-ish"}"#.utf8).write(to: map)
        XCTAssertThrowsError(try ColumnMapping.load(map)) { e in
            XCTAssertTrue("\(e)".contains("'identifier-ish', which is not a field"), "\(e)")
        }
        try Data("[1]".utf8).write(to: map)
        XCTAssertThrowsError(try ColumnMapping.load(map))
    }

    func testHeaderWorkIsLinearInColumns() throws {
        // 20,000 unknown columns: header matching and the bounded suggestion search stay fast.
        var header = "id,name,kind,lat,lon"
        for i in 0..<20_000 { header += ",extra_\(i)" }
        let data = Data((header + "\nA1,Site,tailings,41,72\n").utf8)
        let t0 = Date()
        let r = try InventoryReader.read(data: data, name: "wide.csv")
        XCTAssertEqual(r.sites.count, 1)
        XCTAssertLessThan(Date().timeIntervalSince(t0), 20, "header work must not be quadratic in columns")
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("further unknown columns not compared") }, r.fileWarnings.suffix(3).description)
    }

    func testGeoJSONPropertiesMatchTheSameWay() throws {
        let json = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"Код объекта":"J1","Наименование":"Отвал","Вид объекта":"отвал","Сейсмичность, баллы":"VIII","Обьём":"1"},"geometry":{"type":"Point","coordinates":[72,41]}},{"type":"Feature","properties":{"Код объекта":"J2","Наименование":"Отвал 2","Вид объекта":"отвал","Обьём":"2","substances":[{"name":"x","tonnes":-1}]},"geometry":{"type":"Point","coordinates":[72,41]}}]}"#
        let r = try InventoryReader.read(data: Data(json.utf8), name: "j.geojson")
        XCTAssertEqual(r.site("J1")?.attributes["seismic_intensity_msk"], .number(8))
        XCTAssertEqual(r.site("J1")?.kindDetail, "waste_rock_dump")
        XCTAssertEqual(r.fileWarnings.filter { $0.contains("did you mean stored_volume_m3") }.count, 1, r.fileWarnings.description)
        // A bad substances array is a warning now: the site stays.
        XCTAssertTrue(r.site("J2")?.warnings.contains { $0.contains("'tonnes' must be a number >= 0") } ?? false)
    }
}
