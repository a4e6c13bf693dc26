import XCTest
import GeoKit
import SiteKit
import OutputKit

/// The one CSV escaper (CSV.appendField): formula starts, quoting, delimiters, decimal comma.
final class CSVFormatTests: XCTestCase {
    func testFormulaStartsAreDefusedIncludingAfterALineBreak() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1+1", "\n=1+1", "\r\n@x", "\n-2", "\r+3"] {
            let f = CSV.field(s)
            let body = f.hasPrefix("\"") ? String(f.dropFirst()) : f
            XCTAssertTrue(body.hasPrefix("'"), "\(s.debugDescription) -> \(f.debugDescription)")
        }
        for s in ["plain", " =not a formula start", "Хвостохранилище", "41.5", ""] {
            XCTAssertFalse(CSV.field(s).contains("'"), s)
        }
        XCTAssertEqual(CSV.field("-1", text: false), "-1", "numbers are not text cells")
    }

    func testQuotingFollowsTheDelimiter() {
        XCTAssertEqual(CSV.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSV.field("a,b", delimiter: UInt8(ascii: ";")), "a,b")
        XCTAssertEqual(CSV.field("a;b", delimiter: UInt8(ascii: ";")), "\"a;b\"")
        XCTAssertEqual(CSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSV.field("\r=1"), "\"'\r=1\"")
        XCTAssertEqual(CSV.cell(.number(1200.5), format: CSVFormat(delimiter: UInt8(ascii: ";"), decimalComma: true)), "1200,5")
        XCTAssertEqual(CSV.line(["a", "b"], delimiter: UInt8(ascii: ";")), "a;b\r\n")
        XCTAssertEqual(CSV.header(["=x", "b"], format: CSVFormat(bom: true)), "\u{FEFF}'=x,b\r\n")
    }

    func testRejectsReportIsDefused() {
        let j = Reject(origin: RecordOrigin(file: "\r=evil.csv", line: 3, feature: nil), id: "\n@id", field: "name", value: "\r+1", reason: "-bad")
        let text = CSVOutput.rejects([j], format: CSVFormat(delimiter: UInt8(ascii: ";")))
        XCTAssertEqual(text, "source;line;feature;id;field;value;reason\r\n\"'\r=evil.csv\";3;;\"'\n@id\";name;\"'\r+1\";'-bad\r\n")
    }
}
