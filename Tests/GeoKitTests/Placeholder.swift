import XCTest

final class GeoKitTestsPlaceholder: XCTestCase {
    func testPlaceholder() { XCTAssertTrue(true) }
}
