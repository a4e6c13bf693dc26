import FuzzSupport
import GeoKit
import SiteKit

@main enum FuzzGeoJSONMain { static func main() { FuzzSupport.runDriver(fuzz) } }

/// The GeoJSON inventory reader must turn any bytes into sites and rejects, never crash, hang or lose a record.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzSupport.buffer(bytes, size)
    FuzzSupport.selfCheck(input)
    let data = FuzzSupport.data(input)
    let options = InventoryOptions(extent: Envelope(minX: 60, minY: 37, maxX: 80, maxY: 46))
    do {
        let r = try InventoryReader.read(data: data, name: "fuzz.geojson", format: .geojson, options: options)
        FuzzSupport.require(r.isBalanced, "records read \(r.recordsRead) != sites \(r.sites.count) + rejects \(r.rejects.count)")
        for s in r.sites {
            FuzzSupport.require(options.extent!.contains(s.position), "site '\(s.id)' accepted at \(s.position), outside the extent")
        }
        for j in r.rejects { FuzzSupport.require(!j.reason.isEmpty, "a reject without a reason at \(j.origin)") }
    } catch {
        // read(data:) throws only for an unreadable file; bytes in memory are always readable.
        FuzzSupport.require(false, "read(data:) threw \(error)")
    }
    return 0
}
