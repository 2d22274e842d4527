/// Hugging Face user access tokens and organisation API tokens.
extension RuleCatalog {
    static let huggingFace: [Rule] = [
        Rule(
            id: "huggingface-token", description: "Hugging Face access token",
            token: TokenShape(
                prefix: "hf_", body: ByteSet.upper.union(.lower), length: 34...34, stopAfter: .word,
                validator: { token in Entropy.bits(token) >= 3.5 && token.contains(where: ByteSet.upper.contains) ? .plausible : .reject })),
        Rule(
            id: "huggingface-org-token", description: "Hugging Face organisation API token",
            token: TokenShape(
                prefix: "api_org_", body: ByteSet.upper.union(.lower), length: 34...34, stopAfter: .word,
                validator: { token in Entropy.bits(token) >= 3.5 && token.contains(where: ByteSet.upper.contains) ? .plausible : .reject })),
    ]
}
