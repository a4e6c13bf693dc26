import XCTest

final class MapKitTestsPlaceholder: XCTestCase {
    func testPlaceholder() { XCTAssertTrue(true) }
}
