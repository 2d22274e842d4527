/// age encryption secret keys (Bech32, upper case).
extension RuleCatalog {
    static let age: [Rule] = [
        Rule(
            id: "age-secret-key", description: "age secret key",
            token: TokenShape(prefix: "AGE-SECRET-KEY-1", body: ByteSet("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"), length: 58...58))
    ]
}
