import Foundation
import XCTest

/// Basin knowledge lives in Basins/<id>/, not in code: no name the basin folders hold (countries in every
/// spelling, rivers, lakes, enclaves, map notes) and no box of theirs may appear in Sources/.
final class BasinLiteralsTests: XCTestCase {
    /// Every basin folder's names and boxes, from its basin.json and network.json.
    static func basinLiterals() throws -> (names: Set<String>, isos: Set<String>, boxes: [[Double]]) {
        var names = Set<String>(), isos = Set<String>(), boxes: [[Double]] = []
        let basins = Repo.root.appendingPathComponent("Basins")
        let folders = try FileManager.default.contentsOfDirectory(atPath: basins.path).sorted()
        for f in folders {
            let dir = basins.appendingPathComponent(f)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent("basin.json")) else { continue }
            let top = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(f)/basin.json")
            names.insert(try XCTUnwrap(top["name"] as? String))
            for key in ["countries", "neighbours"] {
                for c in (top[key] as? [[String: Any]]) ?? [] {
                    isos.insert(try XCTUnwrap(c["iso"] as? String))
                    for n in [c["name"] as? String, c["name_ru"] as? String].compactMap({ $0 }) + ((c["aliases"] as? [String]) ?? []) { names.insert(n) }
                }
            }
            if let m = top["map"] as? [String: Any] {
                names.formUnion((m["labelled_rivers"] as? [String]) ?? [])
                if let first = (m["historical_lake_label"] as? [String])?.first { names.insert(first) }
                if let i = m["inset"] as? [String: Any] {
                    boxes.append(try XCTUnwrap(i["box"] as? [Double]))
                    // The inset's place name: its note up to the colon ("<place>: see inset").
                    if let note = i["note"] as? String, let c = note.firstIndex(of: ":") { names.insert(String(note[..<c])) }
                }
            }
            if let b = top["build"] as? [String: Any] {
                for k in ["box", "shore_box"] { if let v = b[k] as? [Double] { boxes.append(v) } }
                for c in (b["country_clips"] as? [[String: Any]]) ?? [] { boxes.append(try XCTUnwrap(c["box"] as? [Double])) }
                for e in (b["enclaves"] as? [[String: Any]]) ?? [] { names.insert(try XCTUnwrap(e["name"] as? String)) }
                for l in (b["known_lakes"] as? [[String: Any]]) ?? [] { names.insert(try XCTUnwrap(l["name"] as? String)) }
            }
            if let v = top["populated_box"] as? [Double] { boxes.append(v) }
            if let e = top["extent"] as? [Double] { boxes.append(e) }
            if let nd = try? Data(contentsOf: dir.appendingPathComponent("network.json")),
               let net = try JSONSerialization.jsonObject(with: nd) as? [String: Any] {
                for key in ["named_points", "split_points"] {
                    for p in (net[key] as? [[String: Any]]) ?? [] { if let n = p["name"] as? String { names.insert(n) } }
                }
                names.formUnion(((net["context_notes"] as? [String: Any]) ?? [:]).keys)
            }
        }
        // "Chardara (Shardara) reservoir" is found as "Chardara" and "Shardara"; generic words are not names.
        let generic: Set<String> = ["reservoir", "lake", "sea", "river", "valley", "becomes", "chatkal becomes chirchiq"]
        var parts = Set<String>()
        for n in names {
            for piece in n.replacingOccurrences(of: ")", with: "(").split(separator: "(").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                var p = piece
                for suffix in [" reservoir", " Sea", " Valley", " lake"] where p.hasSuffix(suffix) { p = String(p.dropLast(suffix.count)) }
                if p.count >= 3, !generic.contains(p.lowercased()), !p.allSatisfy({ $0.isASCII && $0.isUppercase }) { parts.insert(p) }
            }
        }
        return (parts, isos, boxes)
    }

    /// Every hit: file:line and what matched.
    static func hits() throws -> [String] {
        let (names, isos, boxes) = try basinLiterals()
        let sources = Repo.root.appendingPathComponent("Sources")
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: sources.path)!
        let nameRes = try names.sorted().map { n in
            (n, try NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: n) + "(?![\\p{L}\\p{N}])", options: [.caseInsensitive]))
        }
        func number(_ d: Double) -> String {
            let s = d == d.rounded() ? String(Int(d)) : String(d)
            return "(?<![0-9.])" + NSRegularExpression.escapedPattern(for: s) + "(?:\\.0+)?(?![0-9])"
        }
        let boxRes = try boxes.map { b in (b, try b.map { try NSRegularExpression(pattern: number($0)) }) }
        while let rel = e.nextObject() as? String {
            let url = sources.appendingPathComponent(rel)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for (i, line) in text.components(separatedBy: "\n").enumerated() {
                let r = NSRange(line.startIndex..., in: line)
                for (n, re) in nameRes where re.firstMatch(in: line, range: r) != nil { out.append("Sources/\(rel):\(i + 1): name '\(n)'") }
                for iso in isos where line.contains("\"\(iso)\"") { out.append("Sources/\(rel):\(i + 1): ISO code \"\(iso)\"") }
                for (b, res) in boxRes where res.allSatisfy({ $0.firstMatch(in: line, range: r) != nil }) {
                    out.append("Sources/\(rel):\(i + 1): box \(b)")
                }
            }
        }
        return out.sorted()
    }

    func testTheListOfLiteralsIsTakenFromTheBasinFolders() throws {
        let (names, isos, boxes) = try Self.basinLiterals()
        // The check can fail: it knows the first basin's main river, a country in Russian, an enclave, a box.
        XCTAssertTrue(names.contains("Naryn") && names.contains("Узбекистан") && names.contains("Sarvak") && names.contains("Fergana"), "\(names.sorted())")
        XCTAssertTrue(isos.contains("KZ"))
        XCTAssertTrue(boxes.contains([70.0, 39.8, 73.6, 41.8]))
        let probe = try NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: "Syr Darya") + "(?![\\p{L}\\p{N}])", options: [.caseInsensitive])
        XCTAssertNotNil(probe.firstMatch(in: "let x = \"syr darya\"", range: NSRange(location: 0, length: 19)))
    }

    func testNoBasinSpecificLiteralInSources() throws {
        let hits = try Self.hits()
        print("basin-specific literals in Sources/: \(hits.count)")
        XCTAssertEqual(hits, [], "basin knowledge belongs in Basins/<id>/ (see Basins/README.md)")
    }
}
