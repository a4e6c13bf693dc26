import Foundation
import XCTest
@testable import ScoringKit

/// Finds Basins/syr-darya/scoring.json by walking up from this file.
func defaultRulesURL(file: StaticString = #filePath) throws -> URL {
    var dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
    for _ in 0..<8 {
        let candidate = dir.appendingPathComponent("Basins/syr-darya/scoring.json")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw XCTSkip("Basins/syr-darya/scoring.json not found above \(file)")
}

/// The rules file as plain JSON (read independently of ScoringKit's parser).
func rawRules() throws -> [String: Any] {
    let data = try Data(contentsOf: try defaultRulesURL())
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func rawIndex(_ raw: [String: Any], _ id: String) throws -> [String: Any] {
    let indices = try XCTUnwrap(raw["indices"] as? [[String: Any]])
    return try XCTUnwrap(indices.first { $0["id"] as? String == id })
}

func rawTerm(_ index: [String: Any], _ name: String) throws -> [String: Any] {
    let terms = try XCTUnwrap(index["terms"] as? [[String: Any]])
    return try XCTUnwrap(terms.first { $0["name"] as? String == name })
}

func transformOf(_ term: [String: Any]) throws -> [String: Any] {
    try XCTUnwrap(term["transform"] as? [String: Any])
}

func num(_ any: Any?) throws -> Double {
    try XCTUnwrap((any as? NSNumber)?.doubleValue, "expected a number, got \(String(describing: any))")
}

func table(_ term: [String: Any]) throws -> [String: Double] {
    let t = try XCTUnwrap(try transformOf(term)["table"] as? [String: Any])
    return try t.mapValues { try num($0) }
}

/// Independent bins evaluation: points[count of thresholds <= x].
func binPoints(_ term: [String: Any], _ x: Double) throws -> Double {
    try binPoints(transform: try transformOf(term), x)
}

func binPoints(transform tf: [String: Any], _ x: Double) throws -> Double {
    let th = try XCTUnwrap(tf["thresholds"] as? [Any]).map { try num($0) }
    let pts = try XCTUnwrap(tf["points"] as? [Any]).map { try num($0) }
    var i = 0
    while i < th.count && x >= th[i] { i += 1 }
    return pts[i]
}

func flagPoints(_ term: [String: Any], _ b: Bool) throws -> Double {
    let tf = try transformOf(term)
    return try num(b ? tf["true_points"] : tf["false_points"])
}

func defaultPoints(_ term: [String: Any]) throws -> Double {
    let d = try XCTUnwrap(term["default_when_missing"] as? [String: Any])
    return try num(d["points"])
}

func classIndex(_ index: [String: Any], _ value: Double) throws -> (String, Int) {
    let c = try XCTUnwrap(index["classes"] as? [String: Any])
    let names = try XCTUnwrap(c["names"] as? [String])
    let th = try XCTUnwrap(c["thresholds"] as? [Any]).map { try num($0) }
    var i = 0
    while i < th.count && value >= th[i] { i += 1 }
    return (names[i], i)
}

/// Writes a modified copy of the default rules to a temp dir and returns its URL.
func writeModified(_ modify: (inout [String: Any]) throws -> Void, name: String = "scoring.json") throws -> URL {
    var raw = try rawRules()
    try modify(&raw)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scoringkit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try JSONSerialization.data(withJSONObject: raw, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    return url
}

/// Applies `change` to the term `term` of index `index` in the raw JSON.
func modifyTerm(_ raw: inout [String: Any], index: String, term: String, _ change: (inout [String: Any]) -> Void) {
    var indices = raw["indices"] as! [[String: Any]]
    let i = indices.firstIndex { $0["id"] as? String == index }!
    var terms = indices[i]["terms"] as! [[String: Any]]
    let j = terms.firstIndex { $0["name"] as? String == term }!
    change(&terms[j])
    indices[i]["terms"] = terms
    raw["indices"] = indices
}

func modifyIndex(_ raw: inout [String: Any], index: String, _ change: (inout [String: Any]) -> Void) {
    var indices = raw["indices"] as! [[String: Any]]
    let i = indices.firstIndex { $0["id"] as? String == index }!
    change(&indices[i])
    raw["indices"] = indices
}

func result(_ results: [IndexResult], _ id: String) throws -> IndexResult {
    try XCTUnwrap(results.first { $0.index == id }, "no result for \(id)")
}
