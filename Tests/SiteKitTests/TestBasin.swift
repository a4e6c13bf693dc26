import Foundation
import GeoKit
import SiteKit

/// The countries and box SiteKit's tests read inventories with: the committed syr-darya basin.json's
/// countries and neighbours (the pipeline passes the same from BasinKit), and the box the tests were
/// written for (the basin with a margin, lon 60..80, lat 37..46).
enum TestBasin {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let extent = Envelope(minX: 60, minY: 37, maxX: 80, maxY: 46)

    static let countries: [CountrySpellings] = {
        let url = root.appendingPathComponent("Basins/syr-darya/basin.json")
        guard let data = try? Data(contentsOf: url),
              let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { fatalError("cannot read \(url.path)") }
        func list(_ key: String, neighbour: Bool) -> [CountrySpellings] {
            ((top[key] as? [[String: Any]]) ?? []).map { c in
                let names = [c["name"] as? String, c["name_ru"] as? String].compactMap { $0 } + ((c["aliases"] as? [String]) ?? [])
                return CountrySpellings(iso: c["iso"] as! String, spellings: names, neighbour: neighbour)
            }
        }
        return list("countries", neighbour: false) + list("neighbours", neighbour: true)
    }()
    static var isos: [String] { countries.filter { !$0.neighbour }.map(\.iso) }
}
