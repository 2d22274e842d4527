import KeywardCore
import Testing

@Suite("Management scopes")
struct ManagementScopeTests {
    static func allows(_ held: [String], _ required: String) throws -> Bool {
        ManagementScope.allows(try held.map { try Scope(parsing: $0) }, try Scope(parsing: required))
    }

    @Test(
        "admin holds every scope",
        arguments: ["keys:read", "keys:write", "keys:verify", "tokens:write", "secrets:write:payments/x", "metrics:read", "anything"])
    func admin(required: String) throws {
        #expect(try Self.allows(["admin"], required))
    }

    @Test(
        "write implies read, and nothing escalates",
        arguments: [
            (["keys:write"], "keys:read", true),
            (["keys:write"], "keys:write", true),
            (["keys:write"], "keys:verify", false),
            (["keys:write"], "keyspaces:read", false),
            (["keys:write"], "admin", false),
            (["keys:read"], "keys:read", true),
            (["keys:read"], "keys:write", false),
            (["keys:read"], "keys:*", false),
            (["keys:read"], "keys:verify", false),
            (["keys:read"], "admin", false),
            (["keys:verify"], "keys:read", false),
            (["keyspaces:write"], "keyspaces:read", true),
            (["tokens:write"], "tokens:read", true),
            (["tokens:read"], "tokens:write", false),
            (["keys:*"], "keys:write", true),
            (["keys:*"], "keys:read", true),
            (["keys:*"], "tokens:read", false),
            ([], "keys:read", false),
            (["admin:read"], "admin", false),
            (["Keys:write"], "keys:read", false),
        ])
    func allows(held: [String], required: String, expected: Bool) throws {
        #expect(try Self.allows(held, required) == expected)
    }

    @Test("the known scopes are what they say")
    func known() {
        #expect(ManagementScope.admin.rawValue == "admin")
        #expect(ManagementScope.keysRead.rawValue == "keys:read")
        #expect(ManagementScope.keysWrite.rawValue == "keys:write")
        #expect(ManagementScope.keysVerify.rawValue == "keys:verify")
        #expect(ManagementScope.keyspacesRead.rawValue == "keyspaces:read")
        #expect(ManagementScope.keyspacesWrite.rawValue == "keyspaces:write")
        #expect(ManagementScope.tokensRead.rawValue == "tokens:read")
        #expect(ManagementScope.tokensWrite.rawValue == "tokens:write")
    }
}
