import KeywardCore
import Testing

@Suite("Scopes and grants")
struct ScopeTests {
    static func scope(_ text: String) throws -> Scope {
        try Scope(parsing: text)
    }

    @Test(
        "grant matching",
        arguments: [
            ("docs:*", "docs:read", true),
            ("docs:*", "docs:read:own", true),
            ("docs:*", "docs", false),
            ("docs:*", "doc:read", false),
            ("docs:*", "docs2:read", false),
            ("docs:read", "docs:read", true),
            ("docs:read", "docs:read:own", false),
            ("docs:read", "docs", false),
            ("docs:read", "docs:write", false),
            ("docs:*:own", "docs:read:own", true),
            ("docs:*:own", "docs:read:all", false),
            ("docs:*:own", "docs:read:own:x", false),
            ("docs:*:own", "docs:own", false),
            ("*:read", "docs:read", true),
            ("*:read", "docs:write", false),
            ("*", "docs", true),
            ("*", "docs:read", true),
            ("docs:read", "Docs:read", false),
            ("docs:read", "docs:READ", false),
            ("Docs:read", "docs:read", false),
            ("admin", "admin", true),
            ("admin", "keys:read", false),
            ("docs:read", "docs:*", false),
            ("docs:*", "docs:*", true),
            ("*", "*", true),
            ("docs:read:own", "docs:read:own", true),
            ("docs:read:own", "docs:read:owN", false),
        ])
    func grants(granted: String, required: String, expected: Bool) throws {
        #expect(try Self.scope(granted).grants(try Self.scope(required)) == expected)
        #expect([try Self.scope("other:x"), try Self.scope(granted)].grants(try Self.scope(required)) == expected)
    }

    @Test("an empty list grants nothing")
    func emptyList() throws {
        #expect(![Scope]().grants(try Self.scope("docs:read")))
    }

    @Test(
        "valid scopes",
        arguments: [
            "docs:read", "admin", "secrets:read:payments/*", "a.b-c_d:x", "keys:*", String(repeating: "a", count: 200),
            Array(repeating: "a", count: 16).joined(separator: ":"),
        ])
    func valid(text: String) throws {
        let scope = try Self.scope(text)
        #expect(scope.rawValue == text)
        #expect(scope.segments.count == text.split(separator: ":", omittingEmptySubsequences: false).count)
    }

    @Test(
        "invalid scopes are refused with the rule",
        arguments: [
            ("", "empty"),
            ("docs::read", "segment 2 is empty"),
            (":docs", "segment 1 is empty"),
            ("docs:", "segment 2 is empty"),
            ("docs read", "segment 1 holds a character"),
            ("docs:réad", "segment 2 holds a character"),
            ("docs:read\n", "segment 2 holds a character"),
            (String(repeating: "a", count: 201), "longer than 200"),
            (Array(repeating: "a", count: 17).joined(separator: ":"), "more than 16 segments"),
        ])
    func invalid(text: String, rule: String) {
        do {
            _ = try Scope(parsing: text, field: "scopes")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidScope)
            #expect(error.field == "scopes")
            #expect(error.message.contains(rule), "\(error.message)")
        }
    }

    @Test("a key-shaped scope is refused without echoing the key")
    func keyShapedScope() {
        let key = "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7"
        for text in [key, "docs:\(key)", "docs:read:\(key)"] {
            do {
                _ = try Scope(parsing: text)
                Issue.record("a key was accepted as a scope")
            } catch {
                #expect(error.message.contains("shape of an API key"))
                #expect(!error.description.contains("0123456789"))
            }
        }
    }

    @Test("scopes order by text")
    func ordering() throws {
        #expect(try Self.scope("a:b") < Self.scope("b:a"))
        #expect(try [Self.scope("keys:write"), Self.scope("admin")].sorted().map(\.rawValue) == ["admin", "keys:write"])
    }
}
