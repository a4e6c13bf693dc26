import ArgumentParser
import Foundation
import Pipeline

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the per-site output fields (name, type, unit, formats, meaning) as Markdown.",
        discussion: "The index fields follow the basin's scoring rules (or --rules). docs/fields.md is this list for Basins/syr-darya.")

    @Argument(help: "Basin folder (its scoring.json gives the index fields).")
    var basin: String

    @Option(name: .long, help: "Scoring rules file instead of the basin's scoring.json.")
    var rules: String?

    func run() throws {
        let url = rules.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: basin).appendingPathComponent("scoring.json")
        do { print(try Pipeline.fieldDocs(rules: url), terminator: "") } catch { throw failure("\(error)") }
    }
}
