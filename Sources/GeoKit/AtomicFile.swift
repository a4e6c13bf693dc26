import Foundation

public struct FileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a file atomically: a temporary file beside the target, then rename, so a reader never sees
/// a half-written file and a failed run leaves the previous output intact.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: dir.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: data) else {
            throw FileWriteError(path: url.path, reason: "cannot create a temporary file in \(dir.path) (permissions or disk space?)")
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw FileWriteError(path: url.path, reason: reason)
        }
    }

    public static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }
}
