import CLibFuzzer
import Foundation

/// Shared by the fuzz targets: the self-check that proves `make fuzz` reports a crash, a leak and a
/// hang, and the one way a target reports a broken invariant.
public enum FuzzSupport {
    /// Read once: the self-check inputs act only when BASINMAP_FUZZ_SELFCHECK is set, so a fuzzer that
    /// happens to produce the magic bytes during a real run does not "find" the deliberate faults.
    static let selfCheckEnabled = ProcessInfo.processInfo.environment["BASINMAP_FUZZ_SELFCHECK"] != nil

    static let crashMagic = Array("BASINMAP-SELFCHECK-CRASH".utf8)
    static let leakMagic = Array("BASINMAP-SELFCHECK-LEAK".utf8)
    static let hangMagic = Array("BASINMAP-SELFCHECK-HANG".utf8)

    /// Call first in every target. With the self-check enabled, an input starting with one of the magic
    /// strings crashes, leaks or hangs on purpose.
    public static func selfCheck(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard selfCheckEnabled else { return }
        if bytes.starts(with: crashMagic) { fatalError("fuzz self-check: deliberate crash") }
        if bytes.starts(with: leakMagic) { leakOnPurpose() }
        if bytes.starts(with: hangMagic) { while true { usleep(100_000) } }
    }

    /// Unoptimised so the allocations stay: 100 blocks whose only pointers are dropped, for LeakSanitizer.
    @_optimize(none) @inline(never)
    static func leakOnPurpose() {
        for _ in 0..<100 {
            guard let p = malloc(256) else { return }
            memset(p, 1, 256)
        }
    }

    /// The target's main: runs libFuzzer's driver over `testOneInput` with the command-line options.
    public static func runDriver(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }

    /// The input as a buffer (libFuzzer may pass a null pointer with size 0).
    public static func buffer(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: size > 0 ? bytes : nil, count: size)
    }

    /// A broken invariant is a finding like a crash: abort with a message libFuzzer shows beside the input.
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("fuzz invariant: \(message())") }
    }

    /// The input as Data (the readers take Data).
    public static func data(_ bytes: UnsafeBufferPointer<UInt8>) -> Data { Data(buffer: bytes) }
}
