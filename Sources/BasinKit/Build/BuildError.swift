import Foundation

/// A failure while building basin geometry from GMT dumps: names the file, the feature and what was expected.
public struct BasinBuildError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}
