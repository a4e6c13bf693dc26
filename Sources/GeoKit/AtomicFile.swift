import Foundation

public struct FileWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
}

/// Test hooks that end the process abruptly (as kill -9 would) at a chosen point of writing outputs, so
/// the test suite can check that an interrupted run never leaves a mixed or broken output folder.
///   BASINMAP_FAULT_AFTER_FILE=N  exit after the Nth event: a file finished, or a step of publishing the set
///   BASINMAP_FAULT_MID_FILE=N    exit half-way through writing the Nth file
/// The exit status is 86. Unset (the normal case), they cost one integer comparison per file.
public enum FaultInjection {
    static let afterEvent = Int(ProcessInfo.processInfo.environment["BASINMAP_FAULT_AFTER_FILE"] ?? "") ?? 0
    static let midFile = Int(ProcessInfo.processInfo.environment["BASINMAP_FAULT_MID_FILE"] ?? "") ?? 0
    public static let exitStatus: Int32 = 86
    private static let lock = NSLock()
    nonisolated(unsafe) private static var events = 0
    nonisolated(unsafe) private static var files = 0

    /// A file or a publishing step is done.
    public static func event() {
        guard afterEvent > 0 else { return }
        lock.lock(); events += 1; let n = events; lock.unlock()
        if n == afterEvent { _exit(exitStatus) }
    }

    /// A file is about to be written: true when this one should be cut half-way.
    static func cutThisFile() -> Bool {
        guard midFile > 0 else { return false }
        lock.lock(); files += 1; let n = files; lock.unlock()
        return n == midFile
    }

    static func die() -> Never { _exit(exitStatus) }
}

/// Writes a file atomically: a temporary file beside the target, then rename, so a reader never sees
/// a half-written file and a failed run leaves the previous output intact.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileSystem.makeDirectories(dir.path)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        if FaultInjection.cutThisFile() {
            _ = FileManager.default.createFile(atPath: tmp.path, contents: data.prefix(data.count / 2))
            FaultInjection.die()
        }
        guard FileManager.default.createFile(atPath: tmp.path, contents: data) else {
            throw FileWriteError(path: url.path, reason: "cannot create a temporary file in \(dir.path) (permissions or disk space?)")
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw FileWriteError(path: url.path, reason: reason)
        }
        FaultInjection.event()
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
    private let cut: Bool

    public init(_ url: URL) throws {
        self.url = url
        let dir = url.deletingLastPathComponent()
        try FileSystem.makeDirectories(dir.path)
        tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil), let h = FileHandle(forWritingAtPath: tmp.path) else {
            throw FileWriteError(path: url.path, reason: "cannot create a temporary file in \(dir.path) (permissions or disk space?)")
        }
        handle = h
        cut = FaultInjection.cutThisFile()
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
            throw FileWriteError(path: url.path, reason: "write failed: \(FileSystem.plain(error))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the temporary file over the target.
    public func commit() throws {
        if cut {
            buffer.removeLast(buffer.count / 2)
            try flush()
            FaultInjection.die()
        }
        try flush()
        try handle.close()
        done = true
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw FileWriteError(path: url.path, reason: reason)
        }
        FaultInjection.event()
    }
}
