/// Grafana Cloud API tokens and service-account tokens.
extension RuleCatalog {
    static let grafana: [Rule] = [
        Rule(
            id: "grafana-cloud-token", description: "Grafana Cloud access policy token",
            token: TokenShape(prefix: "glc_", body: ByteSet.base64, length: 32...400)),
        Rule(
            id: "grafana-service-account-token", description: "Grafana service account token",
            token: TokenShape(
                prefix: "glsa_", body: ByteSet.word, length: 41...41, validator: { token in token[37] == UInt8(ascii: "_") ? .plausible : .reject })
        ) {
            RuleSamples(
                positives: ["GRAFANA_TOKEN=glsa_\(SampleText.random(.base62, count: 32))_\(SampleText.random(.hexLower, count: 8))"],
                negatives: ["glsa_\(SampleText.random(.base62, count: 12))"])
        },
    ]
}
