import Foundation
import KeywardCore
import KeywardTesting
import Testing

@Suite("The verification pipeline")
struct KeyVerifierTests {
    static let now = RecordFixtures.epoch.addingTimeInterval(1_000)

    static func found(_ change: (inout KeyRecord) -> Void = { _ in }) -> VerifiableKey {
        let keyspace = RecordFixtures.keyspace(name: "pipe")
        var (_, record) = RecordFixtures.key(in: keyspace)
        record.scopes = [try! Scope(parsing: "docs:read")]
        change(&record)
        return VerifiableKey(record: record, keyspaceName: "pipe")
    }

    @Test("management tokens and broken keys are MALFORMED before any lookup")
    func parse() {
        #expect(KeyVerifier.parse(APIKey.generate(prefix: .managementToken).secret) == nil)
        #expect(KeyVerifier.parse("kw_short") == nil)
        #expect(KeyVerifier.parse(APIKey.generate(prefix: .defaultKeyspace).secret) != nil)
    }

    @Test("the first failing check answers, in the order of SPEC §4")
    func order() throws {
        let query = try ScopeQuery(parsing: "admin")
        let request = VerificationRequest(key: "", keyspace: nil, scopes: query)
        // Revoked beats disabled beats expired beats scope.
        let everything = Self.found {
            $0.revokedAt = Self.now
            $0.enabled = false
            $0.expiresAt = Self.now
        }
        #expect(KeyVerifier.decide(request, found: everything, at: Self.now).code == .revoked)
        let disabledAndExpired = Self.found {
            $0.enabled = false
            $0.expiresAt = Self.now
        }
        #expect(KeyVerifier.decide(request, found: disabledAndExpired, at: Self.now).code == .disabled)
        #expect(KeyVerifier.decide(request, found: Self.found { $0.expiresAt = Self.now }, at: Self.now).code == .expired)
        #expect(KeyVerifier.decide(request, found: Self.found(), at: Self.now).code == .insufficientScope)
        #expect(KeyVerifier.decide(request, found: nil, at: Self.now).code == .notFound)
        let valid = KeyVerifier.decide(VerificationRequest(key: "", scopes: try ScopeQuery(parsing: "docs:read")), found: Self.found(), at: Self.now)
        #expect(valid.code == .valid)
        #expect(valid.key != nil)
    }

    @Test("a key of another keyspace than the one asked for is NOT_FOUND, by name or id")
    func keyspace() {
        let found = Self.found()
        #expect(KeyVerifier.decide(VerificationRequest(key: "", keyspace: "other"), found: found, at: Self.now).code == .notFound)
        #expect(KeyVerifier.decide(VerificationRequest(key: "", keyspace: "pipe"), found: found, at: Self.now).code == .valid)
        #expect(KeyVerifier.decide(VerificationRequest(key: "", keyspace: found.record.keyspaceId), found: found, at: Self.now).code == .valid)
        #expect(KeyVerifier.decide(VerificationRequest(key: "", keyspace: "other"), found: found, at: Self.now).key == nil)
    }

    @Test("an allowlist admits only its ranges, fails closed without a client, and comes after the state and before scopes")
    func allowlist() throws {
        let ranges = [try IPRange(parsing: "10.0.0.0/8", field: "ipAllowlist"), try IPRange(parsing: "2001:db8::/32", field: "ipAllowlist")]
        let listed = Self.found { $0.ipAllowlist = ranges }
        func code(_ client: String?, scopes: String? = nil, _ key: VerifiableKey = listed) throws -> VerificationCode {
            let request = VerificationRequest(key: "", scopes: try scopes.map { try ScopeQuery(parsing: $0) }, client: client.flatMap(IPAddress.init))
            return KeyVerifier.decide(request, found: key, at: Self.now).code
        }
        #expect(try code("10.9.8.7") == .valid)
        #expect(try code("::ffff:10.9.8.7") == .valid)
        #expect(try code("2001:db8::1") == .valid)
        #expect(try code("11.0.0.1") == .ipNotAllowed)
        #expect(try code(nil) == .ipNotAllowed)
        #expect(try code(nil, Self.found()) == .valid)
        // The state is checked first, the scope query after.
        #expect(
            try code(
                "11.0.0.1",
                Self.found {
                    $0.ipAllowlist = ranges; $0.enabled = false
                }) == .disabled)
        #expect(try code("11.0.0.1", scopes: "admin") == .ipNotAllowed)
        #expect(try code("10.0.0.1", scopes: "admin") == .insufficientScope)
    }
}
