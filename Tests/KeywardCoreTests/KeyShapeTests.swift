import KeywardCore
import Testing

@Suite("Key-shaped runs in text (KEY_IN_URL)")
struct KeyShapeTests {
    static let right = "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7"
    static let wrong = "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt8"
    static let underscored = "acme_live_3Fx9kQ2mZp7LrT4vWb8YcN1dHs6JgE5uKa0123456782Qbcsi"

    @Test(
        "finds keys with right and wrong checksums",
        arguments: [
            "/v1/items?key=\(right)",
            "/v1/items?key=\(wrong)",
            "/v1/items?a=1&api_key=\(wrong)&b=2",
            "/v1/items?x=\(underscored)",
            "/v1/items?token=kwm_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz3HQ9Mn",
            "?k=\(right)#frag",
            right,
            wrong,
        ])
    func finds(text: String) {
        #expect(KeyShape.occurs(in: Substring(text)))
    }

    @Test(
        "ignores other tokens",
        arguments: [
            "/v1/items?key=kw_\(String(repeating: "A", count: 48))",
            "/v1/items?key=kw_\(String(repeating: "A", count: 50))",
            "/v1/items?key=kw_\(String(repeating: "A", count: 80))",
            "/v1/items?key=\(String(repeating: "A", count: 49))",
            "/v1/items?key=_\(String(repeating: "A", count: 49))",
            "/v1/items?key=KW_\(String(repeating: "A", count: 49))",
            "/v1/items?key=k_\(String(repeating: "A", count: 49))",
            "/v1/items?key=1kw_\(String(repeating: "A", count: 49))",
            "/v1/items?key=abcdefghijklmnopq_\(String(repeating: "A", count: 49))",
            "/v1/items?key=kw_\(String(repeating: "A", count: 24))-\(String(repeating: "A", count: 24))",
            "/v1/items?token=" + "ghp" + "_abcdefghijklmnopqrstuvwxyzABCDEF0123",
            "/v1/items?page=2&sort=created_at",
            "",
            "_",
        ])
    func ignores(text: String) {
        #expect(!KeyShape.occurs(in: Substring(text)))
    }

    @Test("a scope that holds a key is refused")
    func scopeWithKey() {
        #expect(throws: KeywardError.self) { try Scope(parsing: "docs:\(Self.wrong)") }
        do {
            _ = try Scope(parsing: Self.right)
            Issue.record("a key was accepted as a scope")
        } catch {
            #expect(error.code == .invalidScope)
            #expect(!error.description.contains("0123456789ABCDEF"))
        }
    }

    @Test("fuzz: random texts never crash")
    func fuzz() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<5_000 {
            let text = FuzzText.make(length: Int.random(in: 0..<120, using: &generator), using: &generator)
            _ = KeyShape.occurs(in: Substring(text))
        }
    }
}
