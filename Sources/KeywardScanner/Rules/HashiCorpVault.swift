/// HashiCorp Vault tokens (Vault 1.10 and later): service (`hvs.`), batch
/// (`hvb.`) and recovery (`hvr.`) tokens. The body is base64url text; a
/// service token of the root namespace has about 90 characters after its
/// prefix, a batch token well over 100. Legacy `s.` tokens have no prefix a
/// scanner can trust; the generic rule finds them by name (`VAULT_TOKEN=`).
extension RuleCatalog {
    static let hashiCorpVault: [Rule] = [
        Rule(
            id: "vault-service-token", description: "HashiCorp Vault service token",
            token: TokenShape(prefix: "hvs.", body: ByteSet.base62.union(ByteSet("_-")), length: 24...250)),
        Rule(
            id: "vault-batch-token", description: "HashiCorp Vault batch token",
            token: TokenShape(prefix: "hvb.", body: ByteSet.base62.union(ByteSet("_-")), length: 90...400)),
        Rule(
            id: "vault-recovery-token", description: "HashiCorp Vault recovery token",
            token: TokenShape(prefix: "hvr.", body: ByteSet.base62.union(ByteSet("_-")), length: 24...250)),
    ]
}
