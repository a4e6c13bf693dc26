import Foundation
import GeoKit

/// dBase limits a Shapefile's field names to 10 ASCII bytes (case-insensitive) and its texts to 254
/// bytes. Left to GDAL, 43 of the site fields launder into clashes (`runout_rea`, `runout_r_1`) that
/// change with the field set; here every long or non-ASCII name gets a short name of its own, `prefix_NNN`
/// by position, the same for the same table, written out as `field-names.csv` and in the README.
public struct ShapefileNames: Sendable {
    public let short: [String]

    public init(_ names: [String]) {
        var out: [String] = [], taken = Set<String>()
        var counter = 0
        for n in names {
            let plain = n.utf8.count <= 10 && n.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if plain && taken.insert(n.lowercased()).inserted { out.append(n); continue }
            var s: String
            repeat {
                counter += 1
                let stem = String(n.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }.prefix(6))
                s = (stem.isEmpty ? "f" : stem) + "_" + String(format: "%03d", counter % 1000)
            } while !taken.insert(s.lowercased()).inserted
            out.append(s)
        }
        short = out
    }

    /// A QGIS style with its field references ("name" in expressions, field="name" attributes) renamed.
    public func rename(_ qml: String, from names: [String]) -> String {
        var s = qml
        for (long, sh) in zip(names, short) where long != sh {
            s = s.replacingOccurrences(of: "&quot;\(XML.escape(long))&quot;", with: "&quot;\(sh)&quot;")
                .replacingOccurrences(of: "field=\"\(XML.escape(long))\"", with: "field=\"\(sh)\"")
                .replacingOccurrences(of: "\"\(XML.escape(long))\"</orderByClause>", with: "\"\(sh)\"</orderByClause>")
        }
        return s
    }
}
