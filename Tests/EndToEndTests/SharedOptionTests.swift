import XCTest
import Foundation

/// The option groups shared by the subcommands: the same option is accepted, checked and applied alike by
/// every command that has it.
final class SharedOptionTests: XCTestCase {
    let cmd = E2E()

    func testEveryCommandWithFlowOptionsRefusesANegativeEntryDistance() throws {
        for args in [["run", cmd.basin, "--out", cmd.tmp()], ["trace", cmd.basin, "--at", "72.48,41.28"], ["alarms", cmd.basin, "--out", cmd.tmp()]] {
            let r = try cmd.run(args + ["--entry-km", "-1"])
            XCTAssertEqual(r.status, 64, "\(args[0]): \(r.err)")
            XCTAssertTrue(r.err.contains("--entry-km must be a distance >= 0 km"), "\(args[0]): \(r.err)")
        }
    }

    func testEveryCommandWithInventoryOptionsRefusesAnUnknownEncoding() throws {
        for args in [["run", cmd.basin, "--out", cmd.tmp()], ["validate", cmd.fixture], ["alarms", cmd.basin, "--out", cmd.tmp()]] {
            let r = try cmd.run(args + ["--encoding", "ebcdic"])
            XCTAssertEqual(r.status, 64, "\(args[0]): \(r.err)")
            XCTAssertTrue(r.err.contains("--encoding expects one of"), "\(args[0]): \(r.err)")
        }
    }

    func testValidateWritesTheRejectsReportWithTheAskedDelimiterAndBOM() throws {
        let rejects = cmd.tmp() + "-rejects.csv"
        let r = try cmd.run(["validate", cmd.fixture, "--rejects", rejects, "--csv-delimiter", ";", "--csv-bom"])
        XCTAssertTrue([0, 3].contains(r.status), r.err)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: rejects))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark")
        let header = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        XCTAssertTrue(header.contains(";") && !header.contains(","), header)
    }

    func testAMissingColumnsFileIsADataErrorNotACrash() throws {
        let r = try cmd.run(["alarms", cmd.basin, "--out", cmd.tmp(), "--columns", "/nonexistent/columns.json"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.err.contains("basinmap: error:") && r.err.contains("columns.json"), r.err)
    }
}
