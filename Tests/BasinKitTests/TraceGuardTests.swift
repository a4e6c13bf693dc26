import Foundation
import XCTest
import GeoKit
@testable import BasinKit

/// The tracer's own guard behind the loader's checks: given edges that loop (a Basin made in code, not
/// loaded), a trace stops with the reason instead of walking, and allocating, forever.
final class TraceGuardTests: XCTestCase {
    func testLoopingEdgesStopTheTraceWithAReason() throws {
        var basin = try BasinLoader.load(directory: Repo.basin)
        // Edge 3 (Syr Darya below the Chirchiq) flows into edge 4 upstream of it, which flows back into 3.
        basin.rivers[3].downstreamEdge = 4
        let tracer = try DownstreamTracer(basin: basin)
        let t0 = Date()
        XCTAssertThrowsError(try tracer.trace(edge: 7, offsetM: 0, includePath: true)) { error in
            let d = "\(error)"
            XCTAssertTrue(d.contains("the network loops"), d)
            XCTAssertTrue(d.contains("downstream_edge"), d)
        }
        XCTAssertNil(tracer.distanceDownstream(from: (7, 0), to: (0, 0)), "the outlet is never reached round a loop")
        XCTAssertLessThan(Date().timeIntervalSince(t0), 5)

        basin.rivers[3].downstreamEdge = 3
        let selfLoop = try DownstreamTracer(basin: basin)
        XCTAssertThrowsError(try selfLoop.trace(edge: 3, offsetM: 0, includePath: false))
        // Edges that never reach the loop still trace.
        XCTAssertEqual(try selfLoop.trace(edge: 2, offsetM: 0, includePath: false).countries.last, "KZ")

        basin.rivers[3].downstreamEdge = 500
        XCTAssertThrowsError(try DownstreamTracer(basin: basin).trace(edge: 4, offsetM: 0, includePath: false)) { error in
            XCTAssertTrue("\(error)".contains("downstream_edge 500 does not exist"), "\(error)")
        }
    }
}
