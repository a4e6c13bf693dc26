import CGDAL

/// GDAL's error state is per thread. Every call into GDAL runs inside `GDALErrors.capture`, which installs
/// a handler that collects the messages (nothing is printed to stderr behind the caller's back) and hands
/// them back, so a failure carries GDAL's own text and warnings can be reported or treated as failures.
enum GDALErrors {
    final class Sink {
        var failures: [String] = []
        var warnings: [String] = []
    }

    /// GDAL's messages for an error: each text once, in order, the first five, then how many more (a
    /// hostile file can make a driver repeat a message per row).
    static func summary(_ messages: [String]) -> String {
        var seen = Set<String>(), unique: [String] = []
        for m in messages where seen.insert(m).inserted { unique.append(m) }
        let more = messages.count - unique.prefix(5).reduce(0) { n, u in n + messages.filter { $0 == u }.count }
        return unique.prefix(5).joined(separator: "; ") + (more > 0 ? "; and \(more) more message(s)" : "")
    }

    /// GDAL's drivers are registered once per process.
    static let registered: Void = { GDALAllRegister() }()

    static func capture<T>(_ body: () throws -> T) rethrows -> (T, Sink) {
        try capture { _ in try body() }
    }

    /// As `capture`, handing `body` the sink that collects, so calls made inside can read it.
    static func capture<T>(_ body: (Sink) throws -> T) rethrows -> (T, Sink) {
        _ = registered
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        CPLPushErrorHandlerEx({ cls, _, msg in
            guard let user = CPLGetErrorHandlerUserData() else { return }
            let s = Unmanaged<Sink>.fromOpaque(user).takeUnretainedValue()
            let text = msg.map { String(cString: $0) } ?? ""
            if cls.rawValue >= CE_Failure.rawValue { s.failures.append(text) } else if cls == CE_Warning { s.warnings.append(text) }
        }, box.toOpaque())
        defer { CPLPopErrorHandler(); box.release() }
        CPLErrorReset()
        return (try body(sink), sink)
    }
}
