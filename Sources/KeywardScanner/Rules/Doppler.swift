/// Doppler service, personal and CLI tokens.
extension RuleCatalog {
    static let doppler: [Rule] = [
        Rule(
            id: "doppler-service-token", description: "Doppler service token",
            token: TokenShape(prefix: "dp.st.", body: ByteSet.base62.union(ByteSet("._-")), length: 40...120)),
        Rule(
            id: "doppler-personal-token", description: "Doppler personal token", token: TokenShape(prefix: "dp.pt.", body: .base62, length: 40...48)),
        Rule(id: "doppler-cli-token", description: "Doppler CLI token", token: TokenShape(prefix: "dp.ct.", body: .base62, length: 40...48)),
    ]
}
