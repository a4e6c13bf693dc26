import Foundation
import XCTest
import GeoKit
@testable import BasinKit

/// The Fergana enclaves: owner's territory inside, host's territory around.
final class GeometryEnclaveTests: XCTestCase {
    /// (name, owner, host, a point known to lie in the enclave by gazetteer, or nil)
    static let enclaves: [(String, String, String, Coordinate?)] = [
        ("Sokh", "UZ", "KG", nil),
        // Shakhimardan village 39°59′N 71°48′E (Wikipedia, "Shakhimardan").
        ("Shakhimardan", "UZ", "KG", Coordinate(lon: 71.8, lat: 39.9833)),
        // Vorukh village 39°51′N 70°35′E (Wikipedia, "Vorukh").
        ("Vorukh", "TJ", "KG", Coordinate(lon: 70.5833, lat: 39.85)),
        // Sarvak ~70.62 E 40.99 N (shared/notes/basin-data.md, enclave table).
        ("Sarvak", "TJ", "UZ", Coordinate(lon: 70.62, lat: 40.99)),
    ]

    func testEnclavesBelongToTheirOwnerAndAreSurroundedByTheirHost() throws {
        let b = try CommittedBasin()
        let specs = try BasinBuilder.spec(basinDirectory: Repo.basin).enclaves
        for (name, owner, host, village) in Self.enclaves {
            let spec = try XCTUnwrap(specs.first { $0.name == name })
            // The owner's polygon around the build's search point is the enclave (not the owner's mainland).
            let ownerPolys = try XCTUnwrap(b.basin.countries.first { $0.iso == owner }).polygons
            let enclave = try XCTUnwrap(ownerPolys.first { try b.context.make(.polygon($0)).contains(b.context.make(.point(spec.search))) },
                                        "\(name): no \(owner) polygon contains \(spec.search)")
            let enclaveG = try b.context.make(.polygon(enclave))
            XCTAssertLessThan(try enclaveG.area(), 0.05, "\(name): the \(owner) polygon found is not a small enclave (deg2)")

            let inside = try enclaveG.pointOnSurface()
            XCTAssertEqual(try b.countries(at: inside), [owner], "\(name): point on surface \(inside)")
            if let village { XCTAssertEqual(try b.countries(at: village), [owner], "\(name): village point \(village)") }

            // A ring ~1 km outside the enclave lies wholly in the host.
            let around = try enclaveG.buffer(0.01).value()
            guard case .polygon(let ring) = around else { return XCTFail("\(name): buffer is not a polygon") }
            for (k, c) in ring.exterior.enumerated() where k % 4 == 0 {
                XCTAssertEqual(try b.countries(at: c), [host], "\(name): point \(c) 1 km outside the enclave")
            }
            // And the host has a hole exactly where the enclave is.
            let hostG = try XCTUnwrap(b.countryGeoms[host])
            XCTAssertEqual(try hostG.intersection(enclaveG).area(), 0, accuracy: 1e-12, "\(name): \(host) overlaps the enclave")
        }
    }
}
