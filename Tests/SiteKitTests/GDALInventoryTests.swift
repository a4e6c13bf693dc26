import Foundation
import GeoKit
import XCTest
@testable import SiteKit

/// Issue #17 part 2: workbooks and GIS datasets read through GDAL into the CSV record builder. The
/// fixtures are made by real writers (scripts/make-inventory-fixtures.py: openpyxl, odfpy, ogr2ogr) from
/// the CSV inventories they are compared with.
final class GDALInventoryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let ministryCSV = root.appendingPathComponent("Tests/Fixtures/ministry-inventory.csv")
    static let basinCSV = root.appendingPathComponent("Basins/syr-darya/sites.csv")
    let options = InventoryOptions(countries: TestBasin.countries, extent: TestBasin.extent)

    func readAll(_ urls: [URL], _ o: InventoryOptions? = nil) throws -> InventoryResult {
        let r = try InventoryReader.read(urls, options: o ?? options)
        XCTAssertTrue(r.isBalanced, "read \(r.recordsRead) != \(r.sites.count) + \(r.rejects.count)")
        return r
    }

    /// Everything a site carries but where it came from.
    func same(_ a: Site, _ b: Site, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.id, b.id, file: file, line: line)
        XCTAssertEqual(a.name, b.name, a.id, file: file, line: line)
        XCTAssertEqual(a.kind, b.kind, a.id, file: file, line: line)
        XCTAssertEqual(a.kindInput, b.kindInput, a.id, file: file, line: line)
        XCTAssertEqual(a.declaredCountry, b.declaredCountry, a.id, file: file, line: line)
        XCTAssertEqual(a.position, b.position, a.id, file: file, line: line)
        XCTAssertEqual(a.positionPrecision, b.positionPrecision, a.id, file: file, line: line)
        XCTAssertEqual(a.source, b.source, a.id, file: file, line: line)
        XCTAssertEqual(a.attributes, b.attributes, a.id, file: file, line: line)
        XCTAssertEqual(a.substances, b.substances, a.id, file: file, line: line)
        XCTAssertEqual(a.extra.map { "\($0.0)=\($0.1)" }, b.extra.map { "\($0.0)=\($0.1)" }, a.id, file: file, line: line)
        XCTAssertEqual(a.warnings, b.warnings, a.id, file: file, line: line)
    }

    /// The ministry workbook holds the ministry CSV's rows (title merged over the header's width, a blank
    /// row, numbers typed as numbers in some cells, DMS and decimal commas in text cells, Cyrillic
    /// headers), an empty sheet and a notes sheet without a header.
    func checkWorkbook(_ name: String, emptySheetListed: Bool) throws {
        let csv = try readAll([Self.ministryCSV])
        let wb = try readAll([fixture(name)])
        XCTAssertEqual(wb.recordsRead, 19)
        XCTAssertEqual(wb.sites.count, csv.sites.count)
        for (a, b) in zip(csv.sites, wb.sites) { same(a, b) }
        // The same rejects with the same reasons; places are rows (the CSV's line + 1: the workbook has
        // a blank row under its title), the column of the first problem named.
        XCTAssertEqual(wb.rejects.map(\.id), csv.rejects.map(\.id))
        XCTAssertEqual(wb.rejects.map(\.field), csv.rejects.map(\.field))
        XCTAssertEqual(wb.rejects.map(\.reason).map { $0.replacingOccurrences(of: name, with: "F") }.map(stripPlaces),
                       csv.rejects.map(\.reason).map { $0.replacingOccurrences(of: "ministry-inventory.csv", with: "F") }.map(stripPlaces))
        XCTAssertEqual(wb.rejects.map { $0.origin.row }, csv.rejects.map { $0.origin.line.map { $0 + 1 } })
        let noPosition = try XCTUnwrap(wb.reject("UZ-CHK"))
        XCTAssertEqual(noPosition.origin, RecordOrigin(file: name, sheet: "Реестр", row: 16, column: "F"))
        XCTAssertEqual(noPosition.origin.description, "\(name) sheet 'Реестр', row 16, column F")
        XCTAssertEqual(wb.site("KG-KHD")?.origin.description, "\(name) sheet 'Реестр', row 5")
        XCTAssertEqual(wb.reject("KG-X")?.origin.column, "C")  // the name column
        XCTAssertEqual(wb.readParts, ["\(name) sheet 'Реестр' (19 records)"])
        XCTAssertTrue(wb.fileWarnings.contains("\(name) sheet 'Реестр': row(s) 1 above the header on row 3 skipped (titles)"), wb.fileWarnings.description)
        XCTAssertTrue(wb.fileWarnings.contains { $0.contains("without a recognisable header not read: 'Примечания'") }, wb.fileWarnings.description)
        if emptySheetListed { XCTAssertTrue(wb.fileWarnings.contains("\(name): empty sheet(s) 'Пустой лист': nothing to read"), wb.fileWarnings.description) }
        // Decimal commas in text cells and numbers typed as numbers read alike.
        XCTAssertEqual(wb.site("KG-KHD")?.position, Coordinate(lon: 71.34, lat: 39.95))
        XCTAssertEqual(wb.site("KG-MS-T3")?.attributes["stored_volume_m3"], .number(110_500))
    }

    func stripPlaces(_ s: String) -> String {
        s.replacingOccurrences(of: #" sheet 'Реестр', row \d+| line \d+"#, with: " @", options: .regularExpression)
    }

    func testXLSXReadsLikeTheCSV() throws { try checkWorkbook("ministry.xlsx", emptySheetListed: true) }

    /// GDAL's ODS driver does not list an empty sheet at all: nothing to note. TJ-DEG's dam height is a
    /// formula (=20+20) there: its cached value is read, as the CSV's 40.
    func testODSReadsLikeTheCSV() throws {
        try checkWorkbook("ministry.ods", emptySheetListed: false)
        let r = try readAll([fixture("ministry.ods")])
        XCTAssertEqual(r.site("TJ-DEG")?.attributes["dam_height_m"], .number(40))
    }

    func testSheetOption() throws {
        var o = options
        o.sheet = "Реестр"
        XCTAssertEqual(try readAll([fixture("ministry.xlsx")], o).sites.count, 16)
        o.sheet = "Примечания"
        let notes = try readAll([fixture("ministry.xlsx")], o)
        XCTAssertEqual(notes.unreadableFiles.count, 1)
        XCTAssertTrue(notes.unreadableFiles[0].hasPrefix(fixture("ministry.xlsx").path + ": no sheet with a recognisable header"), notes.unreadableFiles[0])
        o.sheet = "Sheet1"
        let missing = try readAll([fixture("ministry.xlsx")], o)
        XCTAssertTrue(missing.unreadableFiles.first?.contains("no sheet 'Sheet1' (--sheet); its sheets: 'Пустой лист', 'Реестр', 'Примечания'") ?? false, missing.unreadableFiles.description)
    }

    /// The Shapefile is in UTM 42N (its .prj) with the field names cut to 10 characters; positions come
    /// back in lon/lat within a millimetre of the CSV's.
    func testShapefileReprojectedFromItsPrj() throws {
        let csv = try readAll([Self.basinCSV])
        let shp = try readAll([fixture("sites_utm42n.shp")])
        XCTAssertEqual(shp.sites.map(\.id), csv.sites.map(\.id))
        XCTAssertEqual(shp.readParts, ["sites_utm42n.shp layer 'sites_utm42n' (14 records)"])
        for (a, b) in zip(csv.sites, shp.sites) {
            XCTAssertEqual(a.position.lat, b.position.lat, accuracy: 1e-8, a.id)
            XCTAssertEqual(a.position.lon, b.position.lon, accuracy: 1e-8, a.id)
            XCTAssertEqual(a.attributes, b.attributes, a.id)  // stored_vol -> stored_volume_m3
            XCTAssertEqual(a.positionPrecision, b.positionPrecision, a.id)
            XCTAssertEqual(a.name, b.name)
        }
        XCTAssertEqual(shp.sites.first?.origin.description, "sites_utm42n.shp layer 'sites_utm42n', feature 0")
        XCTAssertTrue(shp.rejects.isEmpty, shp.rejects.description)
    }

    func testGeoPackageKMLAndKMZ() throws {
        let csv = try readAll([Self.basinCSV])
        for name in ["sites.gpkg", "sites.kml", "sites.kmz"] {
            let r = try readAll([fixture(name)])
            XCTAssertEqual(r.sites.map(\.id), csv.sites.map(\.id), name)
            XCTAssertTrue(r.rejects.isEmpty, "\(name): \(r.rejects)")
            for (a, b) in zip(csv.sites, r.sites) {
                XCTAssertEqual(a.position.lat, b.position.lat, accuracy: 1e-9, "\(name) \(a.id)")
                XCTAssertEqual(a.position.lon, b.position.lon, accuracy: 1e-9, "\(name) \(a.id)")
                XCTAssertEqual(a.kind, b.kind)
                XCTAssertEqual(a.attributes, b.attributes, "\(name) \(a.id)")
            }
            XCTAssertEqual(r.readParts, ["\(name) layer 'sites' (14 records)"])
        }
        var o = options
        o.layer = "other"
        let none = try readAll([fixture("sites.gpkg")], o)
        XCTAssertTrue(none.unreadableFiles.first?.contains("no layer 'other' (--layer); its layers: 'sites'") ?? false, none.unreadableFiles.description)
    }

    /// The same workbook given as bytes (no path) is read too, through a staged copy.
    func testWorkbookFromBytes() throws {
        let r = try InventoryReader.read(data: Data(contentsOf: fixture("ministry.xlsx")), name: "upload.xlsx", options: options)
        XCTAssertEqual(r.sites.count, 16)
        XCTAssertEqual(r.rejects.first?.origin.file, "upload.xlsx")
    }
}

/// Hostile workbooks end quickly with one clear message, not a message per row.
final class GDALInventoryHostileTests: XCTestCase {
    func testTooManyColumnsIsRefusedWithGDALsReasonOnce() throws {
        let t0 = Date()
        let r = try InventoryReader.read([fixture("wide_2001_columns.xlsx")])
        XCTAssertLessThan(Date().timeIntervalSince(t0), 5)
        XCTAssertEqual(r.unreadableFiles.count, 1)
        let m = r.unreadableFiles[0]
        XCTAssertTrue(m.contains("wide_2001_columns.xlsx: the file looks like an Excel workbook (XLSX) but GDAL cannot read it"), m)
        XCTAssertTrue(m.contains("Maximum number of fields supported is 2000"), m)
        XCTAssertEqual(m.components(separatedBy: "Maximum number of fields").count, 2, "GDAL's repeated message is given once: \(m)")
        XCTAssertLessThan(m.count, 1200, m)
        XCTAssertTrue(r.isBalanced)
    }
}
