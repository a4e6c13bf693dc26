import Foundation
import GeoKit
import XCTest
@testable import SiteKit

/// Real Cyrillic text (Fixtures/ru_inventory.csv) transcoded with iconv into each encoding an inventory
/// arrives in (see Fixtures/ENCODINGS.md): every one reads back to the same sites as the UTF-8 original.
final class EncodingTests: XCTestCase {
    func reference() throws -> InventoryResult {
        let r = try read("ru_inventory.csv")
        XCTAssertEqual(r.sites.map(\.id), ["KG-MS3", "KG-KHD", "TJ-TAB", "UZ-YAN", "KZ-SHY"], r.rejects.description)
        XCTAssertEqual(r.site("KZ-SHY")?.name, "Шымкентский свинцовый завод, шлаки")
        XCTAssertEqual(r.site("UZ-YAN")?.attributes["operating_status"], .text("inactive"))  // законсервирован
        XCTAssertTrue(r.fileWarnings.contains { $0.contains("line(s) 1 above the header on line 2 skipped") }, r.fileWarnings.description)
        return r
    }

    func assertSame(_ r: InventoryResult, _ ref: InventoryResult, _ label: String) {
        XCTAssertEqual(r.sites.map(\.id), ref.sites.map(\.id), label)
        XCTAssertEqual(r.sites.map(\.name), ref.sites.map(\.name), label)
        XCTAssertEqual(r.sites.map(\.origin.line), ref.sites.map(\.origin.line), label)
        XCTAssertEqual(r.sites.map { $0.extra.map(\.1) }, ref.sites.map { $0.extra.map(\.1) }, label)
        XCTAssertEqual(r.sites.map(\.attributes), ref.sites.map(\.attributes), label)
        XCTAssertTrue(r.unreadableFiles.isEmpty, label)
        XCTAssertFalse(r.sites.contains { $0.name.contains("\u{FFFD}") || !$0.warnings.isEmpty }, label)
    }

    func testEachEncodingIsDetectedAndDecoded() throws {
        let ref = try reference()
        let cases: [(String, String)] = [
            ("ru_cp1251.csv", "Windows-1251"), ("ru_cp866.csv", "CP866"), ("ru_koi8r.csv", "KOI8-R"),
            ("ru_utf16le.csv", "UTF-16LE (detected from its NUL bytes"), ("ru_utf16be_bom.csv", "UTF-16BE (byte order mark)"),
        ]
        for (file, named) in cases {
            let r = try read(file)
            assertSame(r, ref, file)
            XCTAssertTrue(r.fileWarnings.contains { $0.hasPrefix(file) && $0.contains(named) }, "\(file): \(r.fileWarnings)")
        }
        // The UTF-8 original gets no encoding warning at all.
        XCTAssertFalse(ref.fileWarnings.contains { $0.contains("read as") || $0.contains("UTF-8") }, ref.fileWarnings.description)
    }

    func testEncodingOptionOverridesDetection() throws {
        let ref = try reference()
        for (file, enc) in [("ru_koi8r.csv", TextEncoding.koi8r), ("ru_cp866.csv", .cp866), ("ru_cp1251.csv", .cp1251), ("ru_utf16le.csv", .utf16le)] {
            let r = try read(file, options: InventoryOptions(countries: TestBasin.countries, encoding: enc))
            assertSame(r, ref, file)
            XCTAssertFalse(r.fileWarnings.contains { $0.contains("read as") }, "\(file): no detection when --encoding is given")
        }
        // The option is obeyed even when wrong: KOI8-R bytes read as Windows-1251 give other letters.
        let wrong = try read("ru_koi8r.csv", options: InventoryOptions(countries: TestBasin.countries, encoding: .cp1251))
        XCTAssertNotEqual(wrong.sites.first?.name, ref.sites.first?.name)
        XCTAssertEqual(TextEncoding(argument: "Windows-1251"), .cp1251)
        XCTAssertEqual(TextEncoding(argument: "KOI8R"), .koi8r)
        XCTAssertEqual(TextEncoding(argument: "utf16be"), .utf16be)
        XCTAssertNil(TextEncoding(argument: "latin1"))
    }

    func testWesternCodePageIsRefusedNotMisread() throws {
        // Latin-1: "Wassergefährdungsklasse", "Zürich", "Bergwerk Düren", "Schlämme" (single bytes E4, FC).
        var bytes = Array("id,name,kind,lat,lon,notes\n".utf8)
        for (i, w) in ["Zürich Schlämme", "Bergwerk Düren", "Halde Größe", "Kläranlage Jülich"].enumerated() {
            bytes += Array("W\(i),".utf8) + w.unicodeScalars.map { UInt8($0.value) } + Array(",tailings,41,72,Wassergef".utf8) + [0xE4] + Array("hrdungsklasse\n".utf8)
        }
        let r = try InventoryReader.read(data: Data(bytes), name: "latin1.csv")
        XCTAssertEqual(r.unreadableFiles.count, 1)
        XCTAssertTrue(r.unreadableFiles[0].contains("latin1.csv") && r.unreadableFiles[0].contains("Windows-1252"), r.unreadableFiles[0])
    }

    func testSpreadsheetsAndArchivesNamed() throws {
        // A minimal XLSX is a ZIP whose entries live under xl/.
        var zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("xl/workbook.xml".utf8)
        let x = try InventoryReader.read(data: Data(zip), name: "inventory.xlsx")
        XCTAssertTrue(x.unreadableFiles.first?.contains("Excel workbook (XLSX)") ?? false, x.unreadableFiles.description)
        // Since #17 a workbook is read through GDAL; this damaged one is refused with GDAL's reason.
        XCTAssertTrue(x.unreadableFiles.first?.contains("GDAL cannot read it") ?? false, x.unreadableFiles.description)
        XCTAssertTrue(x.unreadableFiles.first?.contains("CSV UTF-8") ?? false)
        zip = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("mimetypeapplication/vnd.oasis.opendocument.spreadsheet".utf8)
        XCTAssertTrue(try InventoryReader.read(data: Data(zip), name: "i.ods").unreadableFiles.first?.contains("(ODS)") ?? false)
        let xls: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]
        XCTAssertTrue(try InventoryReader.read(data: Data(xls), name: "i.csv").unreadableFiles.first?.contains("(XLS)") ?? false)
        let utf32: [UInt8] = [0xFF, 0xFE, 0, 0, 0x69, 0, 0, 0]
        XCTAssertTrue(try InventoryReader.read(data: Data(utf32), name: "i.csv").unreadableFiles.first?.contains("UTF-32") ?? false)
    }

    func testFilesThatYieldNothingAreNamed() throws {
        let null = try InventoryReader.read([URL(fileURLWithPath: "/dev/null")])
        XCTAssertEqual(null.unreadableFiles, ["/dev/null: the file is empty (0 bytes): no records"])
        let empty = try read("empty.csv")
        XCTAssertTrue(empty.unreadableFiles.first?.contains("empty.csv: the file is empty") ?? false, empty.unreadableFiles.description)
        let header = try read("header_only.csv")
        XCTAssertTrue(header.unreadableFiles.first?.contains("header_only.csv: a header on line 1 but no data rows") ?? false, header.unreadableFiles.description)
        let blank = try InventoryReader.read(data: Data("id,name,kind,lat,lon\n,,,,\n\n".utf8), name: "b.csv")
        XCTAssertTrue(blank.unreadableFiles.first?.contains("(only blank rows)") ?? false, blank.unreadableFiles.description)
        let geo = try InventoryReader.read(data: Data(#"{"type":"FeatureCollection","features":[]}"#.utf8), name: "g.geojson")
        XCTAssertTrue(geo.unreadableFiles.first?.contains("g.geojson: no records") ?? false, geo.unreadableFiles.description)
        // A file with records, even all rejected, is not "unreadable".
        XCTAssertTrue(try read("wrong_types.csv").unreadableFiles.isEmpty)
    }

    func testUnrecognisedHeaderNamesNearestKnownColumns() throws {
        let d = Data("Identifier,Nmae,Lattitude,Longitud,Remarks\nA1,Site,41,72,x\n".utf8)
        let r = try InventoryReader.read(data: d, name: "typo.csv")
        let m = try XCTUnwrap(r.unreadableFiles.first)
        XCTAssertTrue(m.contains("found 'Identifier', 'Nmae', 'Lattitude', 'Longitud', 'Remarks'"), m)
        XCTAssertTrue(m.contains("'Nmae' → name?") && m.contains("'Lattitude' → lat?") && m.contains("'Longitud' → lon?"), m)
        XCTAssertFalse(m.contains("'Remarks' →"), m)
    }
}
