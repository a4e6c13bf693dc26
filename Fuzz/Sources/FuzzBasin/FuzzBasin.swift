import BasinKit
import Foundation
import FuzzSupport

@main enum FuzzBasinMain { static func main() { FuzzSupport.runDriver(fuzz) } }

/// The basin loader must load a basin folder or refuse it with a BasinLoadError naming the file, whatever
/// one of its layers holds. The first input byte picks the layer; the rest replaces that file in an
/// otherwise valid basin (Fuzz/basin, thinned from Basins/syr-darya by Fuzz/make-seeds.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzSupport.buffer(bytes, size)
    FuzzSupport.selfCheck(input)
    guard let selector = input.first else { return 0 }
    let layer = Int(selector) % layers.count
    // One folder per layer, each copied once: an input costs one small write (on tmpfs when there is one).
    let folder = folders[layer]
    let file = folder.appendingPathComponent(layers[layer])
    do { try Data(input.dropFirst()).write(to: file) } catch { fatalError("fuzz harness: cannot write \(file.path): \(error)") }
    do {
        _ = try BasinLoader.load(directory: folder)
    } catch let e as BasinLoadError {
        FuzzSupport.require(!e.file.isEmpty, "BasinLoadError without a file name: \(e)")
    } catch {
        FuzzSupport.require(false, "load threw \(type(of: error)) instead of BasinLoadError: \(error)")
    }
    return 0
}

let layers = ["basin.json", "countries.geojson", "borders.geojson", "lakes.geojson", "rivers.geojson"]

/// Where the background basin is: BASINMAP_FUZZ_BASIN, else Fuzz/basin beside these sources.
let backgroundBasin: URL = {
    if let p = ProcessInfo.processInfo.environment["BASINMAP_FUZZ_BASIN"] { return URL(fileURLWithPath: p) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../basin").standardized
}()

/// Per process, removed at exit; on tmpfs when the machine has one, so inputs never touch a disk.
let scratchRoot: URL = {
    let fm = FileManager.default
    let base = fm.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : fm.temporaryDirectory
    return base.appendingPathComponent("basinmap-fuzz-\(getpid())")
}()

let folders: [URL] = {
    let fm = FileManager.default
    let root = scratchRoot
    do {
        try? fm.removeItem(at: root)
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let made = try layers.indices.map { i -> URL in
            let d = root.appendingPathComponent("layer\(i)")
            try fm.copyItem(at: backgroundBasin, to: d)
            return d
        }
        atexit { try? FileManager.default.removeItem(at: scratchRoot) }
        return made
    } catch {
        fatalError("fuzz harness: cannot set up \(root.path) from \(backgroundBasin.path): \(error)")
    }
}()
