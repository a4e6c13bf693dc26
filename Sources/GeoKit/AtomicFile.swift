import Foundation

public struct FileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
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

/// A buffered writer into a temporary file beside the target, renamed over it by `commit()`: large
/// outputs are written without holding them in memory, and still appear atomically.
public final class AtomicStream {
    public let url: URL
    private let tmp: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var done = false

    public init(_ url: URL) throws {
        self.url = url
        let dir = url.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw FileWriteError(path: dir.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil), let h = FileHandle(forWritingAtPath: tmp.path) else {
            throw FileWriteError(path: url.path, reason: "cannot create a temporary file in \(dir.path) (permissions or disk space?)")
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !done { try? handle.close(); try? FileManager.default.removeItem(at: tmp) }
    }

    public func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw FileWriteError(path: url.path, reason: "write failed (\(error.localizedDescription))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the temporary file over the target.
    public func commit() throws {
        try flush()
        try handle.close()
        done = true
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw FileWriteError(path: url.path, reason: reason)
        }
    }
}
