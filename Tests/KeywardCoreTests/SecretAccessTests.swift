import KeywardCore
import Testing

@Suite("Who may read and write vault secrets")
struct SecretAccessTests {
    static func allows(_ scopes: [String], _ action: SecretAccess.Action, _ path: String) throws -> Bool {
        SecretAccess.allows(try scopes.map { try Scope(parsing: $0) }, action, path: try SecretPath(parsing: path))
    }

    @Test(
        "path globs: * is one segment, a trailing * the rest (one segment or more), other segments exact",
        arguments: [
            ("secrets:read:payments/*", "payments/stripe/live", true),
            ("secrets:read:payments/*", "payments/stripe", true),
            ("secrets:read:payments/*", "payments", false),
            ("secrets:read:payments/*", "paymentsx/stripe", false),
            ("secrets:read:payments/stripe/live", "payments/stripe/live", true),
            ("secrets:read:payments/stripe/live", "payments/stripe/live/2", false),
            ("secrets:read:payments/stripe/live", "payments/stripe", false),
            ("secrets:read:*/db", "app/db", true),
            ("secrets:read:*/db", "app/db/password", false),
            ("secrets:read:*/db/*", "app/db/password", true),
            ("secrets:read:app/*/password", "app/db/password", true),
            ("secrets:read:app/*/password", "app/db/replica/password", false),
            ("secrets:read:pay*", "payments", false),
            ("secrets:read:Payments/*", "payments/x", false),
            ("secrets:read", "any/path/at/all", true),
            ("secrets:*", "any/path", true),
        ])
    func globs(scope: String, path: String, allowed: Bool) throws {
        #expect(try Self.allows([scope], .read, path) == allowed)
    }

    @Test("write grants read on the same paths; read never grants write; admin grants both; other scopes neither")
    func actions() throws {
        #expect(try Self.allows(["secrets:write:app/*"], .read, "app/db"))
        #expect(try Self.allows(["secrets:write:app/*"], .write, "app/db"))
        #expect(try !Self.allows(["secrets:read:app/*"], .write, "app/db"))
        #expect(try !Self.allows(["secrets:write:app/*"], .write, "other/db"))
        #expect(try Self.allows(["admin"], .write, "x"))
        #expect(try Self.allows(["secrets:write"], .write, "x/y"))
        for scope in ["keys:write", "secrets", "secrets:delete:x", "secrets:read:a:b", "audit:read", "secretsx:read"] {
            #expect(try !Self.allows([scope], .read, "a"), "\(scope)")
        }
        #expect(try Self.allows(["keys:read", "secrets:read:b/*"], .read, "b/c"), "any scope held may grant")
    }
}
