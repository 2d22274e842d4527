/// Datadog API keys (32 hex) and application keys (40 hex), assigned to a Datadog name.
extension RuleCatalog {
    static let datadog: [Rule] = [
        AssignmentRule.provider(
            id: "datadog-api-key", description: "Datadog API key", provider: "datadog", secretWords: ["api", "apikey"], set: .hexLower,
            lengths: 32...32),
        AssignmentRule.provider(
            id: "datadog-app-key", description: "Datadog application key", provider: "datadog", secretWords: ["app", "application", "appkey"],
            set: .hexLower, lengths: 40...40),
    ]
}
