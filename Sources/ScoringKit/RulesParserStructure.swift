// The rules file top down: rule set, substance weights, indices and class schemes.
import Foundation

extension RulesParser {
    // MARK: structure

    mutating func ruleSet(_ root: JSONValue) throws -> RuleSet {
        let o = try object(root, "top level")
        try checkKeys(o, allowed: ["title", "description", "version", "notes", "indices", "substances", "runout", "ranking"], "top level")
        let title = try optString(o["title"], "title") ?? file

        var substances: SubstanceWeights?
        if let s = o["substances"] { substances = try substanceWeights(s) }

        let rawIndices = try array(o["indices"], "'indices'")
        if rawIndices.isEmpty { throw fail("'indices' is empty") }
        // First pass: ids, so that "index:X" references can be checked.
        var ids = Set<String>()
        for (i, raw) in rawIndices.enumerated() {
            let io = try object(raw, "indices[\(i)]")
            let id = try string(io["id"], "indices[\(i)].id")
            if !ids.insert(id).inserted { indexID = id; throw fail("duplicate index id") }
        }
        var indices: [IndexRule] = []
        for raw in rawIndices {
            indices.append(try indexRule(raw, allIDs: ids, hasSubstances: substances != nil))
        }
        indexID = nil
        termName = nil
        try checkIndexReferences(indices)
        try checkNegativeIndexInputs(indices)

        var runout: [RunoutModel] = []
        if let r = o["runout"] { runout = try runoutModels(r) }

        var ranking: [String: String] = [:]
        if let r = o["ranking"] {
            let ro = try object(r, "'ranking'")
            for (kind, v) in ro {
                guard RuleSet.siteKinds.contains(kind) else { throw fail("ranking: unknown site kind '\(kind)' (allowed: other, tailings)") }
                let id = try string(v, "ranking.\(kind)")
                guard let idx = indices.first(where: { $0.id == id }) else { throw fail("ranking.\(kind): unknown index '\(id)'") }
                guard idx.appliesTo.contains(kind) else { throw fail("ranking.\(kind): index '\(id)' does not apply to '\(kind)'") }
                ranking[kind] = id
            }
        }
        return RuleSet(name: file, title: title, indices: indices, substances: substances, runoutModels: runout, ranking: ranking)
    }

    mutating func substanceWeights(_ v: JSONValue) throws -> SubstanceWeights {
        let o = try object(v, "'substances'")
        try checkKeys(o, allowed: ["class_weights", "unknown_class", "source", "assumption", "unknown_class_source", "unknown_class_assumption", "notes"], "'substances'")
        let w = try object(o["class_weights"], "substances.class_weights")
        if w.isEmpty { throw fail("substances.class_weights is empty") }
        var weights: [Int: Double] = [:]
        for (k, x) in w {
            guard let c = Int(k), (1...3).contains(c) else { throw fail("substances.class_weights: key '\(k)' is not a water hazard class 1, 2 or 3") }
            let wt = try number(x, "substances.class_weights.\(k)")
            if wt < 0 { throw fail("substances.class_weights.\(k) is negative") }
            weights[c] = wt
        }
        let sortedClasses = weights.keys.sorted()
        try ascending(sortedClasses.map { weights[$0]! }, "substances.class_weights (by class)")
        // Checked before the Int conversion, which traps on a finite number beyond Int's range (fuzzing found 1e300).
        let unknownNumber = try number(o["unknown_class"], "substances.unknown_class")
        guard unknownNumber == unknownNumber.rounded(), (1...3).contains(unknownNumber) else {
            throw fail("substances.unknown_class must be a water hazard class 1, 2 or 3, found \(formatNumber(unknownNumber))")
        }
        let unknown = Int(unknownNumber)
        guard weights[unknown] != nil else { throw fail("substances.unknown_class \(unknown) has no weight in class_weights") }
        let prov = try provenance(o, "substances.class_weights")
        let us = try optString(o["unknown_class_source"], "substances.unknown_class_source")
        let ua = try optString(o["unknown_class_assumption"], "substances.unknown_class_assumption")
        if us == nil && ua == nil { throw fail("substances.unknown_class has no 'unknown_class_source' or 'unknown_class_assumption'") }
        return SubstanceWeights(classWeights: weights, unknownClass: unknown, provenance: prov,
                                unknownClassProvenance: Provenance(source: us, assumption: ua))
    }

    mutating func indexRule(_ raw: JSONValue, allIDs: Set<String>, hasSubstances: Bool) throws -> IndexRule {
        let o = try object(raw, "index")
        let id = try string(o["id"], "id")
        indexID = id
        termName = nil
        try checkKeys(o, allowed: ["id", "title", "applies_to", "source", "assumption", "terms", "classes", "notes"], "index")
        let title = try optString(o["title"], "title") ?? id
        let applies = try array(o["applies_to"], "'applies_to'").map { try string($0, "applies_to entry") }
        if applies.isEmpty { throw fail("'applies_to' is empty") }
        for k in applies where !RuleSet.siteKinds.contains(k) {
            throw fail("'applies_to' has unknown site kind '\(k)' (allowed: other, tailings)")
        }
        let prov = try provenance(o, "index")
        let cls = try classScheme(o["classes"])
        let rawTerms = try array(o["terms"], "'terms'")
        if rawTerms.isEmpty { throw fail("'terms' is empty: an index is a sum of at least one term") }
        var terms: [TermRule] = []
        var names = Set<String>()   // a set: 200,000 terms took 106 s with a linear search per term
        terms.reserveCapacity(rawTerms.count)
        for raw in rawTerms {
            let t = try termRule(raw, allIDs: allIDs, hasSubstances: hasSubstances)
            if !names.insert(t.name).inserted { throw fail("duplicate term name") }
            terms.append(t)
        }
        termName = nil
        return IndexRule(id: id, title: title, appliesTo: applies, provenance: prov, terms: terms, classes: cls)
    }

    func classScheme(_ v: JSONValue?) throws -> ClassScheme {
        let o = try object(v, "'classes'")
        try checkKeys(o, allowed: ["names", "thresholds", "source", "assumption", "notes"], "'classes'")
        let names = try array(o["names"], "classes.names").map { try string($0, "classes.names entry") }
        let thresholds = try numbers(o["thresholds"], "classes.thresholds")
        if names.count != thresholds.count + 1 {
            throw fail("classes: \(names.count) names need \(names.count - 1) thresholds (lower bounds of all classes but the first), found \(thresholds.count)")
        }
        if Set(names).count != names.count { throw fail("classes.names has duplicates") }
        try ascending(thresholds, "class thresholds")
        let prov = try provenance(o, "classes")
        return ClassScheme(names: names, thresholds: thresholds, provenance: prov)
    }
}
