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

    @Option(name: .long, help: "CRS of x/y columns when an inventory names none.")
    var crs: String?

    @Flag(name: .long, help: "Exit with status 3 when any record is rejected or any inventory warning is given (records with warnings are rejected).")
    var strict = false

    @Option(name: .long, help: "JSON file mapping your column headers to fields (see SITES.md).")
    var columns: String?

    @Option(name: .long, help: "Text encoding of the inventories: \(TextEncoding.accepted). Default: detected.")
    var encoding: String?

    func validate() throws {
        if let e = encoding, TextEncoding(argument: e) == nil { throw ValidationError("--encoding expects one of \(TextEncoding.accepted), got '\(e)'") }
    }

    func run() async throws {
        var extent: Envelope? = nil
        var countries: [CountrySpellings] = []
        if let basin {
            do {
                let m = try Pipeline.loadBasin(RunOptions(basinDirectory: URL(fileURLWithPath: basin), outputDirectory: URL(fileURLWithPath: "."))).metadata
                extent = m.extent; countries = m.countrySpellings
            } catch { fail("\(error)") }
        }
        var mapping: ColumnMapping? = nil
        if let columns { do { mapping = try ColumnMapping.load(URL(fileURLWithPath: columns)) } catch { fail("\(error)") } }
        let result: InventoryResult
        do {
            result = try InventoryReader.read(files.map { URL(fileURLWithPath: $0) },
                                              options: InventoryOptions(countries: countries, extent: extent, crs: crs, strict: strict, encoding: encoding.flatMap(TextEncoding.init(argument:)), columns: mapping))
        } catch { fail("\(error)") }
        if !result.unreadableFiles.isEmpty { fail(result.unreadableFiles.joined(separator: "\n")) }
        do { try AtomicFile.write(CSVOutput.rejects(result.rejects, bom: false), to: URL(fileURLWithPath: rejects)) } catch { fail("\(error)") }
        let warned = result.sites.filter { !$0.warnings.isEmpty }.count
        print("records read \(result.recordsRead): accepted \(result.sites.count), rejected \(result.rejects.count), warned \(warned)")
        for w in result.fileWarnings { print("  file warning: \(w)") }
        for j in result.rejects.prefix(20) { print("  rejected \(j.origin.description)\(j.field.map { " field \($0)" } ?? ""): \(j.reason)") }
        if result.rejects.count > 20 { print("  ... \(result.rejects.count - 20) more in \(rejects)") }
        for s in result.sites where !s.warnings.isEmpty { for w in s.warnings.prefix(4) { print("  warning \(s.origin.description): \(w)") } }
        print("rejects report: \(rejects)")
        let status = ExitStatus.forInventory(strict: strict, rejects: result.rejects.count, warnings: result.warningCount)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
