import Foundation
import GeoKit

/// One segment of a GMT ASCII multisegment file: the header text after '>' and its vertices.
public struct GMTSegment: Sendable, Equatable {
    public var header: String
    public var coordinates: [Coordinate]

    /// The value of a `-X<value>` option in the header, e.g. `option("Z")` gives "AB" for "-ZAB Country name".
    public func option(_ letter: Character) -> String? {
        for word in header.split(separator: " ") where word.hasPrefix("-\(letter)") {
            return String(word.dropFirst(2))
        }
        return nil
    }

    /// The river/border level in headers such as "River Bin # 15540, Level 2".
    public var level: Int? {
        guard let r = header.range(of: "Level ") else { return nil }
        return Int(header[r.upperBound...].prefix { $0.isNumber })
    }
}

public struct GMTTextError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads GMT's ASCII multisegment format (`gmt coast -M` output): '>' header lines, then "x y" rows.
public enum GMTText {
    public static func read(_ url: URL) throws -> [GMTSegment] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw GMTTextError(description: "\(url.path): cannot read (\(error.localizedDescription))")
        }
        return try parse(text, name: url.lastPathComponent)
    }

    public static func parse(_ text: String, name: String) throws -> [GMTSegment] {
        var segs: [GMTSegment] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix(">") {
                segs.append(GMTSegment(header: line.dropFirst().trimmingCharacters(in: .whitespaces), coordinates: []))
                continue
            }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard parts.count >= 2, let x = Double(parts[0]), let y = Double(parts[1]) else {
                throw GMTTextError(description: "\(name) line \(lineNo): expected 'lon lat', found '\(line)'")
            }
            if segs.isEmpty { segs.append(GMTSegment(header: "", coordinates: [])) }
            segs[segs.count - 1].coordinates.append(Coordinate(x: x, y: y))
        }
        return segs
    }
}
