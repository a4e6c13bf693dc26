import Foundation
import GeoKit

/// One PROJ transformation per CRS, per task (Projection is not Sendable); failures are remembered too,
/// so a bad CRS costs one PROJ call per file chunk, not one per row.
final class ProjectionCache {
    private var made: [String: Projection] = [:]
    private var failed: [String: String] = [:]

    /// Each new CRS text costs PROJ a fresh context and a proj.db look-up (0.1-0.3 s for an unknown code
    /// under load), so a file with a different bogus CRS on every row would take hours: refused past this.
    static let maxDistinct = 16

    func projection(_ crs: String) -> Result<Projection, AngleError> {
        if let p = made[crs] { return .success(p) }
        if let f = failed[crs] { return .failure(AngleError(f)) }
        // Text PROJ would search for by name (seconds per value in proj.db; fuzzing found it) is refused here.
        guard Self.isDefinition(crs) else {
            return .failure(AngleError("expected an authority code such as EPSG:32642, a PROJ string (+proj=...), WKT or PROJJSON"))
        }
        guard made.count + failed.count < Self.maxDistinct else {
            return .failure(AngleError("more than \(Self.maxDistinct) different CRSs in one file; convert the positions first or split the file"))
        }
        do {
            let p = try Projection(from: crs, to: "EPSG:4326")
            made[crs] = p
            return .success(p)
        } catch {
            let m = "\(error)"
            failed[crs] = m
            return .failure(AngleError(m))
        }
    }

    /// AUTH:CODE (and OGC URNs), PROJ strings, WKT and PROJJSON: the forms PROJ reads without a name search.
    static func isDefinition(_ crs: String) -> Bool {
        if crs.hasPrefix("+") || crs.hasPrefix("{") { return true }
        let wkt = ["PROJCRS[", "GEOGCRS[", "GEODCRS[", "BOUNDCRS[", "COMPOUNDCRS[", "PROJCS[", "GEOGCS[", "GEOCCS[", "COMPD_CS["]
        let upper = crs.uppercased()
        if wkt.contains(where: { upper.hasPrefix($0) }) { return true }
        guard let colon = crs.firstIndex(of: ":"), colon != crs.startIndex, crs.index(after: colon) != crs.endIndex else { return false }
        return crs.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || ":._-".unicodeScalars.contains($0)) }
    }

    /// "32642", "epsg:32642", "EPSG 32642" -> "EPSG:32642"; PROJ strings and other names unchanged.
    static func normalise(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if !t.isEmpty && t.allSatisfy({ $0.isASCII && $0.isNumber }) { return "EPSG:" + t }
        let u = t.uppercased()
        if u.hasPrefix("EPSG") {
            let rest = u.dropFirst(4).drop { $0 == ":" || $0 == " " }
            if !rest.isEmpty && rest.allSatisfy({ $0.isASCII && $0.isNumber }) { return "EPSG:" + rest }
        }
        return t
    }
}
