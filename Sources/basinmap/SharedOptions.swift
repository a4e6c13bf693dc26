import ArgumentParser
import Foundation
import SiteKit
import Pipeline

// Option groups shared by the subcommands, so an option means the same thing, with the same checks and
// the same help, wherever it appears.

/// How a spill enters the network and how fast it travels: `run`, `trace` and `alarms`.
struct FlowOptions: ParsableArguments {
    // Unconditional, so `--entry-km -1` gets the range message below rather than "missing value".
    @Option(name: .customLong("entry-km"), parsing: .unconditional, help: "Maximum distance from a site to the river network for a trace, km (default 50).")
    var entryKm: Double?

    @Option(name: .customLong("river-velocity"), parsing: .unconditional, help: "Flow velocity in river reaches, m/s (default from basin.json).")
    var riverVelocity: Double?

    @Option(name: .customLong("reservoir-velocity"), parsing: .unconditional, help: "Flow velocity through reservoirs, m/s (default from basin.json).")
    var reservoirVelocity: Double?

    func validate() throws {
        if let v = entryKm, !(v >= 0) || !v.isFinite { throw ValidationError("--entry-km must be a distance >= 0 km, got \(v)") }
        for (name, v) in [("--river-velocity", riverVelocity), ("--reservoir-velocity", reservoirVelocity)] {
            if let v, !(v > 0) || !v.isFinite { throw ValidationError("\(name) must be a velocity > 0 m/s, got \(v)") }
        }
    }

    func apply(to o: inout RunOptions) {
        if let v = entryKm { o.parameters.entryMaxDistanceM = v * 1000 }
        o.riverVelocityMS = riverVelocity
        o.reservoirVelocityMS = reservoirVelocity
    }
}

/// How inventories are read: `run`, `validate` and `alarms`.
struct InventoryInputOptions: ParsableArguments {
    @Option(name: .long, help: "JSON file mapping your column headers to fields, e.g. {\"Объём, тыс. м3\": \"stored_volume_m3\"} (see SITES.md).")
    var columns: String?

    @Option(name: .long, help: "CRS of x/y columns when an inventory names none, e.g. EPSG:32642.")
    var crs: String?

    @Option(name: .long, help: "Text encoding of the inventories: \(TextEncoding.accepted). Default: detected (a non-UTF-8 file is read with a warning naming the encoding, or refused).")
    var encoding: String?

    @Option(name: .long, help: "The sheet of an XLSX/ODS workbook to read. Default: every sheet with a recognisable header (the summary lists them).")
    var sheet: String?

    @Option(name: .long, help: "The layer of a GeoPackage, KML/KMZ or Shapefile to read. Default: every layer with a recognisable set of fields.")
    var layer: String?

    func validate() throws {
        if let e = encoding, TextEncoding(argument: e) == nil { throw ValidationError("--encoding expects one of \(TextEncoding.accepted), got '\(e)'") }
    }

    var textEncoding: TextEncoding? { encoding.flatMap(TextEncoding.init(argument:)) }

    /// The column mapping, read before anything else so a bad mapping file is a data error (status 1).
    func loadColumns() throws -> ColumnMapping? {
        guard let columns else { return nil }
        do { return try ColumnMapping.load(URL(fileURLWithPath: columns)) } catch { throw failure("\(error)") }
    }

    func apply(to o: inout RunOptions) throws {
        o.columns = try loadColumns()
        o.defaultCRS = crs
        o.encoding = textEncoding
        o.sheet = sheet
        o.layer = layer
    }
}

/// How the CSV files are written (sites.csv, rejects.csv): `run` and `validate`.
struct CSVWriteOptions: ParsableArguments {
    @Flag(name: .customLong("csv-bom"), help: "Write the CSV files with a UTF-8 byte order mark (for Excel).")
    var csvBOM = false

    @Option(name: .customLong("csv-delimiter"), help: "Cell separator of the CSV files: ',' (default), ';', 'tab' or '|'. ';' suits a spreadsheet in a locale with a decimal comma.")
    var csvDelimiter: String?

    @Flag(name: .customLong("decimal-comma"), help: "Write numbers in the CSV files with a decimal comma (12,5); implies --csv-delimiter ';' unless another is given.")
    var decimalComma = false

    func validate() throws {
        let d = try delimiterByte()
        if decimalComma && d == UInt8(ascii: ",") {
            throw ValidationError("--decimal-comma needs a delimiter other than ',' (numbers would hold the delimiter): use --csv-delimiter ';'")
        }
    }

    /// The CSV delimiter asked for (';' when only --decimal-comma is given).
    func delimiterByte() throws -> UInt8 {
        guard let s = csvDelimiter else { return UInt8(ascii: decimalComma ? ";" : ",") }
        switch s {
        case ",", ";", "|": return UInt8(ascii: Unicode.Scalar(s)!)
        case "tab", "\\t", "\t": return 0x09
        default: throw ValidationError("--csv-delimiter expects ',', ';', 'tab' or '|', got '\(s)'")
        }
    }

    func apply(to o: inout RunOptions) {
        o.csvBOM = csvBOM
        o.csvDelimiter = (try? delimiterByte()) ?? UInt8(ascii: ",")
        o.decimalComma = decimalComma
    }
}
