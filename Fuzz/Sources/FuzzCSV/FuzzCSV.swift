import FuzzSupport
import SiteKit

@main enum FuzzCSVMain { static func main() { FuzzSupport.runDriver(fuzz) } }

/// The CSV inventory reader must turn any bytes into sites and rejects, never crash, hang or lose a record.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzSupport.buffer(bytes, size)
    FuzzSupport.selfCheck(input)
    let data = FuzzSupport.data(input)
    let options = InventoryOptions(extent: InventoryOptions.syrDaryaExtent)
    do {
        let r = try InventoryReader.read(data: data, name: "fuzz.csv", format: .csv, options: options)
        FuzzSupport.require(r.isBalanced, "records read \(r.recordsRead) != sites \(r.sites.count) + rejects \(r.rejects.count)")
    } catch {
        // read(data:) throws only for an unreadable file; bytes in memory are always readable.
        FuzzSupport.require(false, "read(data:) threw \(error)")
    }
    return 0
}
