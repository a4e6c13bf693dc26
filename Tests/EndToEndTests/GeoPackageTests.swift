import XCTest
import Foundation

/// basinmap.gpkg and hazard-map.qgs as GIS tools read them: GDAL's `ogrinfo` (a separate process) and
/// real QGIS through headless PyQGIS (Tests/qgis/check_qgis.py), #17.
final class GeoPackageTests: XCTestCase {
    let e2e = E2E()

    func tool(_ path: String, _ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try E2E.process(URL(fileURLWithPath: path), args, env: env)
    }

    func requireOgrinfo() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo") else { throw XCTSkip("needs gdal-bin (ogrinfo)") }
    }

    func runBasin(_ extra: [String] = [], sites: String? = nil) throws -> String {
        let out = e2e.tmp()
        let r = try e2e.run(["run", e2e.basin, "--sites", sites ?? e2e.fixture, "--out", out, "--quiet"] + extra)
        XCTAssertEqual(r.status, 0, r.err)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: out) }
        return out
    }

    func testEveryLayerIsInTheGeoPackageWithItsGeometryTypeAndCRSAndNoWarnings() throws {
        try requireOgrinfo()
        let out = try runBasin()
        let r = try tool("/usr/bin/ogrinfo", ["-ro", "-al", "-so", out + "/basinmap.gpkg"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.err.trimmingCharacters(in: .whitespacesAndNewlines), "", "ogrinfo warns")
        let blocks = r.out.components(separatedBy: "Layer name: ").dropFirst()
        var geometry: [String: String] = [:]
        for b in blocks {
            let name = String(b.prefix { $0 != "\n" })
            geometry[name] = b.components(separatedBy: "\n").first { $0.hasPrefix("Geometry: ") }.map { String($0.dropFirst(10)) }
            // The two tables without geometry: QGIS's styles and the alarm model's site × checkpoint rows.
            if name != "layer_styles" && name != "alarms" { XCTAssertTrue(b.contains("ID[\"EPSG\",4326]"), "\(name) declares no EPSG:4326") }
        }
        XCTAssertEqual(geometry, ["sites": "Point", "traces": "Line String", "zones": "Line String", "rivers": "Line String",
                                  "borders": "Line String", "countries": "Multi Polygon", "lakes": "Polygon", "footprints": "Polygon",
                                  "layer_styles": "None", "alarms": "None"])
        // Every layer has a default style for QGIS.
        let styles = try tool("/usr/bin/ogrinfo", ["-ro", "-q", out + "/basinmap.gpkg", "-sql", "SELECT f_table_name, useAsDefault FROM layer_styles ORDER BY f_table_name"])
        for l in ["borders", "countries", "footprints", "lakes", "rivers", "sites", "traces", "zones"] {
            XCTAssertTrue(styles.out.contains("f_table_name (String) = \(l)"), "no style for \(l):\n\(styles.out)")
        }
        XCTAssertEqual(styles.out.components(separatedBy: "useAsDefault (Integer(Boolean)) = 1").count - 1, 8, styles.out)
        // A spatial index on the sites.
        let rtree = try tool("/usr/bin/ogrinfo", ["-ro", "-q", out + "/basinmap.gpkg", "-sql", "SELECT COUNT(*) AS idx FROM sqlite_master WHERE name = 'rtree_sites_geom'"])
        XCTAssertTrue(rtree.out.contains("idx (Integer) = 1"), rtree.out + rtree.err)
    }

    /// Types come from the field table, never from the values: a field null for every site stays Real.
    func testSiteFieldTypesAreDeclaredEvenWhenEveryValueIsNull() throws {
        try requireOgrinfo()
        let path = e2e.tmp() + ".csv"
        try "id,name,kind,country,lat,lon\nA1,Only site,mine,KG,41.28,72.47\n".write(toFile: path, atomically: true, encoding: .utf8)
        let out = try runBasin(["--no-map"], sites: path)
        let r = try tool("/usr/bin/ogrinfo", ["-ro", "-so", out + "/basinmap.gpkg", "sites"])
        for f in ["risk_rank: Integer64", "runout_km: Real", "runout_river_reach_km: Real", "WRI: Real", "TRI: Real",
                  "risk_class_may_change: Integer(Boolean)", "transboundary: String"] {
            XCTAssertTrue(r.out.contains(f), "\(f) missing:\n\(r.out)")
        }
        let rows = try tool("/usr/bin/ogrinfo", ["-ro", "-q", out + "/basinmap.gpkg", "sites", "-where", "id = 'A1'"])
        XCTAssertTrue(rows.out.contains("runout_km (Real) = (null)"), rows.out)
        XCTAssertTrue(rows.out.contains("risk_rank (Integer64) = 1"), rows.out)
    }

    func testTheGeoPackageAndProjectAreByteIdenticalAcrossRuns() throws {
        let a = try runBasin(["--no-map"]), b = try runBasin(["--no-map"])
        for f in ["basinmap.gpkg", "hazard-map.qgs"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f)), y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            XCTAssertGreaterThan(x.count, 1000, f)
            XCTAssertTrue(x == y, "\(f) differs between two runs on the same input")
        }
    }

    /// Names that SQL, XML or GDAL might choke on, and columns that differ only by case (one column in
    /// SQLite): every value arrives intact, every column keeps its own field.
    func testHostileNamesAndCaseClashingColumnsArriveIntact() throws {
        try requireOgrinfo()
        let path = e2e.tmp() + ".csv"
        let csv = "id,name,kind,country,lat,lon,ID,Operator,operator,\"col\"\"; DROP TABLE sites;--\",fid,geom\n"
            + "Q1,\"O'Neil \"\"pond\"\"; DROP TABLE sites;-- <x>&\",tailings,KG,41.28,72.47,dup-id,Оператор,op2,v1,7,g\n"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let out = try runBasin(["--no-map"], sites: path)
        let r = try tool("/usr/bin/ogrinfo", ["-ro", "-q", out + "/basinmap.gpkg", "sites"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("name (String) = O'Neil \"pond\"; DROP TABLE sites;-- <x>&"), r.out)
        for f in ["input_ID (String) = dup-id", "Operator (String) = Оператор", "input_operator (String) = op2",
                  "col\"; DROP TABLE sites;-- (String) = v1", "input_fid (String) = 7", "input_geom (String) = g"] {
            XCTAssertTrue(r.out.contains(f), "\(f) missing:\n\(r.out)")
        }
    }

    /// More inventory columns than a GeoPackage table can hold: the run succeeds and keeps them all.
    func testThousandsOfColumnsOverflowIntoOneJSONColumn() throws {
        try requireOgrinfo()
        let path = e2e.tmp() + ".csv"
        let n = 2_500
        let header = "id,name,kind,country,lat,lon," + (0..<n).map { "c\($0)" }.joined(separator: ",")
        let row = "W1,Wide,tailings,KG,41.28,72.47," + (0..<n).map { "v\($0)" }.joined(separator: ",")
        try (header + "\n" + row + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let out = e2e.tmp()
        let r = try e2e.run(["run", e2e.basin, "--sites", path, "--out", out, "--quiet", "--no-map", "--format", "gpkg"])
        defer { try? FileManager.default.removeItem(atPath: out) }
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("more_columns_json"), r.err)
        let q = try tool("/usr/bin/ogrinfo", ["-ro", "-q", out + "/basinmap.gpkg", "sites"])
        XCTAssertTrue(q.out.contains("c0 (String) = v0"), String(q.out.prefix(3000)))
        XCTAssertTrue(q.out.contains("\"c\(n - 1)\":\"v\(n - 1)\""), "the last column is not in more_columns_json")
    }

    func testFormatChoosesTheFilesAndRejectsUnknownNames() throws {
        let out = try runBasin(["--no-map", "--format", "gpkg"])
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        XCTAssertTrue(files.isSuperset(of: ["basinmap.gpkg", "hazard-map.qgs", "summary.json", "rejects.csv"]), "\(files)")
        XCTAssertTrue(files.isDisjoint(with: ["sites.geojson", "sites.csv", "rivers.geojson", "report.html"]), "\(files)")
        let csvOnly = try runBasin(["--no-map", "--format", "csv"])
        let only = Set(try FileManager.default.contentsOfDirectory(atPath: csvOnly))
        XCTAssertTrue(only.contains("sites.csv") && !only.contains("basinmap.gpkg") && !only.contains("sites.geojson"), "\(only)")
        let bad = try e2e.run(["run", e2e.basin, "--out", e2e.tmp(), "--format", "gpkg,kml"])
        XCTAssertEqual(bad.status, 64, bad.err)
        XCTAssertTrue(bad.err.contains("--format") && bad.err.contains("kml"), bad.err)
    }

    /// The planner's check: the GeoPackage and the project opened in QGIS, styles, types, a render.
    /// CI sets BASINMAP_REQUIRE_QGIS=1, so a missing QGIS fails there instead of skipping.
    func testQGISOpensTheGeoPackageAndTheProjectStyledAndRendersThem() throws {
        let python = "/usr/bin/python3"
        let probe = try? tool(python, ["-c", "import qgis.core"])
        if probe?.status != 0 {
            if ProcessInfo.processInfo.environment["BASINMAP_REQUIRE_QGIS"] == "1" { return XCTFail("QGIS (python3-qgis) is required but missing") }
            throw XCTSkip("needs qgis + python3-qgis")
        }
        let out = try runBasin(["--no-map"], sites: e2e.root.appendingPathComponent("Basins/syr-darya/sites.csv").path)
        let fields = try e2e.run(["fields", e2e.basin])
        XCTAssertEqual(fields.status, 0)
        let md = out + "/fields.md"
        try fields.out.write(toFile: md, atomically: true, encoding: .utf8)
        // Qt wants a private runtime directory (0700); without one it complains on stderr.
        let runtime = e2e.tmp()
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let r = try tool(python, [e2e.root.appendingPathComponent("Tests/qgis/check_qgis.py").path, out, md, out + "/render.png"],
                         env: ["QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": runtime])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("ok: no QGIS warnings or errors"), r.out + r.err)
        XCTAssertFalse(r.out.contains("FAIL"), r.out)
    }

    /// shapefiles/ for ArcGIS: one per layer, short unique names mapped in field-names.csv, UTF-8 declared.
    func testShapefilesHaveShortUniqueMappedNamesAndKeepCyrillic() throws {
        try requireOgrinfo()
        let out = try runBasin(["--no-map", "--format", "shp"])
        let dir = out + "/shapefiles"
        for l in ["sites", "traces", "zones", "rivers", "borders", "countries", "lakes", "footprints"] {
            for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/\(l).\(ext)"), "\(l).\(ext) missing")
            }
            XCTAssertEqual(try String(contentsOfFile: "\(dir)/\(l).cpg", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "UTF-8")
        }
        let map = try String(contentsOfFile: dir + "/field-names.csv", encoding: .utf8).split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let sites = map.filter { $0[0] == "sites" }
        XCTAssertGreaterThan(sites.count, 60)
        XCTAssertEqual(Set(sites.map { $0[2].lowercased() }).count, sites.count, "short names clash")
        XCTAssertTrue(sites.allSatisfy { $0[2].utf8.count <= 10 }, "a name longer than 10 bytes")
        XCTAssertTrue(sites.contains { $0[1] == "risk_class_may_change" && $0[2] != "risk_class" })
        let r = try tool("/usr/bin/ogrinfo", ["-ro", "-q", dir + "/sites.shp", "sites", "-where", "id = 'T2'"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("name (String) = Хвостохранилище Дегмай"), r.out)
        let so = try tool("/usr/bin/ogrinfo", ["-ro", "-so", dir + "/sites.shp", "sites"])
        XCTAssertTrue(so.out.contains("Geometry: Point"), so.out)
        XCTAssertEqual(so.err.trimmingCharacters(in: .whitespacesAndNewlines), "", "ogrinfo warns")
        // The style QGIS loads beside sites.shp refers to the short names.
        let qml = try String(contentsOfFile: dir + "/sites.qml", encoding: .utf8)
        let tb = sites.first { $0[1] == "transboundary" }![2]
        XCTAssertTrue(qml.contains("&quot;\(tb)&quot; = &apos;yes&apos;"), "sites.qml does not filter on \(tb)")
        XCTAssertFalse(qml.contains("&quot;transboundary&quot;"), "sites.qml still filters on the long name")
    }
}
