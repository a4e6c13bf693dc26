import Foundation
import GeoKit
import XCTest
@testable import SiteKit

/// Issue #14 part 3: only identity rejects; a bad optional value is a warning and the site stays.
final class RecordValueTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let ministry = root.appendingPathComponent("Tests/Fixtures/ministry-inventory.csv")

    func readMinistry(strict: Bool = false) throws -> InventoryResult {
        let r = try InventoryReader.read([Self.ministry], options: InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent, strict: strict))
        XCTAssertTrue(r.isBalanced)
        return r
    }

    func testMinistryInventoryKeepsEverySiteWithAnIdentity() throws {
        let r = try readMinistry()
        XCTAssertEqual(r.recordsRead, 19)
        // Only identity problems reject: no position (Charkesar-2), no name, a repeated id.
        XCTAssertEqual(r.rejects.map { $0.origin.line! }, [15, 20, 21], r.rejects.description)
        XCTAssertEqual(r.rejects.map { $0.field ?? "-" }, ["lat", "name", "id"])
        XCTAssertEqual(r.sites.count, 16)
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("line(s) 1 above the header") }, r.fileWarnings.description)
    }

    func testMagnitudeWordsAndHeaderUnits() throws {
        let r = try readMinistry()
        // "110,5" in a column headed "Объём, тыс. м3".
        XCTAssertEqual(r.site("KG-MS-T3")?.attributes["stored_volume_m3"], .number(110_500))
        XCTAssertEqual(r.site("KG-KDJ")?.attributes["stored_volume_m3"], .number(2_592_000))
        // "2,6 млн": the cell's own magnitude wins over the header's, and the warning says so.
        let yan = try XCTUnwrap(r.site("UZ-YAN"))
        XCTAssertEqual(yan.attributes["stored_volume_m3"], .number(2_600_000))
        XCTAssertTrue(yan.warnings.contains { $0.contains("gives its own unit") }, yan.warnings.description)
        // "более 2 млн м3": a lower bound, read as written and said.
        let all = try XCTUnwrap(r.site("KG-MS-ALL"))
        XCTAssertEqual(all.attributes["stored_volume_m3"], .number(2_000_000))
        XCTAssertTrue(all.warnings.contains { $0.contains("lower bound") }, all.warnings.description)
        // "25 тыс." people; "IX", "8 баллов", "7-8" (the higher value, said).
        XCTAssertEqual(r.site("KG-MS-T3")?.attributes["population_downstream"], .number(25_000))
        XCTAssertEqual(r.site("KG-MS-T3")?.attributes["seismic_intensity_msk"], .number(9))
        XCTAssertEqual(r.site("KG-KDJ")?.attributes["seismic_intensity_msk"], .number(8))
        let deg = try XCTUnwrap(r.site("TJ-DEG"))
        XCTAssertEqual(deg.attributes["seismic_intensity_msk"], .number(8))
        XCTAssertTrue(deg.warnings.contains { $0.contains("is a range; the higher intensity 8 is used") }, deg.warnings.description)
        XCTAssertEqual(deg.attributes["dam_height_m"], .number(40))
        // "Состояние" is the dam's condition; DMS positions.
        XCTAssertEqual(r.site("KG-MS-T3")?.attributes["dam_condition"], .text("poor"))
        XCTAssertEqual(r.site("KG-MS-T3")?.position.lat ?? 0, 41.28194, accuracy: 1e-4)
        XCTAssertEqual(r.site("KG-SUM")?.position.lon ?? 0, 71.31, accuracy: 1e-9)
        // Substances with a magnitude and a unit.
        XCTAssertEqual(r.site("KZ-SHY-PB")?.substances, [Substance(name: "свинцово-цинковый шлак", tonnes: 2_000_000)])
    }

    func testUnparseableOptionalValuesWarnAndTheSiteStays() throws {
        let r = try readMinistry()
        // A mass in the volume column: dropped with a warning naming field and value; the site is kept.
        let khd = try XCTUnwrap(r.site("KG-KHD"))
        XCTAssertNil(khd.attributes["stored_volume_m3"])
        let w = try XCTUnwrap(khd.warnings.first { $0.hasPrefix("stored_volume_m3 '3 923,9 тыс. т'") }, khd.warnings.description)
        XCTAssertTrue(w.contains("is a mass, not a volume"), w)
        XCTAssertTrue(w.contains("scored as a missing input (stand-in)"), w)
        XCTAssertEqual(khd.origin.line, 4)
        // A fractional population is rounded, with a warning.
        XCTAssertEqual(khd.attributes["population_downstream"], .number(1201))
        XCTAssertTrue(khd.warnings.contains { $0.contains("population_downstream '1200.5' is not a whole number; rounded to 1201") }, khd.warnings.description)
        XCTAssertNil(r.site("KG-SUM")?.attributes["stored_volume_m3"])
        // An operating status the vocabulary does not know.
        let adr = try XCTUnwrap(r.site("TJ-ADR"))
        XCTAssertNil(adr.attributes["operating_status"])
        XCTAssertTrue(adr.warnings.contains { $0.hasPrefix("operating_status 'в стадии закрытия': not recognised") }, adr.warnings.description)
    }

    func testKindTextIsKeptAndMapped() throws {
        let r = try readMinistry()
        XCTAssertEqual(r.site("KZ-KEN")?.kind, .other)
        XCTAssertEqual(r.site("KZ-KEN")?.kindInput, "рудник")
        XCTAssertEqual(r.site("KZ-KEN")?.kindDetail, "mine")
        XCTAssertEqual(r.site("KZ-SHY-PB")?.kindDetail, "slag_heap")
        XCTAssertEqual(r.site("KZ-SHY-PB")?.kindInput, "шлакоотвал")
        XCTAssertEqual(r.site("KG-SHK")?.kindDetail, "waste_rock_dump")
        XCTAssertEqual(r.site("UZ-ALM-SM")?.kindDetail, "smelter")
        XCTAssertEqual(r.site("KG-KUM")?.kind, .tailings)
        XCTAssertEqual(r.site("KG-KUM")?.kindInput, "TMF")
        // A tailings word inside a longer text decides, with a warning.
        let all = try XCTUnwrap(r.site("KG-MS-ALL"))
        XCTAssertEqual(all.kind, .tailings)
        XCTAssertTrue(all.warnings.contains { $0.contains("read as tailings (tailings) from the word 'хвостохранилища'") }, all.warnings.description)
        // Present but unrecognised: kept as other, never dropped, the text kept.
        let yan = try XCTUnwrap(r.site("UZ-YAN"))
        XCTAssertEqual(yan.kind, .other)
        XCTAssertNil(yan.kindDetail)
        XCTAssertEqual(yan.kindInput, "урановое наследие")
        XCTAssertTrue(yan.warnings.contains { $0.hasPrefix("kind 'урановое наследие' not recognised") }, yan.warnings.description)
    }

    func testStrictRejectsEveryRecordWithAWarning() throws {
        let lax = try readMinistry()
        let strict = try readMinistry(strict: true)
        let warned = lax.sites.filter { !$0.warnings.isEmpty }.map(\.id)
        XCTAssertFalse(warned.isEmpty)
        XCTAssertEqual(strict.sites.count, lax.sites.count - warned.count)
        for id in warned { XCTAssertTrue(strict.rejects.contains { $0.id == id && $0.reason.contains("strict mode") }, id) }
    }

    func testNoDataMarksAreEmptyNotErrors() throws {
        let data = Data("id;name;kind;lat;lon;stored_volume_m3;dam_height_m;population_downstream\nN1;Site;tailings;41;72;н/д;—;нет данных\n".utf8)
        let r = try InventoryReader.read(data: data, name: "nodata.csv")
        let s = try XCTUnwrap(r.site("N1"))
        XCTAssertEqual(s.warnings, [])
        XCTAssertNil(s.attributes["stored_volume_m3"])
        XCTAssertNil(s.attributes["dam_height_m"])
        XCTAssertNil(s.attributes["population_downstream"])
    }

    func testEmptyOrMissingKindStillRejects() throws {
        let data = Data("id,name,kind,lat,lon\nK1,No kind,,41,72\nK2,Spaces,  ,41,72\nK3,Spaceport,космодром,41,72\n".utf8)
        let r = try InventoryReader.read(data: data, name: "kinds.csv")
        XCTAssertEqual(r.rejects.map(\.id), ["K1", "K2"])
        XCTAssertTrue(r.rejects.allSatisfy { $0.field == "kind" && $0.reason.contains("missing kind") })
        XCTAssertEqual(r.site("K3")?.kind, .other)
        XCTAssertEqual(r.site("K3")?.kindInput, "космодром")
    }

    func testQuantityReading() {
        func v(_ s: String, _ d: QuantityKind, dc: Bool = true, header: String? = nil) -> Double? {
            try? Quantity.parse(s, d, decimalComma: dc, headerUnit: header).get().value
        }
        XCTAssertEqual(v("2,6 млн", .volume), 2_600_000)
        XCTAssertEqual(v("2,6 млн", .volume, dc: false), 2_600_000)  // quoted in a comma file: unambiguous
        XCTAssertNil(v("2,600 тыс.", .volume, dc: false))            // decimal or thousands? refused
        XCTAssertEqual(v("2,600,000 m3", .volume, dc: false), 2_600_000)
        XCTAssertEqual(v("1,2 км³", .volume), 1.2e9)
        XCTAssertEqual(v("0,5 km3", .volume), 5e8)
        XCTAssertEqual(v("3 млрд", .volume), 3e9)
        XCTAssertEqual(v("12 thousand", .count), 12_000)
        XCTAssertEqual(v("1.5 million m3", .volume), 1_500_000)
        XCTAssertEqual(v("110 500 м3", .volume), 110_500)
        XCTAssertEqual(v("4,5 млн т", .mass), 4_500_000)
        XCTAssertEqual(v("3 923,9 тыс. т", .mass), 3_923_900)
        XCTAssertEqual(v("36 Мт", .mass), 36_000_000)
        XCTAssertEqual(v("2 592", .volume, header: "тыс. м3"), 2_592_000)
        XCTAssertEqual(v("40 м", .length), 40)
        XCTAssertEqual(v("0,3 g", .acceleration) ?? 0, 2.941995, accuracy: 1e-9)
        XCTAssertEqual(v("250 см/с2", .acceleration) ?? 0, 2.5, accuracy: 1e-12)
        XCTAssertNil(v("4,5 млн т", .volume))
        XCTAssertNil(v("lots", .volume))
        XCTAssertNil(v("12 bbl", .volume))
        if case .failure(let e) = Quantity.parse("4,5 млн т", .volume, decimalComma: true) {
            XCTAssertTrue(e.message.contains("a mass, not a volume"), e.message)
        } else { XCTFail("a mass must not become a volume") }
        XCTAssertEqual(try? Quantity.intensity("VII–VIII", decimalComma: true, headerUnit: nil).get().value, 8)
        XCTAssertEqual(try? Quantity.intensity("8 баллов", decimalComma: true, headerUnit: "баллы").get().value, 8)
        XCTAssertNil(try? Quantity.intensity("сильная", decimalComma: true, headerUnit: nil).get())
    }
}
