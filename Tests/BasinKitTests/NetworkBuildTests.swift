import Foundation
import XCTest
@testable import BasinKit
import GeoKit

final class NetworkBuildTests: XCTestCase {
    func testReport() throws {
        let b = try SyrDaryaFixture.build()
        print(b.result.report.summary)
        for j in b.result.report.joins.sorted(by: { $0.distanceM > $1.distanceM }).prefix(15) {
            print(String(format: "join L%d -> L%d %.0f m at %.3f %.3f end %@", j.level, j.targetLevel, j.distanceM, j.at.lon, j.at.lat, j.toTargetEnd ? "yes" : "no"))
        }
        for p in b.result.report.namedPoints { print(p.name, p.edge as Any, Int(p.distanceM)) }
        for l in b.lakes.prefix(12) { print("lake", l.id, l.name ?? "-", Int(l.areaKm2)) }
    }
}
