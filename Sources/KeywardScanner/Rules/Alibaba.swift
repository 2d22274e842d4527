/// Alibaba Cloud AccessKey IDs.
extension RuleCatalog {
    static let alibaba: [Rule] = [
        Rule(
            id: "alibaba-access-key-id", description: "Alibaba Cloud AccessKey ID", token: TokenShape(prefix: "LTAI", body: .base62, length: 20...20))
    ]
}
