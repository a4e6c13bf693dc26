import Foundation
import GeoKit

/// Bytes written by one worker into an unlinked temporary file beside the outputs, read back later in
/// another order. The file has no name once opened, so nothing is left behind if the run dies.
/// Owned by one task at a time: the worker that fills it, then the writer that reads it.
public final class RowSpill: @unchecked Sendable {
    private let fd: Int32
    private let label: String
    /// Bytes not yet in the file; writers append here, then call `flushIfFull()`.
    public var buffer: [UInt8] = []
    private var flushed: Int64 = 0

    public init(directory: URL, tag: String) throws {
        try FileSystem.makeDirectories(directory.path)
        let path = directory.appendingPathComponent(".basinmap-rows-\(getpid())-\(tag).tmp").path
        label = path
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileWriteError(path: path, reason: FileSystem.reason(errno)) }
        unlink(path)
        buffer.reserveCapacity(Self.flushSize + (1 << 16))
    }

    deinit { close(fd); scratch.deallocate() }

    static let flushSize = 4 << 20

    /// File offset of the next byte appended to `buffer`.
    public var offset: Int64 { flushed + Int64(buffer.count) }

    public func flushIfFull() throws { if buffer.count >= Self.flushSize { try flush() } }

    public func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { b in pwrite(fd, b.baseAddress! + done, b.count - done, off_t(flushed) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: label, reason: "temporary row file: " + String(cString: strerror(errno)))
            }
            done += n
        }
        flushed += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private var scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)

    /// Hands `body` the `count` bytes at `offset` (everything must have been flushed).
    public func withBytes(at offset: Int64, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if scratch.count < count {
            scratch.deallocate()
            scratch = .allocate(byteCount: Swift.max(count, scratch.count * 2), alignment: 1)
        }
        var got = 0
        while got < count {
            let n = pread(fd, scratch.baseAddress! + got, count - got, off_t(offset) + off_t(got))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw FileWriteError(path: label, reason: "temporary row file: short read") }
            got += n
        }
        try body(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
    }
}
