import Foundation
import GeoKit

/// Checks an input path before a reader opens it, so the message names the path and the problem in plain
/// words (a folder where a file is expected, no permission) rather than Foundation's error text.
enum InputCheck {
    static func file(_ url: URL, option: String) throws {
        let p = url.path
        switch FileSystem.kind(p) {
        case .missing: throw FileSystemError(path: p, problem: "no such file (\(option))")
        case .directory: throw FileSystemError(path: p, problem: "is a folder; \(option) expects a file")
        case .regular:
            if !FileSystem.isReadable(p) { throw FileSystemError(path: p, problem: "permission denied (\(option))") }
        case .other:
            // A device or pipe (/dev/null): the readers map files, which a device refuses with a
            // "permission" error. Empty is the common case and has a plain answer.
            if !FileSystem.isReadable(p) { throw FileSystemError(path: p, problem: "permission denied (\(option))") }
            if (FileHandle(forReadingAtPath: p)?.readDataToEndOfFile().isEmpty ?? true) {
                throw FileSystemError(path: p, problem: "is empty: no records to read (\(option))")
            }
            throw FileSystemError(path: p, problem: "is a device or pipe, not a file; save it to a file and give that (\(option))")
        }
    }

    static func folder(_ url: URL, what: String) throws {
        let p = url.path
        switch FileSystem.kind(p) {
        case .missing: throw FileSystemError(path: p, problem: "no such folder (\(what))")
        case .regular, .other: throw FileSystemError(path: p, problem: "is a file; expected \(what)")
        case .directory:
            if !FileSystem.isReadable(p) { throw FileSystemError(path: p, problem: "permission denied (\(what))") }
        }
    }
}
