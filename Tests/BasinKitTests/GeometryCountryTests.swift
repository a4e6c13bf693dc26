import Foundation
import XCTest
import GeoKit
@testable import BasinKit

final class GeometryCountryTests: XCTestCase {
    func testEveryCountryAndLakePolygonIsValid() throws {
        let b = try CommittedBasin()
        XCTAssertEqual(b.basin.countries.map(\.iso), ["KG", "KZ", "TJ", "UZ"])
        for c in b.basin.countries {
            for (i, p) in c.polygons.enumerated() {
                let g = try b.context.make(.polygon(p))
                let reason = try g.validityReason()
                XCTAssertTrue(try g.isValid(), "\(c.iso) polygon \(i): \(reason)")
            }
        }
        for l in b.basin.lakes {
            let g = try b.context.make(.polygon(l.polygon))
            let reason = try g.validityReason()
            XCTAssertTrue(try g.isValid(), "lake \(l.id): \(reason)")
        }
        XCTAssertEqual(b.basin.warnings.filter { !$0.hasPrefix("rivers.geojson") }, [], "committed files needed repair")
    }

    func testHolesLieInsideTheirExteriors() throws {
        let b = try CommittedBasin()
        var holes = 0
        for c in b.basin.countries {
            for (i, p) in c.polygons.enumerated() {
                let shell = try b.context.make(.polygon(Polygon(exterior: p.exterior))).prepared()
                for (h, ring) in p.holes.enumerated() {
                    holes += 1
                    XCTAssertTrue(try shell.base.covers(b.context.make(.polygon(Polygon(exterior: ring)))), "\(c.iso) polygon \(i) hole \(h)")
                }
            }
        }
        // KG: Sokh, Vorukh, Shakhimardan; UZ: Sarvak; KZ: one DCW hole by the Aral.
        let kg = try XCTUnwrap(b.basin.countries.first { $0.iso == "KG" })
        XCTAssertEqual(kg.polygons.reduce(0) { $0 + $1.holes.count }, 3)
        let uz = try XCTUnwrap(b.basin.countries.first { $0.iso == "UZ" })
        XCTAssertEqual(uz.polygons.reduce(0) { $0 + $1.holes.count }, 1)
        XCTAssertGreaterThanOrEqual(holes, 4)
    }

    func testKnownCitiesLieInTheirCountry() throws {
        let b = try CommittedBasin()
        let cities: [(String, Double, Double, String)] = [
            ("Osh", 72.80, 40.53, "KG"), ("Khujand", 69.62, 40.28, "TJ"), ("Shymkent", 69.59, 42.32, "KZ"),
            ("Tashkent", 69.28, 41.31, "UZ"), ("Andijan", 72.34, 40.78, "UZ"),
            ("Bishkek", 74.59, 42.87, "KG"), ("Namangan", 71.67, 41.00, "UZ"), ("Kyzylorda", 65.51, 44.85, "KZ"),
        ]
        for (name, lon, lat, iso) in cities {
            XCTAssertEqual(try b.countries(at: Coordinate(lon: lon, lat: lat)), [iso], name)
        }
    }

    func testCountriesDoNotOverlap() throws {
        let b = try CommittedBasin()
        let isos = b.countryGeoms.keys.sorted()
        for i in isos.indices { for j in isos.indices where j > i {
            let a = try b.countryGeoms[isos[i]]!.intersection(b.countryGeoms[isos[j]]!).area()
            XCTAssertEqual(a, 0, accuracy: 1e-10, "\(isos[i]) and \(isos[j]) overlap by \(a) deg2")
        } }
    }

    func testNamedLakes() throws {
        let b = try CommittedBasin()
        func lake(_ n: String) throws -> Lake { try XCTUnwrap(b.basin.lakes.first { $0.name == n }, n) }
        let aral = try lake("Aral Sea"), kairakkum = try lake("Kairakkum reservoir"), chardara = try lake("Chardara (Shardara) reservoir")
        XCTAssertEqual(aral.kind, .historical)
        XCTAssertEqual(kairakkum.kind, .reservoir)
        XCTAssertEqual(chardara.kind, .reservoir)
        XCTAssertEqual(try lake("Issyk-Kul").kind, .lake)
        // Pre-1960 Aral ~66-68 thousand km2; Kairakkum 523 km2 and Chardara 783-900 km2 at today's full level (domain notes),
        // smaller in this ~1970 shoreline: only the order of magnitude is asserted.
        XCTAssertEqual(aral.areaKm2, 67_000, accuracy: 1_500)
        XCTAssertEqual(kairakkum.areaKm2, 500, accuracy: 150)
        XCTAssertEqual(chardara.areaKm2, 700, accuracy: 200)
        // The Syr Darya outlet in basin.json is at the Aral shore.
        let aralG = try b.context.make(.polygon(aral.polygon))
        let (near, _) = try aralG.boundary().nearestPoints(with: b.context.make(.point(b.basin.metadata.outlet)))
        XCTAssertLessThan(Geodesic.wgs84.distance(near, b.basin.metadata.outlet), 1_000)
    }
}
