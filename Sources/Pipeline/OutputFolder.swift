import Foundation
import GeoKit

/// A second run into a folder that a live run holds.
public struct OutputFolderBusy: Error, CustomStringConvertible {
    public var folder: String
    public var holder: String
    public var description: String {
        "another basinmap run (\(holder)) is writing into \(folder); wait for it to finish or choose another --out"
    }
}

/// The output folder of a run, which always holds one whole run (docs/output-folder.md):
/// - a lock (`.basinmap.lock`, flock) held for the whole run: a second run fails fast naming the holder; a
///   lock left by a killed run is released by the kernel and taken over;
/// - every file is written into a staging folder beside the output folder, then the two folders are
///   swapped in one rename (RENAME_EXCHANGE), so after a kill at any moment the folder holds the complete
///   old set or the complete new set, never a mix, and no file of an earlier run that this one did not
///   write (a map after `--no-map`) survives;
/// - files that are not a run's (a QGIS project saved beside the layers) are carried over;
/// - leftovers of killed runs (staging folders, temporary files) are removed by the next run.
/// Where the swap is impossible (the parent folder is read-only, or the file system cannot exchange
/// folders), files are staged inside the folder and moved in one by one, summary.json last, with a warning.
public final class OutputFolder {
    public let target: String
    public let staging: String
    /// True when the set is published by swapping folders; false for the file-by-file fallback.
    public private(set) var swaps: Bool
    public private(set) var notes: [String] = []
    private let lock: FolderLock
    private var finished = false
    /// The run made the folder: a failed run removes it again (nothing written).
    private let created: Bool

    static let lockName = ".basinmap.lock"
    static let manifestName = ".basinmap-files"
    /// Every file some version of `run` writes (folders from before the manifest have none).
    static let knownOutputs: Set<String> = [
        "sites.geojson", "sites.qml", "footprints.geojson", "traces.geojson", "zones.geojson", "rivers.geojson", "borders.geojson",
        "countries.geojson", "lakes.geojson", "sites.csv", "rejects.csv", "summary.json", "hazard-map.svg",
    ]

    var stagePrefixBeside: String { "." + (target as NSString).lastPathComponent + ".basinmap-stage-" }
    static let stagePrefixInside = ".basinmap-stage-"

    public init(_ url: URL) throws {
        let asked = url.standardizedFileURL.path
        if FileSystem.kind(asked) == .regular || FileSystem.kind(asked) == .other {
            throw FileSystemError(path: asked, problem: "--out is a file, not a folder")
        }
        created = FileSystem.kind(asked) == .missing
        try FileSystem.makeDirectories(asked)
        // The swap replaces the folder itself: through a symbolic link, replace the folder it points to.
        target = FileSystem.realPath(asked)
        let holder = "pid \(getpid()), started \(ISO8601DateFormatter().string(from: Date()))"
        switch try FolderLock.acquire(target + "/" + Self.lockName, holder: holder) {
        case .busy(let h): throw OutputFolderBusy(folder: target, holder: h)
        case .acquired(let l): lock = l
        }
        let runID = "\(getpid())-\(String(DispatchTime.now().uptimeNanoseconds, radix: 36))"
        let parent = (target as NSString).deletingLastPathComponent
        let beside = parent + "/" + "." + (target as NSString).lastPathComponent + ".basinmap-stage-" + runID
        if !lock.previousHolder.isEmpty {
            notes.append("took over the output folder's lock from a run that did not finish (\(lock.previousHolder)); its leftovers are removed")
        }
        let besideError = target == "/" ? EINVAL : FileSystem.makeDirectory(beside)
        swaps = besideError == nil
        if let e = besideError {
            notes.append("cannot stage beside \(target) (in \(parent): \(FileSystem.reason(e))): files are replaced one by one, not as one set")
        }
        staging = swaps ? beside : target + "/" + Self.stagePrefixInside + runID
        removeLeftovers(parent: parent)
        if !swaps, let e = FileSystem.makeDirectory(staging) {
            lock.release()
            throw FileSystemError(path: target, problem: "cannot write in this folder: \(FileSystem.reason(e))")
        }
        if FileSystem.realPath(FileManager.default.currentDirectoryPath) == target && swaps {
            notes.append("\(target) is the current folder and is replaced by the run: a shell there should `cd \"$PWD\"` to see the new files")
        }
    }

    deinit { if !finished { abandon() } }

    static func isInternal(_ name: String) -> Bool {
        name == lockName || name == manifestName || name.hasPrefix(stagePrefixInside)
            || (name.hasPrefix(".") && name.hasSuffix(".tmp") && (name.hasPrefix(".basinmap-") || knownOutputs.contains { name.hasPrefix("." + $0 + ".") }))
    }

    /// The files a run published into `dir`: its manifest, and every name a run writes.
    static func runFiles(in dir: String) -> Set<String> {
        let manifest = (try? String(contentsOfFile: dir + "/" + manifestName, encoding: .utf8)) ?? ""
        return knownOutputs.union(manifest.split(separator: "\n").map(String.init))
    }

    /// Entries of `dir` that no run wrote (the user's own files).
    static func foreignEntries(in dir: String) -> [String] {
        let ours = runFiles(in: dir)
        return FileSystem.entries(dir).filter { !ours.contains($0) && !isInternal($0) }
    }

    /// A killed run's staging folder (before or after its swap) and temporary files. A user's folder or
    /// link that was moved into such a folder goes back first (user files are hard-linked, never moved,
    /// so any other file there is a half-written temporary). Only called while holding the lock.
    private func removeLeftovers(parent: String) {
        var removed = 0
        for name in FileSystem.entries(parent) where name.hasPrefix(stagePrefixBeside) && parent + "/" + name != staging {
            let dir = parent + "/" + name
            restoreUserEntries(from: dir)
            FileSystem.removeTree(dir); removed += 1
        }
        for name in FileSystem.entries(target) where Self.isInternal(name) && name != Self.lockName && name != Self.manifestName
            && target + "/" + name != staging {
            FileSystem.removeTree(target + "/" + name); removed += 1
        }
        if removed > 0 { notes.append("removed \(removed) leftover staging folder(s) or temporary file(s) of earlier runs") }
    }

    /// Moves the user's folders and links that a publish moved into `dir` back into the folder.
    private func restoreUserEntries(from dir: String) {
        for f in Self.foreignEntries(in: dir) where FileSystem.kind(target + "/" + f) == .missing && !FileSystem.isSymlink(target + "/" + f)
            && (FileSystem.isSymlink(dir + "/" + f) || FileSystem.kind(dir + "/" + f) == .directory) {
            try? FileSystem.rename(dir + "/" + f, target + "/" + f)
        }
    }

    /// Makes the staged files the folder's contents, as one set.
    public func publish() throws {
        let files = FileSystem.entries(staging).filter { !Self.isInternal($0) }
        try AtomicFile.write(files.joined(separator: "\n") + "\n", to: URL(fileURLWithPath: staging + "/" + Self.manifestName))
        if swaps {
            // The same lock file (one inode) must be in the folder after the swap, or a run starting then
            // would lock a different file while this one is still finishing.
            _ = FileSystem.link(target + "/" + Self.lockName, staging + "/" + Self.lockName)
            // The user's files come along: regular files as hard links (or copies), so they are never
            // absent from the folder; folders and links are moved, and a later run moves them back if
            // this one dies before the swap.
            for f in Self.foreignEntries(in: target) {
                let from = target + "/" + f, to = staging + "/" + f
                if FileSystem.kind(from) == .regular && !FileSystem.isSymlink(from) {
                    if !FileSystem.link(from, to) { try FileManager.default.copyItem(atPath: from, toPath: to) }
                } else {
                    try FileSystem.rename(from, to)
                }
            }
            FileSystem.copyMode(from: target, to: staging)
            FaultInjection.event()
            if let e = FileSystem.exchange(staging, target) {
                notes.append("the file system cannot swap folders (\(FileSystem.reason(e))): files were replaced one by one")
                swaps = false
                restoreUserEntries(from: staging)
                try publishFileByFile(files)
                return
            }
            FaultInjection.event()
            // `staging` now holds the previous run's files (and links to the user's).
            FileSystem.removeTree(staging)
            FileSystem.syncDirectory((target as NSString).deletingLastPathComponent)
            FaultInjection.event()
        } else {
            try publishFileByFile(files)
        }
        finished = true
        lock.release()
    }

    /// The fallback: earlier runs' files this run did not write go first, summary.json comes last.
    private func publishFileByFile(_ files: [String]) throws {
        let new = Set(files + [Self.manifestName])
        for f in Self.runFiles(in: target).subtracting(new) where FileSystem.kind(target + "/" + f) != .missing {
            try? FileManager.default.removeItem(atPath: target + "/" + f)
        }
        for f in files.filter({ $0 != "summary.json" }) + [Self.manifestName] + (files.contains("summary.json") ? ["summary.json"] : []) {
            try FileSystem.rename(staging + "/" + f, target + "/" + f)
            FaultInjection.event()
        }
        FileSystem.removeTree(staging)
        finished = true
        lock.release()
    }

    /// A run that failed: the staged files go, the folder keeps the previous run.
    public func abandon() {
        restoreUserEntries(from: staging)
        FileSystem.removeTree(staging)
        finished = true
        lock.release()
        if created && FileSystem.entries(target) == [Self.lockName] {
            FileSystem.removeTree(target + "/" + Self.lockName)
            FileSystem.removeTree(target)
        }
    }
}
