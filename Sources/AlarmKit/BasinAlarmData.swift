import Foundation

/// A point given by lon/lat in a basin data file, to be snapped to the network by the caller.
public struct SourcedPoint: Sendable, Equatable {
    public var name: String
    public var lon: Double
    public var lat: Double
    /// What the point is (kind of checkpoint, or the river a gauge lies on).
    public var detail: String
    public var source: String
}

public struct GaugeSpec: Sendable, Equatable {
    public var point: SourcedPoint
    public var river: String
    public var qaM3s: Double
    public var position: String
}

public struct FlowRegime: Sendable, Equatable {
    public var name: String
    public var ratio: Double
    public var source: String
    public init(name: String, ratio: Double, source: String) { self.name = name; self.ratio = ratio; self.source = source }
}

public struct ReservoirSpec: Sendable, Equatable {
    public var name: String
    public var lakeId: Int
    public var volumeKm3: Double
    public var mixingVolumeKm3: Double
    public var areaKm2: Double
    public var source: String
    public var mixingNote: String
}

public struct Guideline: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var mgL: Double
    public var note: String?
}

/// The alarm model's basin data: hydrology.json, checkpoints.json and guidelines.json in the basin folder.
public struct BasinAlarmData: Sendable {
    public var gauges: [GaugeSpec]
    public var qaRule: String
    public var outletDaKm2: Double
    public var daSource: String
    public var daRule: String
    public var regimes: [FlowRegime]
    public var reservoirs: [ReservoirSpec]
    public var notUsed: [String]
    public var checkpoints: [SourcedPoint]
    public var checkpointMaxSnapKm: Double
    public var guidelines: [Guideline]
    public var guidelineSource: String

    public static func load(directory: URL) throws -> BasinAlarmData {
        let h = try Reader(directory.appendingPathComponent("hydrology.json"))
        let c = try Reader(directory.appendingPathComponent("checkpoints.json"))
        let w = try Reader(directory.appendingPathComponent("guidelines.json"))
        var gauges: [GaugeSpec] = []
        for (i, g) in try h.array(h.root, "gauges", at: "").enumerated() {
            let at = "gauges[\(i)]"
            let qa = try h.number(g, "qa_m3_s", at: at)
            guard qa > 0 else { throw h.error(at, "qa_m3_s", "a positive discharge in m³/s, got \(qa)") }
            gauges.append(GaugeSpec(point: try h.point(g, at: at, detailKey: "river"), river: try h.string(g, "river", at: at),
                                    qaM3s: qa, position: try h.string(g, "position", at: at)))
        }
        let da = try h.object(h.root, "drainage_area", at: "")
        let outlet = try h.number(da, "outlet_km2", at: "drainage_area")
        guard outlet > 0 else { throw h.error("drainage_area", "outlet_km2", "a positive area in km²") }
        var regimes: [FlowRegime] = []
        let fr = try h.object(h.root, "flow_regimes", at: "")
        for k in fr.keys.sorted() {
            guard let o = fr[k] as? [String: Any] else { throw h.error("flow_regimes", k, "an object with q_ratio and source") }
            let r = try h.number(o, "q_ratio", at: "flow_regimes.\(k)")
            guard r > 0 else { throw h.error("flow_regimes.\(k)", "q_ratio", "a positive ratio") }
            regimes.append(FlowRegime(name: k, ratio: r, source: try h.string(o, "source", at: "flow_regimes.\(k)")))
        }
        var reservoirs: [ReservoirSpec] = []
        for (i, r) in try h.array(h.root, "reservoirs", at: "").enumerated() {
            let at = "reservoirs[\(i)]"
            let v = try h.number(r, "volume_km3", at: at), mv = try h.number(r, "mixing_volume_km3", at: at)
            guard v > 0, mv > 0, mv <= v else { throw h.error(at, "mixing_volume_km3", "positive volumes with mixing_volume_km3 ≤ volume_km3") }
            reservoirs.append(ReservoirSpec(name: try h.string(r, "name", at: at), lakeId: Int(try h.number(r, "lake_id", at: at)), volumeKm3: v,
                                            mixingVolumeKm3: mv, areaKm2: try h.number(r, "area_km2", at: at), source: try h.string(r, "source", at: at),
                                            mixingNote: try h.string(r, "mixing_volume_note", at: at)))
        }
        var cps: [SourcedPoint] = []
        for (i, p) in try c.array(c.root, "checkpoints", at: "").enumerated() { cps.append(try c.point(p, at: "checkpoints[\(i)]", detailKey: "kind")) }
        var gl: [Guideline] = []
        for (i, s) in try w.array(w.root, "substances", at: "").enumerated() {
            let at = "substances[\(i)]"
            let v = try w.number(s, "who_mg_l", at: at)
            guard v > 0 else { throw w.error(at, "who_mg_l", "a positive concentration in mg/L") }
            gl.append(Guideline(name: try w.string(s, "name", at: at).lowercased(), aliases: ((s["aliases"] as? [String]) ?? []).map { $0.lowercased() },
                                mgL: v, note: s["note"] as? String))
        }
        return BasinAlarmData(gauges: gauges, qaRule: try h.string(h.root, "qa_rule", at: ""), outletDaKm2: outlet,
                              daSource: try h.string(da, "source", at: "drainage_area"), daRule: try h.string(da, "rule", at: "drainage_area"),
                              regimes: regimes, reservoirs: reservoirs, notUsed: (h.root["not_used"] as? [String]) ?? [],
                              checkpoints: cps, checkpointMaxSnapKm: try c.number(c.root, "max_snap_km", at: ""),
                              guidelines: gl, guidelineSource: try w.string(w.root, "source", at: ""))
    }

    public func regime(_ name: String) -> FlowRegime? { regimes.first { $0.name == name } }

    /// The guideline for a substance by name or alias, case-insensitive.
    public func guideline(_ substance: String) -> Guideline? {
        let s = substance.lowercased().trimmingCharacters(in: .whitespaces)
        return guidelines.first { $0.name == s || $0.aliases.contains(s) }
    }

    /// Reads one JSON file, naming file and field in every error.
    struct Reader {
        let file: String
        let root: [String: Any]
        init(_ url: URL) throws {
            file = url.lastPathComponent
            guard let data = try? Data(contentsOf: url) else { throw HydrologyError.invalid("\(url.path): cannot read the file (the alarm model needs it in the basin folder)") }
            guard let o = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw HydrologyError.invalid("\(url.path): not a JSON object") }
            root = o
        }
        func error(_ at: String, _ key: String, _ expected: String) -> HydrologyError {
            .invalid("\(file): \(at.isEmpty ? "" : at + ".")\(key): expected \(expected)")
        }
        func number(_ o: [String: Any], _ k: String, at: String) throws -> Double {
            guard let v = o[k], type(of: v) != Bool.self, let n = v as? NSNumber, n.doubleValue.isFinite else { throw error(at, k, "a number") }
            return n.doubleValue
        }
        func string(_ o: [String: Any], _ k: String, at: String) throws -> String {
            guard let s = o[k] as? String, !s.isEmpty else { throw error(at, k, "a non-empty string") }
            return s
        }
        func object(_ o: [String: Any], _ k: String, at: String) throws -> [String: Any] {
            guard let v = o[k] as? [String: Any] else { throw error(at, k, "an object") }
            return v
        }
        func array(_ o: [String: Any], _ k: String, at: String) throws -> [[String: Any]] {
            guard let v = o[k] as? [[String: Any]] else { throw error(at, k, "an array of objects") }
            return v
        }
        func point(_ o: [String: Any], at: String, detailKey: String) throws -> SourcedPoint {
            let lon = try number(o, "lon", at: at), lat = try number(o, "lat", at: at)
            guard (-180...180).contains(lon), (-90...90).contains(lat) else { throw error(at, "lon/lat", "degrees within ±180/±90") }
            return SourcedPoint(name: try string(o, "name", at: at), lon: lon, lat: lat, detail: try string(o, detailKey, at: at), source: try string(o, "source", at: at))
        }
    }
}
