// The rules file parser: its state and the checked primitives every part of the file is read with.
import Foundation

struct RulesParser {
    let file: String
    let knownInputs: Set<String>
    var indexID: String?
    var termName: String?

    init(file: String, knownInputs: Set<String>) {
        self.file = file
        self.knownInputs = knownInputs
    }

    func fail(_ problem: String) -> RulesError {
        RulesError(file: file, index: indexID, term: termName, problem: problem)
    }

    // MARK: primitives

    func object(_ v: JSONValue?, _ what: String) throws -> [String: JSONValue] {
        guard let v else { throw fail("missing \(what)") }
        guard case .object(let o) = v else { throw fail("\(what) must be an object, found \(v.typeName)") }
        return o
    }

    func array(_ v: JSONValue?, _ what: String) throws -> [JSONValue] {
        guard let v else { throw fail("missing \(what)") }
        guard case .array(let a) = v else { throw fail("\(what) must be an array, found \(v.typeName)") }
        return a
    }

    func string(_ v: JSONValue?, _ what: String) throws -> String {
        guard let v else { throw fail("missing \(what)") }
        guard case .string(let s) = v, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("\(what) must be a non-empty string, found \(v.typeName)")
        }
        return s
    }

    func optString(_ v: JSONValue?, _ what: String) throws -> String? {
        guard let v, v != .null else { return nil }
        return try string(v, what)
    }

    func number(_ v: JSONValue?, _ what: String) throws -> Double {
        guard let v else { throw fail("missing \(what)") }
        guard case .number(let x) = v, x.isFinite else { throw fail("\(what) must be a finite number, found \(v.typeName)") }
        return x
    }

    func optNumber(_ v: JSONValue?, _ what: String) throws -> Double? {
        guard let v, v != .null else { return nil }
        return try number(v, what)
    }

    func checkKeys(_ o: [String: JSONValue], allowed: Set<String>, _ what: String) throws {
        let unknown = Set(o.keys).subtracting(allowed).sorted()
        if !unknown.isEmpty {
            throw fail("unknown key(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// `source` and/or `assumption`; at least one must be a non-empty string.
    func provenance(_ o: [String: JSONValue], _ what: String) throws -> Provenance {
        let s = try optString(o["source"], "\(what) source")
        let a = try optString(o["assumption"], "\(what) assumption")
        if s == nil && a == nil {
            throw fail("\(what) has no 'source' or 'assumption': every number needs a literature source (publication, table/equation) or an assumption with its reason")
        }
        return Provenance(source: s, assumption: a)
    }

    func ascending(_ xs: [Double], _ what: String) throws {
        for i in xs.indices.dropFirst() where !(xs[i] > xs[i - 1]) {
            throw fail("\(what) must be strictly ascending, but \(formatNumber(xs[i])) follows \(formatNumber(xs[i - 1])) (position \(i + 1))")
        }
    }

    func numbers(_ v: JSONValue?, _ what: String) throws -> [Double] {
        try array(v, what).enumerated().map { try number($0.element, "\(what)[\($0.offset)]") }
    }
}
