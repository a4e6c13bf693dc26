import ArgumentParser
import Foundation

@main
struct BasinMapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basinmap",
        abstract: "Hazard maps of tailings facilities and hazardous sites in a river basin.",
        discussion: """
        BasinMap reads a basin folder (countries, borders, lakes, a directed river network, metadata and
        scoring rules) and site inventories (CSV or GeoJSON). For every site it finds the country, the
        geodesic distance in metres to the nearest river and international border, traces where a spill
        would flow and when it would cross a border, flags possible transboundary impact, scores hazard
        (THI/TRI for tailings, WRI for other sites) and writes GeoJSON layers, a QGIS style, a ranked CSV,
        a rejects report, a run summary and an SVG hazard map.

        EXIT STATUS
          0   outputs written. Without --strict, rejects (rejects.csv) and
              warnings (the warnings column) do not change the status.
          1   data error: a basin, inventory, rules or --columns file is
              missing or malformed, or an inventory yielded no record (the
              message names it); nothing written.
          3   --strict: the inventories gave at least one reject or warning
              (a record's or a file's: a value that did not parse, an
              unknown kind, a repeated column...); outputs are written.
          64  usage error (unknown option, bad option value).
          75  another run is writing into the --out folder (the message
              names its pid and start time).

        EXAMPLES
          basinmap run Basins/syr-darya --out Output/syr-darya
          basinmap run Basins/syr-darya --sites my-inventory.csv --out out --strict
          basinmap validate my-inventory.csv --basin Basins/syr-darya
          basinmap trace Basins/syr-darya --at 72.80,40.53
          basinmap basin info Basins/syr-darya
        """,
        subcommands: [Run.self, Validate.self, Trace.self, Alarms.self, BasinCommand.self, Fields.self, Synth.self]
    )
}

/// Prints a data error and gives the exit status to throw (1 unless another is given), so every command
/// ends through ArgumentParser rather than exit() midway.
func failure(_ message: String, status: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("basinmap: error: \(message)\n".utf8))
    return ExitCode(status)
}
