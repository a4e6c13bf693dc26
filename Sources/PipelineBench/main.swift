// Pipeline benchmarks (release build: `make bench-pipeline`), never part of `make test`.
//  1. analysis stage alone, in-process: sites/s at 10,000 and 100,000 synthetic sites;
//  2. the whole `basinmap run` as a child process (GeoJSON + CSV + aggregated map): wall time, sites/s
//     and the child's peak resident memory, at 100,000 and 1,000,000 sites.
// Usage: PipelineBench <basin-dir> [--sizes 100000,1000000] [--analysis-sizes 10000,100000] [--skip-analysis]
import Foundation
import GeoKit
import BasinKit
import SiteKit
import ScoringKit
import AnalysisKit
import Pipeline

let args = CommandLine.arguments
guard args.count >= 2 else {
    print("usage: PipelineBench <basin-dir> [--sizes 100000,1000000] [--skip-analysis]")
    exit(64)
}
let basinDir = URL(fileURLWithPath: args[1])
var sizes = [100_000, 1_000_000]
if let i = args.firstIndex(of: "--sizes"), i + 1 < args.count { sizes = args[i + 1].split(separator: ",").compactMap { Int($0) } }
let binDir = URL(fileURLWithPath: args[0]).deletingLastPathComponent()
let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("basinmap-bench-\(getpid())")
try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: tmp) }

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB"
print("machine: \(machine); GEOS \(GEOSContext.version), PROJ \(Projection.version)")

let basin = try BasinLoader.load(directory: basinDir)
let extent = basin.metadata.extent
// Sites over the basin's populated part (basin.json populated_box), where inventories are.
let siteBox = basin.metadata.populatedBox ?? extent
let isos = basin.metadata.countries.map(\.iso)

if !args.contains("--skip-analysis") {
    let rules = try RuleSet.load(contentsOf: basinDir.appendingPathComponent("scoring.json"))
    var analysisSizes = [10_000, 100_000]
    if let i = args.firstIndex(of: "--analysis-sizes"), i + 1 < args.count {
        analysisSizes = args[i + 1].split(separator: ",").compactMap { Int($0) }
    }
    for n in analysisSizes {
        let sites = SyntheticInventory.sites(count: n, seed: 7, extent: siteBox, countries: isos)
        let t0 = now()
        // As `basinmap run` analyses: country, rivers, border, trace, flags and scores, without the
        // explanatory scoring texts (built once per stand-in, not per site).
        let a = try await analyzeAll(sites, basin: basin, rules: rules, parameters: AnalysisParameters(), detail: false)
        let dt = now() - t0
        print(String(format: "analysis stage: %7d sites in %6.2f s = %8.0f sites/s (%d transboundary)", n, dt, Double(n) / dt, a.filter { $0.transboundary == .yes }.count))
    }
}
_ = extent

for n in sizes {
    let csv = tmp.appendingPathComponent("sites-\(n).csv")
    try AtomicFile.write(SyntheticInventory.csv(count: n, seed: 42, extent: siteBox, countries: isos), to: csv)
    // posix_spawn and wait4 ourselves: Foundation's Process reaps its children on its own thread, and a
    // wait4 racing it can come back empty (no exit status, no peak memory).
    let argv = [binDir.appendingPathComponent("basinmap").path, "run", basinDir.path, "--sites", csv.path,
                "--out", tmp.appendingPathComponent("out-\(n)").path, "--quiet"]
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    var cargs = argv.map { strdup($0) } + [nil]
    var pid: pid_t = 0
    let t0 = now()
    let rc = posix_spawn(&pid, argv[0], &actions, nil, &cargs, environ)
    cargs.forEach { free($0) }
    posix_spawn_file_actions_destroy(&actions)
    guard rc == 0 else { print("cannot start \(argv[0]): \(String(cString: strerror(rc)))"); exit(1) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { print("wait4 failed: \(String(cString: strerror(errno)))"); exit(1) }
    }
    let dt = now() - t0
    let peakMiB = Double(usage.ru_maxrss) / 1024
    print(String(format: "whole pipeline (basinmap run): %8d sites in %6.2f s = %8.0f sites/s, peak memory %6.0f MiB, exit %d",
                 n, dt, Double(n) / dt, peakMiB, (status >> 8) & 0xff))
}
