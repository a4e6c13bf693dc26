import XCTest
@testable import AlarmKit

final class HydrologyTests: XCTestCase {
    // Two 100 km headwaters (0, 1) join into a 200 km main stem (2).
    let edges = [HydroEdge(id: 0, lengthM: 100_000, downstream: 2), HydroEdge(id: 1, lengthM: 100_000, downstream: 2),
                 HydroEdge(id: 2, lengthM: 200_000, downstream: nil)]

    func testDischargeGrowsWithUngaugedLengthBetweenGauges() throws {
        let g = [PlacedGauge(name: "A", edge: 0, offsetM: 100_000, qaM3s: 100), PlacedGauge(name: "B", edge: 1, offsetM: 100_000, qaM3s: 50),
                 PlacedGauge(name: "C", edge: 2, offsetM: 100_000, qaM3s: 250)]
        let h = try NetworkHydrology(edges: edges, gauges: g, outletDaM2: 4e10)
        XCTAssertEqual(h.meanDischarge(edge: 0, offsetM: 50_000)!, 50, accuracy: 1e-9, "headwater: in proportion to length above A")
        XCTAssertEqual(h.meanDischarge(edge: 2, offsetM: 0)!, 150, accuracy: 1e-9, "at the confluence: A + B")
        XCTAssertEqual(h.meanDischarge(edge: 2, offsetM: 50_000)!, 200, accuracy: 1e-9, "half of C's 100 m³/s increment")
        XCTAssertEqual(h.meanDischarge(edge: 2, offsetM: 100_000)!, 250, accuracy: 1e-9)
        XCTAssertEqual(h.meanDischarge(edge: 2, offsetM: 190_000)!, 250, accuracy: 1e-9, "held below the last gauge")
        XCTAssertEqual(h.drainageArea(edge: 2, offsetM: 200_000), 4e10, accuracy: 1)
        XCTAssertEqual(h.drainageArea(edge: 2, offsetM: 0), 2e10, accuracy: 1, "half the network length is upstream")
    }

    func testLosingReachAndUnknownDischarge() throws {
        let g = [PlacedGauge(name: "C", edge: 2, offsetM: 0, qaM3s: 300), PlacedGauge(name: "D", edge: 2, offsetM: 200_000, qaM3s: 100)]
        let h = try NetworkHydrology(edges: edges, gauges: g, outletDaM2: 4e10)
        XCTAssertEqual(h.meanDischarge(edge: 2, offsetM: 100_000)!, 200, accuracy: 1e-9, "losses spread along the reach")
        let none = try NetworkHydrology(edges: edges, gauges: [], outletDaM2: 4e10)
        XCTAssertNil(none.meanDischarge(edge: 2, offsetM: 10), "no gauge: unknown, never a default")
    }

    func testInvalidNetworksAreRejected() {
        let loop = [HydroEdge(id: 0, lengthM: 1, downstream: 1), HydroEdge(id: 1, lengthM: 1, downstream: 0)]
        XCTAssertThrowsError(try NetworkHydrology(edges: loop, gauges: [], outletDaM2: 1))
        XCTAssertThrowsError(try NetworkHydrology(edges: edges, gauges: [PlacedGauge(name: "x", edge: 9, offsetM: 0, qaM3s: 1)], outletDaM2: 1))
    }

    func testNotificationOrderAndConvention() {
        func r(_ lead: Double, _ peak: Double) -> PointResult {
            let a = Arrival(leadingH: lead, peakH: lead + 1, trailingH: lead + 2, peakMgL: peak, peakH0: lead + 1, endH0: lead + 2, peakMgL0: peak, extrapolated: false)
            return PointResult(km: 0, qM3s: 1, qaM3s: 1, daM2: 1, massFraction: 1, mostProbable: a, maximumProbable: a, fullMix: nil)
        }
        let cps = [CheckpointFigures(name: "a", kind: "crossing", source: "", countries: ["KG", "UZ"], result: r(5, 1)),
                   CheckpointFigures(name: "b", kind: "named", source: "", countries: ["TJ"], result: r(20, 0.5)),
                   CheckpointFigures(name: "c", kind: "named", source: "", countries: ["UZ"], result: r(30, 2)),
                   CheckpointFigures(name: "d", kind: "outlet", source: "", countries: ["KZ"], result: r(40, 0.1))]
        let rows = Notification.rows(origin: "KG", checkpoints: cps, guidelineMgL: 0.1) { $0 == "KZ" || $0 == "KG" }
        XCTAssertEqual(rows.map(\.country), ["UZ", "TJ", "KZ"])
        XCTAssertEqual(rows[0].firstCheckpoint, "a")
        XCTAssertEqual(rows[0].peakRatio!, 20, accuracy: 1e-9, "the highest peak in the country, here at c")
        XCTAssertEqual(rows.map(\.conventionApplies), [false, false, true])
    }
}
