/// The output formats of `keyward scan`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif

    /// The report of `findings`; secrets are redacted unless `showSecrets`.
    public func render(_ findings: [Finding], showSecrets: Bool, rules: [Rule] = RuleCatalog.builtIn) -> String {
        switch self {
        case .text: TextReporter.render(findings, showSecrets: showSecrets)
        case .json: JSONReporter.render(findings, showSecrets: showSecrets)
        case .sarif: SARIFReporter.render(findings, showSecrets: showSecrets, rules: rules)
        }
    }
}
