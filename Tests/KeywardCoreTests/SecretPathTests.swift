import KeywardCore
import Testing

@Suite("Vault paths")
struct SecretPathTests {
    @Test("good paths parse and keep their text", arguments: ["a", "payments/stripe/live", "app.prod/DB_PASSWORD", "a-b_c.d/e1", ".env/values"])
    func good(text: String) throws {
        #expect(try SecretPath(parsing: text).rawValue == text)
    }

    @Test(
        "bad paths are refused with a message that says what is wrong",
        arguments: [
            ("", "empty"), ("/a", "segment 1 is empty"), ("a/", "segment 2 is empty"), ("a//b", "segment 2 is empty"),
            ("..", "only dots"), ("a/../b", "only dots"), ("a/./b", "only dots"), ("a b", "character 2"), ("a/é", "character 3"),
            ("a\u{0}b", "character 2"), ("a\\b", "character 2"), (String(repeating: "a", count: 65), "segment 1 is longer"),
            (String(repeating: "a/", count: 16) + "a", "more than 16 segments"), (String(repeating: "abcdefgh/", count: 29), "longer than 256"),
        ])
    func bad(text: String, says: String) {
        do {
            _ = try SecretPath(parsing: text, field: "path")
            Issue.record("\(text.debugDescription) was accepted")
        } catch {
            #expect(error.code == .invalidPath)
            #expect(error.field == "path")
            #expect(error.message.contains(says), "\(error.message)")
        }
    }

    @Test("a path shaped like an API key is refused, and the message does not repeat it")
    func keyShaped() throws {
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        do {
            _ = try SecretPath(parsing: "leaked/" + key)
            Issue.record("a key-shaped path was accepted")
        } catch {
            #expect(!error.message.contains(key))
            #expect(!error.description.contains(key))
        }
    }

    @Test("random text never crashes the parser")
    func fuzz() {
        let alphabet = Array("ab./_-\u{0}é \\Z9")
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...40)).map { _ in alphabet.randomElement()! })
            if let path = try? SecretPath(parsing: text) {
                #expect(!path.segments.contains { $0 == "." || $0 == ".." })
                #expect(!path.rawValue.hasPrefix("/") && !path.rawValue.hasSuffix("/") && !path.rawValue.contains("//"))
            }
        }
    }
}
