import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit

enum Repo {
    static let root: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
        }
        fatalError("repository root not found above \(#filePath)")
    }()
    static let basinDir = root.appendingPathComponent("Basins/syr-darya")
}

/// The committed basin, loaded once for all tests.
let syrDarya: Basin = try! BasinLoader.load(directory: Repo.basinDir)
let syrDaryaRules: RuleSet = try! RuleSet.load(contentsOf: Repo.basinDir.appendingPathComponent("scoring.json"))

func site(_ id: String, lon: Double, lat: Double, kind: SiteKind = .tailings, attributes: [String: AttributeValue] = [:]) -> Site {
    Site(id: id, name: id, kind: kind, position: Coordinate(lon: lon, lat: lat), attributes: attributes,
         origin: RecordOrigin(file: "test", line: 1))
}

struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
