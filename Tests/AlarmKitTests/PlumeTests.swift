import XCTest
@testable import AlarmKit

final class PlumeTests: XCTestCase {
    /// A 300 km river of uniform hydrology (no tributary), cut into 2 km steps.
    func uniform(qa: Double = 500, daKm2: Double = 150_000, km: Double = 300, reservoirAt: ClosedRange<Double>? = nil) -> [PathStep] {
        stride(from: 0.0, to: km, by: 2).map { a in
            PathStep(kmFrom: a, kmTo: a + 2, qaM3s: qa, daM2: daKm2 * 1e6, reservoir: reservoirAt.map { $0.contains(a + 1) ? 0 : nil } ?? nil)
        }
    }

    func integralKg(_ m: PlumeModel, _ a: Arrival, q: Double) -> Double {
        let n = 20_000, t0 = a.leadingH - 1, t1 = a.trailingH + 1
        var s = 0.0
        for k in 0..<n {
            let t = t0 + (t1 - t0) * (Double(k) + 0.5) / Double(n)
            s += m.concentration(a, atHour: t) * (t1 - t0) / Double(n) * 3600
        }
        return s * q / 1000   // mg/L = g/m³; × m³/s × s = g
    }

    func testMassBalanceAtACheckpointWithoutTributary() throws {
        for duration in [0.0, 12.0] {
            let m = try PlumeModel(steps: uniform(), reservoirs: [], qRatio: 1, release: Release(massKg: 1000, durationH: duration))
            let r = m.at(km: 150)
            for (name, a) in [("most probable", r.mostProbable), ("maximum probable", r.maximumProbable)] {
                let kg = integralKg(m, a, q: r.qM3s)
                print(String(format: "mass balance at km 150, %@, duration %.0f h: ∫C·Q dt = %.1f kg of 1000 released", name, duration, kg))
                XCTAssertEqual(kg, 1000, accuracy: 100)
            }
        }
    }

    func testFullyMixedReservoirKeepsTheMass() throws {
        let m = try PlumeModel(steps: uniform(reservoirAt: 100...140), reservoirs: [ReservoirOnPath(name: "R", mixingVolumeM3: 2e9)],
                               qRatio: 1, release: Release(massKg: 1000))
        let kg = try XCTUnwrap(m.fullMixMassKg(km: 200))
        print(String(format: "full-mix mass balance at km 200: %.1f kg of 1000", kg))
        XCTAssertEqual(kg, 1000, accuracy: 100)
        let f = try XCTUnwrap(m.at(km: 200).fullMix)
        // Mixed into 2e9 m³ = 2e12 L: 1000 kg = 1e9 mg → 0.0005 mg/L, far below the short-circuit peak.
        XCTAssertEqual(f.peakMgL, 0.0005, accuracy: 0.00001)
        XCTAssertLessThan(f.peakMgL, m.at(km: 200).maximumProbable.peakMgL)
        // Residence 2e9 / 500 s = 46.3 days: the bulk leaves about that much after the spill reaches the reservoir.
        XCTAssertEqual(f.meanH - f.leadingH, 2e9 / 500 / 3600, accuracy: 2e9 / 500 / 3600 * 0.05)
        XCTAssertNil(m.at(km: 50).fullMix, "no fully mixed figure above the first reservoir")
    }

    func testEdgesInOrderAndMaximumProbableFirst() throws {
        for ratio in [0.5, 1, 1.95] {
            let m = try PlumeModel(steps: uniform(km: 1500), reservoirs: [], qRatio: ratio, release: Release(massKg: 10))
            for km in stride(from: 1.0, through: 1500, by: 50) {
                let r = m.at(km: km)
                for a in [r.mostProbable, r.maximumProbable] {
                    XCTAssertLessThan(a.leadingH, a.peakH, "km \(km)")
                    XCTAssertLessThan(a.peakH, a.trailingH, "km \(km)")
                }
                XCTAssertLessThanOrEqual(r.maximumProbable.leadingH, r.mostProbable.leadingH)
                XCTAssertGreaterThanOrEqual(r.maximumProbable.peakMgL, r.mostProbable.peakMgL)
            }
        }
    }

    func testPeakFallsDownstreamWithoutInflowAndWithLosses() throws {
        var steps = uniform(km: 600)
        // A losing river: Qa falls from 700 to 400 m³/s; the lost water takes its share of the mass.
        for i in steps.indices { steps[i].qaM3s = 700 - 300 * Double(i) / Double(steps.count - 1) }
        for s in [uniform(km: 600), steps] {
            let m = try PlumeModel(steps: s, reservoirs: [], qRatio: 1, release: Release(massKg: 1000))
            var last = Double.infinity
            for km in stride(from: 10.0, through: 600, by: 10) {
                let c = m.at(km: km).mostProbable.peakMgL
                XCTAssertLessThan(c, last, "km \(km)")
                last = c
            }
        }
    }

    func testTributaryDilutesByTheDischargeRatio() throws {
        var steps = uniform(km: 200)
        for i in steps.indices where steps[i].kmFrom >= 100 { steps[i].qaM3s = 1000 }
        let joined = try PlumeModel(steps: steps, reservoirs: [], qRatio: 1, release: Release(massKg: 1000)).at(km: 101)
        let alone = try PlumeModel(steps: uniform(km: 200), reservoirs: [], qRatio: 1, release: Release(massKg: 1000)).at(km: 101)
        // Same unit peak (same travel time to within the step), twice the water.
        XCTAssertEqual(joined.mostProbable.peakMgL / alone.mostProbable.peakMgL, 0.5, accuracy: 0.02)
    }

    func testDecayLowersThePeak() throws {
        let m0 = try PlumeModel(steps: uniform(), reservoirs: [], qRatio: 1, release: Release(massKg: 1000))
        let m1 = try PlumeModel(steps: uniform(), reservoirs: [], qRatio: 1, release: Release(massKg: 1000, decayPerDay: 0.5))
        let a = m0.at(km: 200).mostProbable, b = m1.at(km: 200).mostProbable
        XCTAssertEqual(b.peakMgL / a.peakMgL, exp(-0.5 * a.peakH / 24), accuracy: 1e-9)
    }

    func testBadInputIsRejected() {
        XCTAssertThrowsError(try PlumeModel(steps: [], reservoirs: [], qRatio: 1, release: Release(massKg: 1)))
        XCTAssertThrowsError(try PlumeModel(steps: uniform(), reservoirs: [], qRatio: 0, release: Release(massKg: 1)))
        XCTAssertThrowsError(try PlumeModel(steps: uniform(), reservoirs: [], qRatio: 1, release: Release(massKg: -1)))
        var gap = uniform(); gap[3].kmFrom += 1
        XCTAssertThrowsError(try PlumeModel(steps: gap, reservoirs: [], qRatio: 1, release: Release(massKg: 1)))
    }
}
