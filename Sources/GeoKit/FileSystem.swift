import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file-system failure in plain words: the path, and what is wrong with it (never Foundation's
/// "Error Domain=NSCocoaErrorDomain Code=..." text).
public struct FileSystemError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): \(problem)" }
    public init(path: String, problem: String) { self.path = path; self.problem = problem }
}

/// The few POSIX operations the output folder needs, with errors that name the path and the problem.
public enum FileSystem {
    public enum Kind: Sendable { case missing, directory, regular, other }

    public static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        default: return .other
        }
    }

    public static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }

    public static func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    public static func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    /// A plain reason for errno, with what it usually means for a folder a run writes into.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "read-only file system"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "disk quota exceeded"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EEXIST: return "already exists"
        case ENOENT: return "no such file or folder"
        default: return String(cString: strerror(code))
        }
    }

    /// Foundation's error in plain words (its own text reads "Error Domain=NSCocoaErrorDomain Code=...").
    public static func plain(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return reason(Int32(ns.code)) }
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain { return reason(Int32(u.code)) }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on the device"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            case .fileWriteFileExists: return "already exists"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "not readable as text"
            default: return "input/output error (code \(ns.code))"
            }
        }
        return "\(error)"
    }

    /// Creates `path` and its missing parents. Names the first part of the path that is a file, and the
    /// folder that refused, rather than a generic failure.
    public static func makeDirectories(_ path: String) throws {
        switch kind(path) {
        case .directory: return
        case .regular, .other: throw FileSystemError(path: path, problem: "is a file, not a folder")
        case .missing: break
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path {
            do { try makeDirectories(parent) } catch let e as FileSystemError {
                throw FileSystemError(path: path, problem: e.path == parent && e.problem.hasPrefix("is a file")
                    ? "cannot create the folder: \(parent) is a file" : e.problem.hasPrefix("cannot create the folder: ") ? e.problem : "cannot create the folder: \(e)")
            }
        }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            let e = errno
            throw FileSystemError(path: path, problem: "cannot create the folder: \(reason(e))")
        }
    }

    /// One folder, owner-only until published; the errno when it cannot be made.
    public static func makeDirectory(_ path: String) -> Int32? { mkdir(path, 0o700) == 0 ? nil : errno }

    public static func copyMode(from: String, to: String) {
        if let m = mode(from) { chmod(to, m) }
    }

    /// The path with symbolic links resolved (the path itself when it does not exist).
    public static func realPath(_ path: String) -> String {
        guard let p = realpath(path, nil) else { return path }
        defer { free(p) }
        return String(cString: p)
    }

    public static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    public static func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    public static func rename(_ from: String, _ to: String) throws {
        if posixRename(from, to) != 0 {
            let e = errno
            throw FileSystemError(path: to, problem: "cannot move \(from) here: \(reason(e))")
        }
    }

    /// Hard link; false when the file system refuses (the caller falls back to moving the file).
    public static func link(_ from: String, _ to: String) -> Bool { posixLink(from, to) == 0 }

    /// Swaps two folders in one step (Linux renameat2 RENAME_EXCHANGE): a reader sees one or the other,
    /// never a mix. Returns the errno when the kernel or file system cannot do it (EINVAL, ENOSYS, EXDEV, ...).
    public static func exchange(_ a: String, _ b: String) -> Int32? {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // glibc declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module does not set.
        guard let h = dlopen(nil, RTLD_NOW), let sym = dlsym(h, "renameat2") else { return ENOSYS }
        let f = unsafeBitCast(sym, to: RenameAt2.self)
        return f(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0 ? nil : errno
        #else
        return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0 ? nil : errno
        #endif
    }

    /// Makes a finished rename durable (the directory entry, not just the file data).
    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

private func posixRename(_ a: String, _ b: String) -> Int32 { rename(a, b) }
private func posixLink(_ a: String, _ b: String) -> Int32 { link(a, b) }

/// An exclusive advisory lock on a file (flock), released by the kernel when the process ends however it
/// ends, so a lock left by a killed run is never mistaken for a live one. The file holds who holds it.
public final class FolderLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32
    /// What the file said when the lock was taken: the holder of a lock that was not released cleanly.
    public let previousHolder: String

    public enum Outcome { case acquired(FolderLock), busy(holder: String) }

    private init(path: String, fd: Int32, previous: String) { self.path = path; self.fd = fd; previousHolder = previous }

    public static func acquire(_ path: String, holder: String) throws -> Outcome {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let e = errno
            throw FileSystemError(path: (path as NSString).deletingLastPathComponent, problem: "cannot write in this folder: \(reason(e))")
        }
        func read() -> String {
            var buf = [UInt8](repeating: 0, count: 512)
            let n = pread(fd, &buf, buf.count, 0)
            return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            // The holder may still be writing its line: give it a moment.
            var h = read()
            for _ in 0..<20 where h.isEmpty { usleep(10_000); h = read() }
            close(fd)
            if e == EWOULDBLOCK { return .busy(holder: h.isEmpty ? "unknown" : h) }
            throw FileSystemError(path: path, problem: "cannot lock: \(reason(e))")
        }
        let previous = read()
        let line = Array((holder + "\n").utf8)
        ftruncate(fd, 0)
        _ = pwrite(fd, line, line.count, 0)
        return .acquired(FolderLock(path: path, fd: fd, previous: previous))
    }

    private static func reason(_ e: Int32) -> String { FileSystem.reason(e) }

    /// Clears the holder line (a clean end) and releases the lock.
    public func release() {
        guard fd >= 0 else { return }
        ftruncate(fd, 0)
        close(fd)
        fd = -1
    }

    deinit { if fd >= 0 { close(fd) } }
}
