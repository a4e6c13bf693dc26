// swift-tools-version: 6.0
// BasinMap: hazard mapping of tailings facilities and hazardous sites in a river basin.
// Layers, each its own target, data flowing one way:
//   CGEOS, CPROJ, CGDAL (C modules) -> GeoKit (safe geometry/projection layer)
//   -> BasinKit, SiteKit, ScoringKit (domain) -> AnalysisKit -> OutputKit, MapKit -> Pipeline -> basinmap
import PackageDescription

let package = Package(
    name: "BasinMap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "basinmap", targets: ["basinmap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ", "CGDAL"]),
        .target(name: "BasinKit", dependencies: ["GeoKit"]),
        .target(name: "SiteKit", dependencies: ["GeoKit"], resources: [.copy("Resources/columns.json")]),
        .target(name: "ScoringKit", dependencies: []),
        // Spill alarm model (Jobson 1996): pure Swift, plain values in and out, no geometry.
        .target(name: "AlarmKit", dependencies: []),
        .target(name: "AnalysisKit", dependencies: ["GeoKit", "BasinKit", "SiteKit", "ScoringKit"]),
        .target(name: "OutputKit", dependencies: ["GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit", "MapKit"]),
        // The SVG hazard map; its generic words are data, one file per language (Resources/lang).
        .target(name: "MapKit", dependencies: ["GeoKit", "BasinKit", "AnalysisKit"], resources: [.copy("Resources/lang")]),
        // report.html from a run's own outputs; its words are data, one file per language.
        .target(name: "ReportKit", dependencies: ["GeoKit"],
                resources: [.copy("Resources/lang"), .copy("Resources/report.css"), .copy("Resources/sort.js")]),
        .target(name: "Pipeline", dependencies: ["GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit", "AlarmKit", "OutputKit", "MapKit", "ReportKit"]),
        .executableTarget(name: "basinmap", dependencies: [
            "Pipeline", "GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit", "AlarmKit", "OutputKit", "ReportKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks: built in release by `make bench`, never part of `make test`.
        .executableTarget(name: "GeoBench", dependencies: ["GeoKit"]),
        .executableTarget(name: "PipelineBench", dependencies: ["Pipeline", "GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit"]),
        .testTarget(name: "BasinKitTests", dependencies: ["BasinKit", "GeoKit"]),
        .testTarget(name: "SiteKitTests", dependencies: ["SiteKit", "GeoKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ScoringKitTests", dependencies: ["ScoringKit"]),
        .testTarget(name: "AlarmKitTests", dependencies: ["AlarmKit"]),
        .testTarget(name: "AnalysisKitTests", dependencies: ["AnalysisKit", "BasinKit", "SiteKit", "GeoKit", "ScoringKit"]),
        .testTarget(name: "OutputKitTests", dependencies: ["GeoKit", "Pipeline", "OutputKit", "SiteKit", "ScoringKit", "AnalysisKit"]),
        .testTarget(name: "MapKitTests", dependencies: ["MapKit", "BasinKit", "GeoKit", "AnalysisKit"]),
        .testTarget(name: "ReportKitTests", dependencies: ["ReportKit", "GeoKit"]),
        // basinmap: the tests run the built binary; they import nothing of it.
        .testTarget(name: "EndToEndTests", dependencies: ["basinmap"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/): declared only when BASINMAP_FUZZ is set, so `swift build`, `swift build
// --build-tests` and `make test` never see them. Each main calls libFuzzer's driver, which only
// -sanitize=fuzzer links; `make fuzz` builds them in their own scratch path.
if Context.environment["BASINMAP_FUZZ"] != nil {
    let entryPoint: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
    package.targets += [
        .target(name: "CLibFuzzer", path: "Fuzz/Sources/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/Sources/FuzzSupport"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", "GeoKit", "SiteKit"],
                          path: "Fuzz/Sources/FuzzCSV", swiftSettings: entryPoint),
        .executableTarget(name: "FuzzGeoJSON", dependencies: ["FuzzSupport", "GeoKit", "SiteKit"],
                          path: "Fuzz/Sources/FuzzGeoJSON", swiftSettings: entryPoint),
        .executableTarget(name: "FuzzRules", dependencies: ["FuzzSupport", "ScoringKit"],
                          path: "Fuzz/Sources/FuzzRules", swiftSettings: entryPoint),
        .executableTarget(name: "FuzzBasin", dependencies: ["FuzzSupport", "BasinKit"],
                          path: "Fuzz/Sources/FuzzBasin", swiftSettings: entryPoint),
    ]
}
