import XCTest

final class BasinKitTestsPlaceholder: XCTestCase {
    func testPlaceholder() { XCTAssertTrue(true) }
}
