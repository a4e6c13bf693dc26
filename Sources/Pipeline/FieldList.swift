import Foundation
import ScoringKit
import OutputKit

extension Pipeline {
    /// The per-site fields a run with these rules writes, as docs/fields.md.
    public static func fieldDocs(rules url: URL) throws -> String {
        try InputCheck.file(url, option: "the scoring rules")
        let rules: RuleSet
        do { rules = try RuleSet.load(contentsOf: url) } catch { throw PipelineError("\(error)") }
        return FieldDocs.markdown(SiteSchema(rules: rules, sites: []), rulesFile: url.lastPathComponent)
    }
}
