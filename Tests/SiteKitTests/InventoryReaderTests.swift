import Foundation
import GeoKit
import XCTest
@testable import SiteKit

func fixture(_ name: String) -> URL {
    guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { fatalError("Fixtures resource missing") }
    return dir.appendingPathComponent(name)
}

func read(_ names: String..., options: InventoryOptions = InventoryOptions(countries: TestBasin.countries)) throws -> InventoryResult {
    let r = try InventoryReader.read(names.map(fixture), options: options)
    XCTAssertTrue(r.isBalanced, "read \(r.recordsRead) != \(r.sites.count) accepted + \(r.rejects.count) rejected")
    return r
}

extension InventoryResult {
    func site(_ id: String) -> Site? { sites.first { $0.id == id } }
    func reject(_ id: String) -> Reject? { rejects.first { $0.id == id } }
}

final class CSVFixtureTests: XCTestCase {
    func testSemicolonDecimalCommaCyrillic() throws {
        let r = try read("semicolon_decimal_comma.csv")
        XCTAssertEqual(r.recordsRead, 4)  // the ';;;;' row is blank, not a record
        XCTAssertEqual(r.sites.map(\.id), ["KG-MS3", "KG-KHD", "TJ-TAB", "KG-BAD"])
        let ms = try XCTUnwrap(r.site("KG-MS3"))
        XCTAssertEqual(ms.name, "Хвостохранилище № 3 «Майлуу-Суу»")
        XCTAssertEqual(ms.kind, .tailings)
        XCTAssertEqual(ms.declaredCountry, "KG")
        XCTAssertEqual(ms.position.lat, 41.282)
        XCTAssertEqual(ms.position.lon, 72.476)
        XCTAssertEqual(ms.attributes["stored_volume_m3"], .number(110_500))
        XCTAssertEqual(ms.attributes["operating_status"], .text("abandoned"))
        XCTAssertEqual(ms.extra.first?.0, "notes")
        XCTAssertEqual(ms.extra.first?.1, "левый берег")
        let kh = try XCTUnwrap(r.site("KG-KHD"))
        XCTAssertEqual(kh.name, "Хайдаркан; ртутный комбинат")
        XCTAssertEqual(kh.attributes["dam_height_m"], .number(25.5))
        XCTAssertEqual(kh.attributes["operating_status"], .text("active"))
        XCTAssertEqual(r.site("TJ-TAB")?.attributes["operating_status"], .text("remediated"))
        XCTAssertEqual(r.site("TJ-TAB")?.declaredCountry, "TJ")
        // A bad optional value (#14 part 3): the site stays, the value is dropped with a warning.
        let bad = try XCTUnwrap(r.site("KG-BAD"))
        XCTAssertEqual(bad.origin, RecordOrigin(file: "semicolon_decimal_comma.csv", line: 6))
        XCTAssertNil(bad.attributes["stored_volume_m3"])
        XCTAssertEqual(bad.warnings, ["stored_volume_m3 '-5': -5 is out of range; expected a volume in m3 >= 0; value ignored, scored as a missing input (stand-in)"])
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("only empty fields") })
    }

    func testBOMCRLFQuotedNewlines() throws {
        let r = try read("bom_crlf.csv")
        XCTAssertEqual(r.recordsRead, 3)
        let alm = try XCTUnwrap(r.site("UZ-ALM"))  // BOM did not stick to the 'id' header
        XCTAssertEqual(alm.name, "Almalyk MMC tailings, \"main\"")
        XCTAssertEqual(alm.source, "UNECE news\r\nsecond line")
        XCTAssertEqual(alm.origin.line, 2)
        XCTAssertEqual(r.site("UZ-YAN")?.origin.line, 4)  // the quoted line break moved it down a line
        XCTAssertEqual(r.site("UZ-YAN")?.declaredCountry, "UZ")
        let bad = try XCTUnwrap(r.reject("UZ-BAD"))
        XCTAssertEqual(bad.origin.line, 5)
        XCTAssertEqual(bad.field, "lat")
        XCTAssertEqual(bad.value, "abc")
        XCTAssertTrue(bad.description.hasPrefix("bom_crlf.csv line 5"), bad.description)
    }

    func testDMSForms() throws {
        let r = try read("dms.csv")
        XCTAssertEqual(r.sites.count, 7)
        let lat = 40 + 30.0 / 60 + 15.0 / 3600, lon = 72 + 28.0 / 60 + 34.0 / 3600
        for s in r.sites {
            XCTAssertEqual(s.position.lat, lat, accuracy: 1e-5, s.id)
            XCTAssertEqual(s.position.lon, lon, accuracy: 1e-5, s.id)
        }
        XCTAssertEqual(r.reject("D8")?.field, "lat")
        XCTAssertTrue(r.reject("D8")?.reason.contains("minutes must be below 60") ?? false)
        XCTAssertTrue(r.reject("D9")?.reason.contains("hemisphere E in a latitude") ?? false, r.reject("D9")?.reason ?? "")
        XCTAssertEqual(r.reject("D9")?.origin.line, 10)
    }

    func testCyrillicHeadersTabDelimited() throws {
        let r = try read("cyrillic_headers.tsv")
        XCTAssertEqual(r.sites.count, 2, r.rejects.description)
        let s = try XCTUnwrap(r.site("KZ-SHY"))
        XCTAssertEqual(s.name, "Шымкентский свинцовый завод, шлаки")
        XCTAssertEqual(s.kind, .other)
        XCTAssertEqual(s.declaredCountry, "KZ")
        XCTAssertEqual(s.position.lat, 42.3)
        XCTAssertEqual(s.extra.map(\.0), ["примечание"])
        XCTAssertEqual(r.site("KZ-KEN")?.declaredCountry, "KZ")
    }

    func testProjectedCoordinates() throws {
        let r = try read("projected.csv")
        XCTAssertEqual(r.recordsRead, 4)
        // UTM 42N on its central meridian (69 E): northing = 0.9996 x meridian arc, computed independently.
        let p1 = try XCTUnwrap(r.site("P1"))
        XCTAssertEqual(p1.position.lon, 69.0, accuracy: 1e-6)
        XCTAssertEqual(p1.position.lat, 41.0, accuracy: 1e-6)
        let p2 = try XCTUnwrap(r.site("P2"))
        XCTAssertEqual(p2.position.lat, 40.5, accuracy: 1e-6)
        let p3 = try XCTUnwrap(r.reject("P3"))
        XCTAssertEqual(p3.field, "crs")
        XCTAssertTrue(p3.reason.contains("EPSG:999999"), p3.reason)
        let p4 = try XCTUnwrap(r.reject("P4"))
        XCTAssertEqual(p4.field, "crs")
        XCTAssertTrue(p4.reason.contains("without a CRS"))
        // The option supplies the CRS when the cell is empty.
        let r2 = try read("projected.csv", options: InventoryOptions(countries: TestBasin.countries, crs: "EPSG:32642"))
        XCTAssertEqual(r2.site("P4")?.position.lat ?? 0, 40.5, accuracy: 1e-4)
    }

    /// The quote opened on line 3 never closes, and line 4 reads as a record of its own: line 3 is rejected
    /// with its raw text and reading resumes at line 4 (#15: before, line 4's site was swallowed into line 3's name).
    func testTruncatedMidQuote() throws {
        let r = try read("truncated_quote.csv")
        XCTAssertEqual(r.recordsRead, 3)
        XCTAssertEqual(r.sites.map(\.id), ["T1", "T3"])
        XCTAssertEqual(r.site("T3")?.origin.line, 4)
        let t2 = try XCTUnwrap(r.reject("T2"))
        XCTAssertEqual(t2.origin.line, 3)
        XCTAssertEqual(t2.field, "name")
        XCTAssertEqual(t2.value, "T2,\"Broken name,tailings,41.1,72.1")
        XCTAssertTrue(t2.reason.contains("quote opened on line 3 does not close before line 4"), t2.reason)
        // Without a record-like line after it, the value runs to the end: every line is still rejected on its own.
        let d = Data("id,name,kind,lat,lon\nT1,Fine,tailings,41.0,72.0\nT2,\"Broken name\nmore text\nand more\n".utf8)
        let u = try InventoryReader.read(data: d, name: "u.csv")
        XCTAssertTrue(u.isBalanced)
        XCTAssertEqual(u.rejects.map { $0.origin.line }, [3, 4, 5])
        XCTAssertTrue(u.rejects[0].reason.contains("never closes, so lines 3–5 were read as one value"), u.rejects[0].reason)
        XCTAssertEqual(u.rejects[1].value, "more text")
    }

    func testWrongTypes() throws {
        let r = try read("wrong_types.csv")
        XCTAssertEqual(r.recordsRead, 9)
        // #14 part 3: only identity rejects (W3's position, W8's name); the other bad values are warnings.
        XCTAssertEqual(r.rejects.map { $0.id ?? "" }, ["W3", "W8"])
        XCTAssertEqual(r.reject("W3")?.field, "lat")
        XCTAssertTrue(r.reject("W3")?.reason.contains("not a finite number") ?? false)
        XCTAssertTrue(r.reject("W8")?.reason.contains("missing name") ?? false)
        let expected: [(String, String, String)] = [
            ("W1", "stored_volume_m3", "not a number"), ("W2", "water_hazard_class", "1, 2 or 3"),
            ("W4", "operating_status", "active, inactive"), ("W5", "dam_height_m", "out of range"),
            ("W6", "protected_areas", "yes or no"), ("W7", "kind", "not recognised (expected tailings (or TMF"),
        ]
        for (id, field, text) in expected {
            let s = try XCTUnwrap(r.site(id), id)
            XCTAssertEqual(s.warnings.count, 1, "\(id): \(s.warnings)")
            XCTAssertTrue(s.warnings[0].hasPrefix(field + " '"), "\(id): \(s.warnings)")
            XCTAssertTrue(s.warnings[0].contains(text), "\(id): \(s.warnings)")
            if field != "kind" { XCTAssertNil(s.attributes[field], id) }
            XCTAssertTrue(s.origin.description.hasPrefix("wrong_types.csv line "), s.origin.description)
        }
        XCTAssertEqual(r.site("W7")?.kind, .other)
        XCTAssertEqual(r.site("W7")?.kindInput, "spaceport")
        let w9 = try XCTUnwrap(r.site("W9"))
        XCTAssertEqual(w9.attributes["stored_volume_m3"], .number(1e6))
        XCTAssertEqual(w9.attributes["water_hazard_class"], .number(3))
        XCTAssertEqual(w9.attributes["operating_status"], .text("inactive"))
        XCTAssertEqual(w9.attributes["protected_areas"], .flag(true))
    }

    func testEmptyHeaderOnlyGarbage() throws {
        let e = try read("empty.csv")
        XCTAssertEqual(e.recordsRead, 0)
        XCTAssertTrue(e.fileWarnings.contains { $0.contains("empty.csv") && $0.contains("empty") })
        let h = try read("header_only.csv")
        XCTAssertEqual(h.recordsRead, 0)
        XCTAssertTrue(h.rejects.isEmpty)
        let g = try read("garbage.bin")
        XCTAssertEqual(g.recordsRead, 1)
        XCTAssertEqual(g.rejects.first?.field, "header")
        XCTAssertTrue(g.rejects.first?.description.hasPrefix("garbage.bin line 1") ?? false)
        XCTAssertTrue(g.rejects.first?.reason.contains("id, name, kind") ?? false)
    }

    func testSwappedAndOutsideExtent() throws {
        let r = try read("swapped_outside.csv", options: InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent))
        XCTAssertEqual(r.sites.map(\.id), ["S4"])
        XCTAssertTrue(r.reject("S1")?.reason.contains("appear swapped") ?? false)
        XCTAssertTrue(r.reject("S2")?.reason.contains("outside the basin's extent [60, 37, 80, 46]") ?? false, r.reject("S2")?.reason ?? "")
        XCTAssertTrue(r.reject("S3")?.reason.contains("lat 95 (expected -90 to 90)") ?? false, r.reject("S3")?.reason ?? "")
        // Without an extent, a latitude beyond 90 whose longitude would be a valid latitude reads as swapped.
        let d = Data("id,name,kind,lat,lon\nS5,Swapped,tailings,120.5,41.2\n".utf8)
        let r5 = try InventoryReader.read(data: d, name: "s5.csv")
        XCTAssertTrue(r5.rejects.first?.reason.contains("appear swapped") ?? false, r5.rejects.first?.reason ?? "")
        XCTAssertEqual(r.reject("S1")?.origin.line, 2)
        // Without an extent S1 is a valid (if odd) position: nothing can tell it is swapped.
        let open = try read("swapped_outside.csv")
        XCTAssertNotNil(open.site("S1"))
    }

    func testDuplicateIDsAcrossFiles() throws {
        let r = try read("dup_a.csv", "dup_b.csv")
        XCTAssertEqual(r.recordsRead, 5)
        XCTAssertEqual(r.sites.map(\.id), ["A1", "A2", "B1"])
        let again = r.rejects.filter { $0.id == "A1" }
        XCTAssertEqual(again.count, 1)
        XCTAssertEqual(again.first?.reason, "duplicate id 'A1' (first at dup_a.csv line 2)")
        XCTAssertEqual(r.reject("A2")?.reason, "duplicate id 'A2' (first at dup_a.csv line 3)")
        XCTAssertEqual(r.reject("A2")?.origin, RecordOrigin(file: "dup_b.csv", line: 2))
    }

    func testInvalidUTF8ReplacedAndWarned() throws {
        let r = try read("invalid_utf8.csv")
        let s = try XCTUnwrap(r.site("U1"))
        XCTAssertTrue(s.name.contains("\u{FFFD}"))
        XCTAssertTrue(s.warnings.contains { $0.contains("invalid UTF-8") })
        let strict = try read("invalid_utf8.csv", options: InventoryOptions(countries: TestBasin.countries, strict: true))
        XCTAssertEqual(strict.rejects.count, 1)
        XCTAssertTrue(strict.rejects[0].reason.contains("strict"))
    }

    func testMissingFileThrowsNamingPath() {
        let url = URL(fileURLWithPath: "/nonexistent/inventory.csv")
        XCTAssertThrowsError(try InventoryReader.read([url])) { e in
            XCTAssertTrue("\(e)".contains("/nonexistent/inventory.csv"))
        }
    }

    func testMissingColumnRejectsEveryRow() throws {
        let data = Data("id,name,lat,lon\nX1,No kind,41,72\nX2,No kind either,41,72\n".utf8)
        let r = try InventoryReader.read(data: data, name: "nokind.csv", format: .csv)
        XCTAssertEqual(r.recordsRead, 2)
        XCTAssertEqual(r.rejects.count, 2)
        XCTAssertTrue(r.rejects[0].reason.contains("no column for kind"), r.rejects[0].reason)
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("no column for kind") })
    }

    func testTooManyFieldsRejected() throws {
        let data = Data("id;name;kind;lat;lon\nX1;Name; with semicolon;tailings;41;72\n".utf8)
        let r = try InventoryReader.read(data: data, name: "shift.csv", format: .csv)
        XCTAssertEqual(r.rejects.count, 1)
        XCTAssertTrue(r.rejects[0].reason.contains("6 fields but the header has 5"), r.rejects[0].reason)
    }

    func testSubstancesSyntax() throws {
        let data = Data("id,name,kind,lat,lon,substances\nC1,Store,chemical,41,72,\"cyanide:120:3; lead:40,5:2\"\nC2,Store,chemical,41,72,\"cyanide:many:3\"\n".utf8)
        let r = try InventoryReader.read(data: data, name: "subst.csv", format: .csv)
        // comma-delimited: "40,5" is not a decimal comma, so C1's second entry is malformed; a bad
        // substances cell is dropped with a warning (#14 part 3), the sites stay.
        XCTAssertEqual(r.rejects.count, 0)
        for id in ["C1", "C2"] {
            XCTAssertEqual(r.site(id)?.substances, [], id)
            XCTAssertTrue(r.site(id)?.warnings.first?.hasPrefix("substances '") ?? false, id)
        }
        let semi = Data("id;name;kind;lat;lon;substances\nC1;Store;chemical;41;72;cyanide:120:3; lead:40,5:2\nC3;S;plant;41;72;diesel:5:nwg\n".utf8)
        let r2 = try InventoryReader.read(data: semi, name: "subst2.csv", format: .csv)
        XCTAssertEqual(r2.rejects.count, 1, "unquoted ';' inside the cell splits it: rejected, not misread")
        let quoted = Data("id;name;kind;lat;lon;substances\nC1;Store;chemical;41;72;\"cyanide:120:3; lead:40,5:2\"\nC3;S;plant;41;72;diesel:5:nwg\n".utf8)
        let r3 = try InventoryReader.read(data: quoted, name: "subst3.csv", format: .csv)
        XCTAssertEqual(r3.site("C1")?.substances, [Substance(name: "cyanide", tonnes: 120, waterHazardClass: 3), Substance(name: "lead", tonnes: 40.5, waterHazardClass: 2)])
        XCTAssertEqual(r3.site("C3")?.substances, [Substance(name: "diesel", tonnes: 5, waterHazardClass: nil)])
    }

    func testDecimalCommaInCommaFileExplained() throws {
        let data = Data("id,name,kind,lat,lon,stored_volume_m3\nQ1,Quoted comma,tailings,\"41,282\",72.4,\"110,5\"\n".utf8)
        let r = try InventoryReader.read(data: data, name: "comma.csv")
        XCTAssertEqual(r.rejects.count, 1)
        XCTAssertEqual(r.rejects[0].field, "lat")
        XCTAssertTrue(r.rejects[0].reason.contains("decimal comma is read only"), r.rejects[0].reason)
        XCTAssertTrue(r.rejects[0].reason.contains("stored_volume_m3 '110,5'"), r.rejects[0].reason)  // all problems listed
    }

    func testTitleLineAboveHeaderSkipped() throws {
        let data = Data("Inventory of TMFs, 2023\nid,name,kind,lat,lon\nZ1,Site,tailings,41,72\n".utf8)
        let r = try InventoryReader.read(data: data, name: "title.csv")
        XCTAssertEqual(r.sites.first?.origin.line, 3)
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("line(s) 1") })
    }
}

final class GeoJSONFixtureTests: XCTestCase {
    func testFeatures() throws {
        let r = try read("sites.geojson")
        XCTAssertEqual(r.recordsRead, 8)
        XCTAssertEqual(r.sites.map(\.id), ["G1", "G2", "G5", "G6", "G7"])
        let g1 = try XCTUnwrap(r.site("G1"))
        XCTAssertEqual(g1.position, Coordinate(lon: 72.476, lat: 41.282))
        XCTAssertEqual(g1.attributes["water_hazard_class"], .number(2))
        XCTAssertEqual(g1.extra.map(\.0), ["operator", "опасность"])
        XCTAssertEqual(g1.extra.first?.1, "{\"name\":\"X\"}")
        XCTAssertEqual(g1.origin.description, "sites.geojson feature 0")
        let g2 = try XCTUnwrap(r.site("G2"))
        XCTAssertEqual(g2.name, "Плотина")
        XCTAssertEqual(g2.positionPrecision, "footprint")
        XCTAssertNotNil(g2.footprint)
        XCTAssertTrue(g2.position.lon > 72.0 && g2.position.lon < 72.1 && g2.position.lat > 41.0 && g2.position.lat < 41.1)
        XCTAssertTrue(g2.warnings.isEmpty)
        let g3 = try XCTUnwrap(r.reject("G3"))
        XCTAssertEqual(g3.field, "geometry")
        XCTAssertTrue(g3.description.hasPrefix("sites.geojson feature 2"), g3.description)
        XCTAssertTrue(g3.reason.contains("null"))
        XCTAssertTrue(r.reject("G4")?.reason.contains("LineString") ?? false)
        XCTAssertEqual(r.site("G5")?.substances.count, 2)
        XCTAssertEqual(r.site("G5")?.substances.last, Substance(name: "lead", tonnes: 40.5, waterHazardClass: 2))
        let g6 = try XCTUnwrap(r.site("G6"))
        XCTAssertEqual(g6.footprint?.exterior.first, Coordinate(x: 71, y: 40))  // the larger part
        XCTAssertEqual(r.site("G7")?.substances, [])
        XCTAssertEqual(r.site("G7")?.warnings, ["substances '[{\"name\":\"x\",\"tonnes\":-1}]': item 0 ('x'): 'tonnes' must be a number >= 0; value ignored, scored as a missing input (stand-in)"])
        XCTAssertEqual(r.reject("G8")?.origin.feature, 7)
    }

    func testTruncatedGeoJSON() throws {
        let r = try read("truncated.geojson")
        XCTAssertEqual(r.recordsRead, 1)
        XCTAssertTrue(r.rejects[0].reason.contains("not valid JSON"), r.rejects[0].reason)
        XCTAssertTrue(r.rejects[0].description.hasPrefix("truncated.geojson"))
    }
}

final class ExampleInventoryTests: XCTestCase {
    /// Basins/syr-darya/sites.csv must read cleanly: a typo there would silently misplace a site on the map.
    func testSyrDaryaExampleInventoryReadsCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Basins/syr-darya/sites.csv")
        let r = try InventoryReader.read([url], options: InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent, strict: true))
        XCTAssertTrue(r.isBalanced)
        XCTAssertEqual(r.rejects.map(\.description), [])
        XCTAssertGreaterThanOrEqual(r.sites.count, 12)
        for s in r.sites {
            XCTAssertNotNil(s.positionPrecision, s.id)
            XCTAssertFalse(s.source?.isEmpty ?? true, s.id)
            XCTAssertNotNil(s.declaredCountry, s.id)
        }
        XCTAssertEqual(r.site("KG-MS-T3")?.attributes["stored_volume_m3"], .number(110_500))
        XCTAssertEqual(r.site("TJ-TAB")?.attributes["operating_status"], .text("remediated"))
        XCTAssertEqual(r.site("KZ-SHY-PB")?.substances, [Substance(name: "lead-zinc slag", tonnes: 2_000_000)])
        XCTAssertEqual(r.site("TJ-ADR")?.source?.contains("40°38'54\"N"), true)
    }
}
