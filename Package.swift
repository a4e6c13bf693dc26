// swift-tools-version: 6.0
// BasinMap: hazard mapping of tailings facilities and hazardous sites in a river basin.
// Layers, each its own target, data flowing one way:
//   CGEOS, CPROJ (C modules) -> GeoKit (safe geometry/projection layer)
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
        .target(name: "GeoKit", dependencies: ["CGEOS", "CPROJ"]),
        .target(name: "BasinKit", dependencies: ["GeoKit"]),
        .target(name: "SiteKit", dependencies: ["GeoKit"]),
        .target(name: "ScoringKit", dependencies: []),
        .target(name: "AnalysisKit", dependencies: ["GeoKit", "BasinKit", "SiteKit", "ScoringKit"]),
        .target(name: "OutputKit", dependencies: ["GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit"]),
        .target(name: "MapKit", dependencies: ["GeoKit", "BasinKit", "AnalysisKit"]),
        .target(name: "Pipeline", dependencies: ["GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit", "OutputKit", "MapKit"]),
        .executableTarget(name: "basinmap", dependencies: [
            "Pipeline", "GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit", "OutputKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks: built in release by `make bench`, never part of `make test`.
        .executableTarget(name: "GeoBench", dependencies: ["GeoKit"]),
        .executableTarget(name: "PipelineBench", dependencies: ["Pipeline", "GeoKit", "BasinKit", "SiteKit", "ScoringKit", "AnalysisKit"]),
        .testTarget(name: "GeoKitTests", dependencies: ["GeoKit"]),
        .testTarget(name: "BasinKitTests", dependencies: ["BasinKit", "GeoKit"]),
        .testTarget(name: "SiteKitTests", dependencies: ["SiteKit", "GeoKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ScoringKitTests", dependencies: ["ScoringKit"]),
        .testTarget(name: "AnalysisKitTests", dependencies: ["AnalysisKit", "BasinKit", "SiteKit", "GeoKit", "ScoringKit"]),
        .testTarget(name: "OutputKitTests", dependencies: ["GeoKit", "Pipeline", "OutputKit", "ScoringKit"]),
        .testTarget(name: "MapKitTests", dependencies: ["MapKit", "BasinKit", "GeoKit", "AnalysisKit"]),
        // basinmap: the tests run the built binary; they import nothing of it.
        .testTarget(name: "EndToEndTests", dependencies: ["basinmap"]),
    ],
    swiftLanguageModes: [.v6]
)
