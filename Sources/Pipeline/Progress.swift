import Foundation

/// Progress on stderr: a bar when stderr is a terminal, plain periodic lines otherwise, nothing when quiet.
public final class ProgressReporter: @unchecked Sendable {
    public enum Mode: Sendable { case auto, quiet }
    private let lock = NSLock()
    private let quiet: Bool
    private let tty: Bool
    private var stage = ""
    private var total = 0
    private var done = 0
    private var lastPrint = 0.0
    private let start = Date()

    public init(mode: Mode = .auto) {
        quiet = mode == .quiet
        tty = isatty(STDERR_FILENO) == 1
    }

    private func emit(_ s: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data(s.utf8))
    }

    public func begin(_ stage: String, total: Int) {
        lock.lock(); defer { lock.unlock() }
        self.stage = stage; self.total = total; done = 0; lastPrint = 0
        if !tty { emit("[\(elapsed())] \(stage)\(total > 1 ? " (\(total))" : "")\n") }
    }

    public func advance(_ n: Int) {
        lock.lock(); defer { lock.unlock() }
        done += n
        let now = Date().timeIntervalSince(start)
        if tty {
            if now - lastPrint < 0.1 && done < total { return }
            lastPrint = now
            let frac = total > 0 ? Double(done) / Double(total) : 1
            let width = 30, filled = Int(frac * Double(width))
            emit("\r\(stage) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)")
            if done >= total { emit("\n") }
        } else if now - lastPrint >= 2, total > 0 {
            lastPrint = now
            emit("[\(elapsed())] \(stage): \(done)/\(total) (\(Int(Double(done) * 100 / Double(total))) %)\n")
        }
    }

    /// A note the user should see even with --quiet (the output folder's state, not progress).
    public func warn(_ s: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("basinmap: note: \(s)\n".utf8))
    }

    public func note(_ s: String) {
        lock.lock(); defer { lock.unlock() }
        emit(s + "\n")
    }

    private func elapsed() -> String { String(format: "%6.1fs", Date().timeIntervalSince(start)) }
}
