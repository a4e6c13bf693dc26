// Terms of an index: input kinds, transforms, index references and runout models.
import Foundation

extension RulesParser {
    /// Kind of value an input name delivers, or nil when the name is not known.
    func inputKind(_ input: String, allIDs: Set<String>, hasSubstances: Bool) throws -> InputKind? {
        if input.hasPrefix(ScoringInputs.indexInputPrefix) {
            let ref = String(input.dropFirst(ScoringInputs.indexInputPrefix.count))
            guard allIDs.contains(ref) else { throw fail("input '\(input)' refers to unknown index '\(ref)'") }
            if ref == indexID { throw fail("input '\(input)' refers to its own index") }
            return .number
        }
        if input == ScoringInputs.substancesInput {
            guard hasSubstances else { throw fail("input '\(input)' needs a top-level 'substances' section with class weights") }
            return .number
        }
        guard knownInputs.contains(input) else {
            throw fail("unknown input '\(input)' (not among the \(knownInputs.count) known input names, nor 'index:<id>' or '\(ScoringInputs.substancesInput)')")
        }
        return ScoringInputs.inputKinds[input]
    }

    mutating func termRule(_ raw: JSONValue, allIDs: Set<String>, hasSubstances: Bool) throws -> TermRule {
        let o = try object(raw, "term")
        let name = try string(o["name"], "term name")
        termName = name
        try checkKeys(o, allowed: Self.termKeys, "term")
        let input = try string(o["input"], "'input'")
        let kind = try inputKind(input, allIDs: allIDs, hasSubstances: hasSubstances)
        let transform = try self.transform(o["transform"], "'transform'")
        if let kind, !transform.accepts(kind) {
            throw fail("transform '\(transform.typeName)' cannot use input '\(input)', which is a \(kind.rawValue)")
        }
        var fallbacks: [FallbackRule] = []
        if let fv = o["fallback_inputs"] {
            for (i, f) in try array(fv, "'fallback_inputs'").enumerated() {
                let what = "fallback_inputs[\(i)]"
                var fb: FallbackRule
                switch f {
                case .string(let s):
                    fb = FallbackRule(input: s, transform: nil, provenance: nil)
                case .object(let fo):
                    try checkKeys(fo, allowed: ["input", "transform", "source", "assumption", "notes"], what)
                    let fin = try string(fo["input"], "\(what).input")
                    var ft: Transform?
                    var fp: Provenance?
                    if fo["transform"] != nil {
                        ft = try self.transform(fo["transform"], "\(what).transform")
                        fp = try provenance(fo, "\(what) (own transform)")
                    }
                    fb = FallbackRule(input: fin, transform: ft, provenance: fp)
                default:
                    throw fail("\(what) must be an input name or an object with 'input', found \(f.typeName)")
                }
                if fb.input == input { throw fail("\(what) repeats the term's own input '\(input)'") }
                let fk = try inputKind(fb.input, allIDs: allIDs, hasSubstances: hasSubstances)
                let ft = fb.transform ?? transform
                if let fk, !ft.accepts(fk) {
                    throw fail("\(what): transform '\(ft.typeName)' cannot use input '\(fb.input)', which is a \(fk.rawValue)")
                }
                fallbacks.append(fb)
            }
        }
        // Default when missing: explicit, with its own provenance.
        let d = try object(o["default_when_missing"], "'default_when_missing' (state what stands in when the input is missing)")
        try checkKeys(d, allowed: ["points", "value", "range", "source", "assumption", "notes"], "default_when_missing")
        let def: MissingDefault
        switch (d["points"], d["value"]) {
        case (let p?, nil):
            def = .points(try number(p, "default_when_missing.points"))
        case (nil, let v?):
            let iv: InputValue
            switch v {
            case .number(let x) where x.isFinite: iv = .number(x)
            case .string(let s): iv = .text(s)
            case .bool(let b): iv = .flag(b)
            default: throw fail("default_when_missing.value must be a number, text or boolean, found \(v.typeName)")
            }
            if case .failure(let f) = transform.apply(iv) {
                throw fail("default_when_missing.value \(iv.display) cannot be transformed: \(f.reason)")
            }
            def = .value(iv)
        case (nil, nil):
            throw fail("default_when_missing needs 'points' or 'value'")
        default:
            throw fail("default_when_missing has both 'points' and 'value'; give one")
        }
        let defProv = try provenance(d, "default_when_missing")
        let prov = try provenance(o, "term")
        var allowNegative = false
        if let v = o["allow_negative"] {
            guard case .bool(let b) = v else { throw fail("'allow_negative' must be true or false, found \(v.typeName)") }
            allowNegative = b
        }
        // Signs first: a negative stand-in or transformation is the more basic mistake, and its message
        // names the way out ("allow_negative"); the stand-in's range is checked against what is allowed.
        var rule = TermRule(name: name, input: input, fallbacks: fallbacks, transform: transform,
                            defaultWhenMissing: def, defaultProvenance: defProv,
                            standInRange: StandInRange(low: 0, high: 0, provenance: nil, basis: ""), provenance: prov, allowNegative: allowNegative)
        try checkSigns(rule)
        rule.standInRange = try standInRange(d, transform: transform, defaultPoints: def.points(transform))
        return rule
    }

    func transform(_ v: JSONValue?, _ what: String) throws -> Transform {
        let o = try object(v, what)
        let type = try string(o["type"], "\(what).type")
        switch type {
        case "log10":
            try checkKeys(o, allowed: ["type", "unit", "floor", "cap"], "\(what) (log10)")
            let unit = try string(o["unit"], "\(what).unit (the unit of the quantity)")
            let floor = try optNumber(o["floor"], "\(what).floor")
            let cap = try optNumber(o["cap"], "\(what).cap")
            if let floor, let cap, !(floor < cap) { throw fail("\(what): floor \(formatNumber(floor)) must be below cap \(formatNumber(cap))") }
            return .log10(unit: unit, floor: floor, cap: cap)
        case "lookup":
            try checkKeys(o, allowed: ["type", "table"], "\(what) (lookup)")
            let t = try object(o["table"], "\(what).table")
            if t.isEmpty { throw fail("\(what).table is empty") }
            var table: [String: Double] = [:]
            for (k, x) in t {
                let key = k.trimmingCharacters(in: .whitespaces).lowercased()
                if table[key] != nil { throw fail("\(what).table has '\(key)' twice (keys are case-insensitive)") }
                table[key] = try number(x, "\(what).table['\(k)']")
            }
            return .lookup(table)
        case "bins":
            try checkKeys(o, allowed: ["type", "thresholds", "points", "unit"], "\(what) (bins)")
            let th = try numbers(o["thresholds"], "\(what).thresholds")
            let pts = try numbers(o["points"], "\(what).points")
            if th.isEmpty { throw fail("\(what).thresholds is empty") }
            if pts.count != th.count + 1 {
                throw fail("\(what): \(th.count) thresholds need \(th.count + 1) points (one below the first threshold, one per threshold), found \(pts.count)")
            }
            try ascending(th, "\(what).thresholds")
            return .bins(thresholds: th, points: pts)
        case "linear":
            try checkKeys(o, allowed: ["type", "a", "b", "min", "max", "unit"], "\(what) (linear)")
            let a = try number(o["a"], "\(what).a")
            let b = try number(o["b"], "\(what).b")
            let lo = try optNumber(o["min"], "\(what).min")
            let hi = try optNumber(o["max"], "\(what).max")
            if let lo, let hi, !(lo < hi) { throw fail("\(what): min \(formatNumber(lo)) must be below max \(formatNumber(hi))") }
            return .linear(a: a, b: b, min: lo, max: hi)
        case "flag":
            try checkKeys(o, allowed: ["type", "true_points", "false_points"], "\(what) (flag)")
            return .flag(truePoints: try number(o["true_points"], "\(what).true_points"),
                         falsePoints: try number(o["false_points"], "\(what).false_points"))
        default:
            throw fail("\(what).type '\(type)' is not one of log10, lookup, bins, linear, flag")
        }
    }

    static let termKeys: Set<String> = ["name", "input", "fallback_inputs", "transform", "default_when_missing", "source", "assumption", "notes", "allow_negative"]

    func checkIndexReferences(_ indices: [IndexRule]) throws {
        // Referenced index must apply wherever the referencing one does; no cycles.
        let byID = Dictionary(indices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var edges: [String: [String]] = [:]
        for idx in indices {
            for t in idx.terms {
                for name in [t.input] + t.fallbacks.map(\.input) where name.hasPrefix(ScoringInputs.indexInputPrefix) {
                    let ref = String(name.dropFirst(ScoringInputs.indexInputPrefix.count))
                    let target = byID[ref]!
                    let uncovered = Set(idx.appliesTo).subtracting(target.appliesTo)
                    if !uncovered.isEmpty {
                        throw RulesError(file: file, index: idx.id, term: t.name,
                                         problem: "input '\(name)': index '\(ref)' does not apply to \(uncovered.sorted().joined(separator: ", "))")
                    }
                    edges[idx.id, default: []].append(ref)
                }
            }
        }
        // Depth-first with an explicit stack: a long chain of references must not overflow the call stack.
        var state: [String: Int] = [:]  // 1 on the current path, 2 done
        for root in indices where state[root.id] == nil {
            var stack: [(id: String, next: Int)] = [(root.id, 0)]
            state[root.id] = 1
            while let top = stack.last {
                let out = edges[top.id] ?? []
                if top.next == out.count { state[top.id] = 2; stack.removeLast(); continue }
                stack[stack.count - 1].next += 1
                let n = out[top.next]
                if state[n] == 2 { continue }
                if state[n] == 1 {
                    let path = stack.map(\.id)
                    let from = path.firstIndex(of: n) ?? 0
                    throw RulesError(file: file, index: n, problem: "index references form a cycle: \((path[from...] + [n]).joined(separator: " -> "))")
                }
                state[n] = 1
                stack.append((n, 0))
            }
        }
    }

    mutating func runoutModels(_ v: JSONValue) throws -> [RunoutModel] {
        let o = try object(v, "'runout'")
        try checkKeys(o, allowed: ["models", "notes"], "'runout'")
        var models: [RunoutModel] = []
        for (i, raw) in try array(o["models"], "runout.models").enumerated() {
            let mo = try object(raw, "runout.models[\(i)]")
            let name = try string(mo["name"], "runout.models[\(i)].name")
            indexID = "runout:\(name)"
            termName = nil
            try checkKeys(mo, allowed: ["name", "source", "assumption", "released_volume", "max_release_fraction", "runout_distance", "uncertainty", "notes"], "runout model")
            let prov = try provenance(mo, "runout model")
            termName = "released_volume"
            let rv = try object(mo["released_volume"], "released_volume")
            try checkKeys(rv, allowed: ["coefficient", "exponent", "volume_unit", "source", "assumption", "notes"], "released_volume")
            let rc = try number(rv["coefficient"], "released_volume.coefficient")
            let re = try number(rv["exponent"], "released_volume.exponent")
            guard try string(rv["volume_unit"], "released_volume.volume_unit") == "Mm3" else {
                throw fail("released_volume.volume_unit must be 'Mm3' (million m3), the unit of both regressions")
            }
            if rc <= 0 { throw fail("released_volume.coefficient must be positive") }
            let rprov = try provenance(rv, "released_volume")
            var cap: Double?
            var capProv: Provenance?
            if let cv = mo["max_release_fraction"] {
                termName = "max_release_fraction"
                let co = try object(cv, "max_release_fraction")
                try checkKeys(co, allowed: ["value", "source", "assumption", "notes"], "max_release_fraction")
                let c = try number(co["value"], "max_release_fraction.value")
                if !(c > 0 && c <= 1) { throw fail("max_release_fraction.value must be in (0, 1]") }
                cap = c
                capProv = try provenance(co, "max_release_fraction")
            }
            termName = "runout_distance"
            let rd = try object(mo["runout_distance"], "runout_distance")
            try checkKeys(rd, allowed: ["predictor", "coefficient", "exponent", "unit", "source", "assumption", "notes"], "runout_distance")
            let predName = try string(rd["predictor"], "runout_distance.predictor")
            guard let pred = RunoutModel.Predictor(rawValue: predName) else {
                throw fail("runout_distance.predictor '\(predName)' is not 'dam_factor' (H*(VF/VT)*VF) or 'potential_energy' (H*VF)")
            }
            let dc = try number(rd["coefficient"], "runout_distance.coefficient")
            let de = try number(rd["exponent"], "runout_distance.exponent")
            if dc <= 0 { throw fail("runout_distance.coefficient must be positive") }
            guard try string(rd["unit"], "runout_distance.unit") == "km" else { throw fail("runout_distance.unit must be 'km'") }
            let dprov = try provenance(rd, "runout_distance")
            termName = "uncertainty"
            let uo = try object(mo["uncertainty"], "uncertainty")
            try checkKeys(uo, allowed: ["factor", "source", "assumption", "notes"], "uncertainty")
            let f = try number(uo["factor"], "uncertainty.factor")
            if !(f >= 1) { throw fail("uncertainty.factor must be >= 1 (low = D/factor, high = D*factor)") }
            let uprov = try provenance(uo, "uncertainty")
            if models.contains(where: { $0.name == name }) { termName = nil; throw fail("duplicate runout model name") }
            models.append(RunoutModel(name: name, provenance: prov,
                                      releasedCoefficient: rc, releasedExponent: re, releasedProvenance: rprov,
                                      maxReleaseFraction: cap, maxReleaseProvenance: capProv,
                                      predictor: pred, runoutCoefficient: dc, runoutExponent: de, runoutProvenance: dprov,
                                      uncertaintyFactor: f, uncertaintyProvenance: uprov))
        }
        indexID = nil
        termName = nil
        return models
    }
}
