import Foundation
import GeoKit

/// Countries, international borders and lakes of a basin, built from GMT's data dumps.
public struct BasinGeometry: Sendable {
    public var countries: [Country]
    public var borders: [BorderLine]
    public var lakes: [Lake]
    /// What was measured, chosen and repaired, one line each (for the build log and the README).
    public var report: [String]
    public init(countries: [Country], borders: [BorderLine], lakes: [Lake], report: [String]) {
        self.countries = countries; self.borders = borders; self.lakes = lakes; self.report = report
    }
}

/// Builds a basin's geometry from the files `scripts/extract-gmt.sh` writes: countries.txt (DCW-GMT
/// polygons), borders.txt (WDBII borders), shore.txt (GSHHG shorelines). Which countries, boxes, enclaves
/// and lakes come from basin.json (`countries`, `build`).
public enum BasinGeometryBuilder {
    /// DCW-GMT stores each country's vertices as 16-bit steps of that country's own extent
    /// (for a country some 20 deg wide ~0.0006 deg lon, ~50 m), so the same border vertex differs by tens of metres between
    /// neighbours; no vertex is shared exactly. Measured nearest-neighbour distances (see report):
    /// all but three pairs within 60 m, those three 60.2, 115.1 and 134.6 m, then nothing closer than
    /// 448 m (median vertex spacing 1.2 km): 150 m separates matching vertices from distinct ones.
    public static let snapToleranceMetres = 150.0

    public static func build(gmtDirectory: URL, basinDirectory: URL) throws -> BasinGeometry {
        let meta = try BasinMetadataReader.read(directory: basinDirectory)
        return try build(gmtDirectory: gmtDirectory, countries: meta.countries, spec: try BasinSpecReader.build(directory: basinDirectory, metadata: meta))
    }

    public static func build(gmtDirectory: URL, countries basinCountries: [CountryInfo], spec: BuildSpec) throws -> BasinGeometry {
        let ctx = GEOSContext()
        var report: [String] = []
        let meter = try EqualAreaMeter(context: ctx, definition: spec.equalAreaProjection)
        /// ISO codes in output order (ascending) and names.
        let countryNames = basinCountries.map { (iso: $0.iso, name: $0.name) }.sorted { $0.iso < $1.iso }

        // 1. Countries from DCW rings.
        let countriesURL = gmtDirectory.appendingPathComponent("countries.txt")
        let segments = try read(countriesURL)
        var raw: [(iso: String, polygons: [Polygon])] = []
        for (iso, _) in countryNames {
            var rings: [[Coordinate]] = []
            for (i, s) in segments.enumerated() where s.option("Z") == iso {
                guard s.coordinates.count >= 4, s.coordinates.first == s.coordinates.last else {
                    throw BasinBuildError("countries.txt: segment \(i) ('\(s.header)') of \(iso): expected a closed ring (first vertex == last, at least 4 vertices), found \(s.coordinates.count) vertices, open")
                }
                rings.append(s.coordinates)
            }
            guard !rings.isEmpty else { throw BasinBuildError("countries.txt: no segment with header -Z\(iso): expected DCW polygons for \(iso) (is gmt-dcw installed?)") }
            let (unique, dropped) = RingAssembly.dropDuplicates(rings)
            var polys = try RingAssembly.polygons(from: unique, context: ctx)
            let holes = polys.reduce(0) { $0 + $1.holes.count }
            report.append("\(iso): \(rings.count) DCW rings, \(dropped) duplicate(s) dropped, rebuilt as \(polys.count) polygon(s) with \(holes) hole(s) by containment")
            for c in spec.countryClips where c.iso == iso {
                let clip = try ctx.make(.polygon(GeometryParts.box(c.box)))
                let clipped = try ctx.make(.multiPolygon(polys)).intersection(clip)
                let before = polys.count
                polys = GeometryParts.polygons(try clipped.value())
                report.append("\(iso): clipped to \(fmt(c.box)) (basin box + margin): \(before) -> \(polys.count) polygon(s)")
            }
            raw.append((iso, try validated(polys, what: "countries.txt \(iso)", context: ctx, report: &report)))
        }

        // 2. How well neighbours' vertices match, then snap.
        let pairs = spec.borderPairs
        func polys(_ iso: String, _ set: [(iso: String, polygons: [Polygon])]) -> [Polygon] { set.first { $0.iso == iso }!.polygons }
        for (a, b) in pairs { report.append(VertexSnapper.measure(a, polys(a, raw), b, polys(b, raw)).reportLine) }
        let (snappedRaw, moved, inserted) = VertexSnapper.snap(raw, toleranceMetres: snapToleranceMetres)
        report.append("snapped within \(NumberFormat.json(snapToleranceMetres)) m (ISO order \(countryNames.map(\.iso).joined(separator: ", "))): vertices moved onto a neighbour's vertex " +
                      countryNames.map { "\($0.iso) \(moved[$0.iso] ?? 0)" }.joined(separator: ", ") + "; neighbour vertices inserted into segments " +
                      countryNames.map { "\($0.iso) \(inserted[$0.iso] ?? 0)" }.joined(separator: ", "))
        var countries: [(iso: String, polygons: [Polygon])] = []
        for (iso, ps) in snappedRaw {
            countries.append((iso, try validated(ps, what: "\(iso) after snapping", context: ctx, report: &report)))
        }

        // 3. Enclaves DCW lacks, from WDBII border loops.
        let bordersURL = gmtDirectory.appendingPathComponent("borders.txt")
        let borderSegments = try read(bordersURL)
        for spec in spec.enclaves where spec.source == .wdbii {
            let loop = try EnclaveLoops.polygon(for: spec, segments: borderSegments, context: ctx, report: &report)
            let hostIndex = countries.firstIndex { $0.iso == spec.host }!
            let ownerIndex = countries.firstIndex { $0.iso == spec.owner }!
            let host = try ctx.make(.multiPolygon(countries[hostIndex].polygons))
            let loopG = try ctx.make(.polygon(loop))
            // The enclave is the loop's part inside the host, so countries never overlap.
            let enclave = try loopG.intersection(host)
            let enclavePolys = GeometryParts.polygons(try enclave.value())
            let loopKm2 = try meter.areaKm2([loop]), enclaveKm2 = try meter.areaKm2(enclavePolys)
            report.append("\(spec.name) (\(spec.owner) inside \(spec.host)): WDBII loop \(fmt2(loopKm2)) km2, \(fmt2(enclaveKm2)) km2 inside \(spec.host)'s DCW polygon taken as the enclave")
            let newHost = GeometryParts.polygons(try host.difference(enclave).value())
            let owner = try ctx.make(.multiPolygon(countries[ownerIndex].polygons))
            let newOwner = GeometryParts.polygons(try owner.union(enclave).value())
            countries[hostIndex].polygons = try validated(newHost, what: "\(spec.host) minus \(spec.name)", context: ctx, report: &report)
            countries[ownerIndex].polygons = try validated(newOwner, what: "\(spec.owner) plus \(spec.name)", context: ctx, report: &report)
        }
        for spec in spec.enclaves where spec.source == .dcw {
            let owner = countries.first { $0.iso == spec.owner }!.polygons
            let prepared = try ctx.make(.point(spec.search))
            guard let piece = try owner.first(where: { try ctx.make(.polygon($0)).contains(prepared) }) else {
                throw BasinBuildError("countries.txt: no \(spec.owner) polygon contains \(spec.name)'s reference point \(spec.search): expected the DCW enclave there")
            }
            report.append("\(spec.name) (\(spec.owner) inside \(spec.host)): DCW polygon, \(fmt2(try meter.areaKm2([piece]))) km2")
        }

        // Overlaps between countries after snapping (fills must not double-count).
        for (a, b) in pairs {
            let ga = try ctx.make(.multiPolygon(polys(a, countries))), gb = try ctx.make(.multiPolygon(polys(b, countries)))
            let overlap = GeometryParts.polygons(try ga.intersection(gb).value())
            report.append("overlap \(a)-\(b) after snapping: \(fmt2(try meter.areaKm2(overlap))) km2 in \(overlap.count) sliver(s)")
        }

        // 4. Border lines from shared edges.
        var borders: [BorderLine] = []
        for (a, b) in pairs {
            let la = try ctx.make(.multiPolygon(polys(a, countries))).boundary()
            let lb = try ctx.make(.multiPolygon(polys(b, countries))).boundary()
            let shared = GeometryParts.lines(try la.sharedPaths(with: lb).value())
            guard !shared.isEmpty else { continue }
            let merged = GeometryParts.lines(try ctx.make(.multiLineString(shared)).lineMerge().value())
            let sorted = merged.sorted { ($0[0].x, $0[0].y, $0.count) < ($1[0].x, $1[0].y, $1.count) }
            var total = 0.0
            for line in sorted {
                let len = Geodesic.wgs84.length(of: line)
                total += len
                borders.append(BorderLine(id: 0, countries: [a, b], coordinates: line))
            }
            report.append("border \(a)|\(b): \(sorted.count) line(s), \(fmt2(total / 1000)) km (geodesic), from \(shared.count) shared path(s)")
        }
        for i in borders.indices { borders[i].id = i + 1 }

        // 5. Lakes from GSHHG.
        let lakes = try LakeBuilder.lakes(shoreURL: gmtDirectory.appendingPathComponent("shore.txt"), box: spec.box, known: spec.knownLakes,
                                          context: ctx, meter: meter, report: &report)

        let out = countries.map { c in Country(iso: c.iso, name: countryNames.first { $0.iso == c.iso }!.name, polygons: c.polygons) }
        return BasinGeometry(countries: out, borders: borders, lakes: lakes, report: report)
    }

    static func read(_ url: URL) throws -> [GMTSegment] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BasinBuildError("\(url.path): file missing: expected GMT output from scripts/extract-gmt.sh")
        }
        do { return try GMTText.read(url) } catch let e as GMTTextError { throw BasinBuildError(e.description) }
    }

    /// Every polygon must be valid for GEOS; invalid ones are repaired with makeValid and reported.
    static func validated(_ polys: [Polygon], what: String, context: GEOSContext, report: inout [String]) throws -> [Polygon] {
        var out: [Polygon] = []
        for (i, p) in polys.enumerated() {
            let g = try context.make(.polygon(p))
            if try g.isValid() { out.append(p); continue }
            let reason = try g.validityReason()
            let fixedG = try g.makeValid()
            let fixed = GeometryParts.polygons(try fixedG.value())
            // Planar square degrees are enough to show whether the repair changed the area.
            let before = abs(Ring.signedArea(p.exterior)) - p.holes.reduce(0) { $0 + abs(Ring.signedArea($1)) }
            let after = try context.make(.multiPolygon(fixed)).area()
            report.append("repaired \(what) polygon \(i): \(reason) -> makeValid gave \(fixed.count) polygon(s), area change \(NumberFormat.fixed((after - before) / max(before, 1e-12) * 100, decimals: 6)) %")
            out.append(contentsOf: fixed)
        }
        return out
    }

    static func fmt(_ e: Envelope) -> String {
        "\(NumberFormat.json(e.minX))-\(NumberFormat.json(e.maxX)) E, \(NumberFormat.json(e.minY))-\(NumberFormat.json(e.maxY)) N"
    }
    static func fmt2(_ d: Double) -> String { NumberFormat.fixed(d, decimals: 2) }
}
