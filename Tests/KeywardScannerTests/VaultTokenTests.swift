import Testing

@testable import KeywardScanner

/// HashiCorp Vault tokens in the shapes Vault issues them (issue 18).
@Suite struct VaultTokenTests {
    static let base64URL = ByteSet.base62.union(ByteSet("-_"))

    @Test func prefixedTokensOfRealLengthAreFound() {
        // A root-namespace service token: `hvs.CAESI` and about 90 base64url characters; a namespaced one adds `.nsid`.
        let service = "hvs." + "CAESI" + SampleText.random(Self.base64URL, count: 86)
        let batch = "hvb." + "AAAAAQ" + SampleText.random(Self.base64URL, count: 132)
        let recovery = "hvr." + SampleText.random(.base62, count: 24)
        let found = Detector().detect(in: "VAULT_TOKEN=\(service)\ntoken: \(service).Ab1cD\nX-Vault-Token: \(batch)\nroot = \"\(recovery)\"\n")
        #expect(found.map(\.rule.id) == ["vault-service-token", "vault-service-token", "vault-batch-token", "vault-recovery-token"])
        #expect(found[1].secret == service, "the namespace id is not part of the secret")
        #expect(found.allSatisfy { $0.rule.confidence == .high })
    }

    @Test func legacyTokensAreFoundOnlyInAVaultContext() {
        let token = "s." + SampleText.random(.base62, count: 22) + "Q7"
        for line in [
            "export VAULT_TOKEN=\(token)", "curl --header \"X-Vault-Token: \(token)\" https://vault.internal:8200/v1/kv/app",
            "{\"auth\": {\"client_token\": \"\(token)\", \"accessor\": \"x\"}}",
        ] {
            #expect(TestSupport.ruleIDs(in: line) == ["vault-legacy-token"], "\(line)")
        }
        // The same shape outside a Vault context is a dotted identifier, not a token.
        #expect(TestSupport.ruleIDs(in: "let value = \(token)").isEmpty)
        #expect(TestSupport.ruleIDs(in: "config = load(\"\(token)\")").isEmpty)
    }
}
