import ArgumentParser
import Foundation
import GeoKit
import SiteKit
import OutputKit
import Pipeline

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read and validate inventories only; write the rejects report.",
        discussion: "Checks every record as `run` would (fields, numbers, coordinates, duplicate ids, the basin's extent when --basin is given) and writes rejects.csv. Exit status: 0 read (rejects and warnings reported); 1 a file missing or malformed; 3 with --strict when anything was rejected or warned; 64 usage error.")

    @Argument(help: "Inventory files (CSV or GeoJSON).")
    var files: [String]

    @Option(name: .long, help: "Basin folder: positions outside its extent are rejected.")
    var basin: String?

    @Option(name: .long, help: "Where to write the rejects report.")
    var rejects: String = "rejects.csv"

    @Flag(name: .long, help: "Exit with status 3 when any record is rejected or any inventory warning is given (records with warnings are rejected).")
    var strict = false

    @OptionGroup var inventory: InventoryInputOptions
    @OptionGroup var csv: CSVWriteOptions


    func run() async throws {
        var extent: Envelope? = nil
        var countries: [CountrySpellings] = []
        if let basin {
            do {
                let m = try Pipeline.loadBasin(RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: "."))).metadata
                extent = m.extent; countries = m.countrySpellings
            } catch { throw failure("\(error)") }
        }
        let mapping = try inventory.loadColumns()
        let result: InventoryResult
        do {
            var opts = InventoryOptions(countries: countries, extent: extent, crs: inventory.crs, strict: strict, encoding: inventory.textEncoding, columns: mapping)
            opts.sheet = inventory.sheet; opts.layer = inventory.layer
            result = try InventoryReader.read(files.map { URL(fileURLWithPath: $0) }, options: opts)
        } catch { throw failure("\(error)") }
        if !result.unreadableFiles.isEmpty { throw failure(result.unreadableFiles.joined(separator: "\n")) }
        do { try AtomicFile.write(CSVOutput.rejects(result.rejects, format: CSVFormat(delimiter: try csv.delimiterByte(), decimalComma: csv.decimalComma, bom: csv.csvBOM)), to: URL(fileURLWithPath: rejects)) } catch { throw failure("\(error)") }
        let warned = result.sites.filter { !$0.warnings.isEmpty }.count
        print("records read \(result.recordsRead): accepted \(result.sites.count), rejected \(result.rejects.count), warned \(warned)")
        for p in result.readParts { print("  read \(p)") }
        for w in result.fileWarnings { print("  file warning: \(w)") }
        for j in result.rejects.prefix(20) { print("  rejected \(j.origin.description)\(j.field.map { " field \($0)" } ?? ""): \(j.reason)") }
        if result.rejects.count > 20 { print("  ... \(result.rejects.count - 20) more in \(rejects)") }
        for s in result.sites where !s.warnings.isEmpty { for w in s.warnings.prefix(4) { print("  warning \(s.origin.description): \(w)") } }
        print("rejects report: \(rejects)")
        let status = ExitStatus.forInventory(strict: strict, rejects: result.rejects.count, warnings: result.warningCount)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
