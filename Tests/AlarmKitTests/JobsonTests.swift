import XCTest
@testable import AlarmKit

/// Jobson's equations against the USGS implementation (USGS-WiM/TravelTimeService, TravelTimeAgent/Jobson.cs).
/// The repository's own tests (TravelTimeAgent.Test/TravelTimeAgentTest.cs) feed Jobson's examples but
/// assert no figures ("need better assert"); the expected values below are what that code computes for
/// those inputs (its formulas evaluated by hand, g = 9.8 and its hour factor 0.000277778, with the END
/// reach's parameters as its aggregateParameters takes them). Reproduced here to 1 %.
final class JobsonTests: XCTestCase {
    func single(qa: Double, q: Double, daKm2: Double, km: Double, massKg: Double, slope: Double? = nil) throws -> PointResult {
        let m = try PlumeModel(steps: [PathStep(kmFrom: 0, kmTo: km, qaM3s: qa, daM2: daKm2 * 1e6, slope: slope)], reservoirs: [],
                               qRatio: q / qa, release: Release(massKg: massKg))
        return m.at(km: km)
    }

    func close(_ a: Double, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a, b, accuracy: abs(b) * 0.01, what, file: file, line: line)
        print(String(format: "USGS check %@: ours %.4f, USGS code %.4f (%.2f %%)", what, a, b, (a / b - 1) * 100))
    }

    /// Example 1 ("very limited data"): 6,000 kg, intake 15 km downstream, Da 430 km², Qa = 5.22·430/452,
    /// Q = 3.88·430/452 m³/s. Eq. 14/15 (no slope).
    func testExample1LimitedDataMatchesTheUSGSCode() throws {
        let r = try single(qa: 5.22 * 430 / 452, q: 3.88 * 430 / 452, daKm2: 430, km: 15, massKg: 6000)
        close(r.mostProbable.peakH, 15.471232, "ex1 most probable Tp h")
        close(r.mostProbable.leadingH, 13.769396, "ex1 most probable Tl h")
        close(r.mostProbable.trailingH, 19.229784, "ex1 most probable trailing h")
        close(r.mostProbable.peakMgL, 165.384132, "ex1 most probable Cp mg/L")
        close(r.maximumProbable.peakH, 6.364852, "ex1 maximum probable Tp h")
        close(r.maximumProbable.trailingH, 8.400692, "ex1 maximum probable trailing h")
        close(r.maximumProbable.peakMgL, 330.069486, "ex1 maximum probable Cp mg/L")
    }

    /// "JobsonExampleRhineModified", first reach (to Eglisau): Qa 240, Q 490 m³/s, Da 16,000 km², S 0.003,
    /// 19.7 km, 6,000 kg. Eq. 12/13 (with slope).
    func testRhineWithSlopeMatchesTheUSGSCode() throws {
        let r = try single(qa: 240, q: 490, daKm2: 16_000, km: 19.7, massKg: 6000, slope: 0.003)
        close(r.mostProbable.peakH, 4.177317, "rhine most probable Tp h")
        close(r.mostProbable.trailingH, 5.528139, "rhine most probable trailing h")
        close(r.mostProbable.peakMgL, 3.757733, "rhine most probable Cp mg/L")
        close(r.maximumProbable.peakH, 2.805292, "rhine maximum probable Tp h")
        close(r.maximumProbable.leadingH, 2.49671, "rhine maximum probable Tl h")
        close(r.maximumProbable.peakMgL, 5.00195, "rhine maximum probable Cp mg/L")
    }

    func testPeakConcentrationUnitsAreMgPerLitre() {
        // 1 kg into 1 m³/s with unit peak 1000: 1e6 mg · 1000 / (1e6 · 1000 L/s) = 1 mg/L.
        XCTAssertEqual(Jobson.peakConcentrationMgL(unitPeak: 1000, massKg: 1, qM3s: 1), 1, accuracy: 1e-12)
    }
}
