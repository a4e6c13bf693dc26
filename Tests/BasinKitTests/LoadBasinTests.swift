import Foundation
import XCTest
import GeoKit
@testable import BasinKit

/// Loading the committed Syr Darya folder.
final class LoadBasinTests: XCTestCase {
    func testCommittedBasinLoads() throws {
        let basin = try BasinLoader.load(directory: Repo.basin)
        let m = basin.metadata
        XCTAssertEqual(m.id, "syr-darya")
        XCTAssertEqual(m.extent, Envelope(minX: 58, minY: 36.5, maxX: 80, maxY: 47))
        XCTAssertEqual(m.countries.map(\.iso), ["KG", "KZ", "TJ", "UZ"])
        XCTAssertEqual(m.countries.filter(\.conventionParty).map(\.iso), ["KZ"])
        XCTAssertTrue(m.countries.allSatisfy { $0.conventionNote.contains("2024 report, table 4c") })
        XCTAssertEqual(m.velocities.riverMS, 0.716)
        XCTAssertEqual(m.velocities.reservoirMS, 0.0071)
        XCTAssertTrue(m.projection.hasPrefix("+proj=lcc"))
        XCTAssertEqual(Set(m.provenance.map(\.layer)), ["countries", "borders", "enclaves", "lakes", "rivers"])
        XCTAssertTrue(m.provenance.allSatisfy { $0.licence == "LGPL-3+" })
        XCTAssertEqual(m.outlet.lon, 60.9, accuracy: 0.1)
        XCTAssertEqual(m.outlet.lat, 46.1, accuracy: 0.1)

        XCTAssertEqual(basin.countries.map(\.name), ["Kyrgyzstan", "Kazakhstan", "Tajikistan", "Uzbekistan"])
        XCTAssertEqual(basin.borders.map(\.id), Array(1...basin.borders.count))
        XCTAssertEqual(basin.lakes.map(\.id), Array(1...basin.lakes.count))
        // Before the network lands there is no rivers.geojson: loaded with a warning naming it.
        if !FileManager.default.fileExists(atPath: Repo.basin.appendingPathComponent("rivers.geojson").path) {
            XCTAssertEqual(basin.rivers, [])
            XCTAssertTrue(basin.warnings.contains { $0.hasPrefix("rivers.geojson: missing") }, "\(basin.warnings)")
        } else {
            XCTAssertFalse(basin.rivers.isEmpty)
        }
    }

    func testCommittedLayersAreRFC7946() throws {
        for name in ["countries.geojson", "borders.geojson", "lakes.geojson"] {
            let text = try String(contentsOf: Repo.basin.appendingPathComponent(name), encoding: .utf8)
            XCTAssertFalse(text.contains("\"crs\""), name)
            let features = try GeoJSON.features(from: Data(text.utf8), name: name)
            for f in features {
                switch f.geometry {
                case .polygon(let p)?: try checkOrientation(p, name)
                case .multiPolygon(let ps)?: for p in ps { try checkOrientation(p, name) }
                default: break
                }
            }
        }
    }

    private func checkOrientation(_ p: Polygon, _ name: String) throws {
        XCTAssertTrue(Ring.isCounterClockwise(p.exterior), "\(name): exterior not counter-clockwise")
        for h in p.holes { XCTAssertFalse(Ring.isCounterClockwise(h), "\(name): hole not clockwise") }
    }
}
