import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Step-up for dangerous actions")
struct StepUpTests {
    typealias Users = UserRoutesTests
    typealias MFA = MFARoutesTests

    @Test("an admin session acts within 5 minutes of its code; later it needs X-Keyward-OTP, which then counts for 5 minutes more")
    func freshness() async throws {
        try await TestServer.run { server, api in
            _ = try await Users.addUser(api, "ana", role: "admin")
            let session = try #require(try await Users.login(api, "ana").string("token"))
            // Enrol with that session, then log in again with a code.
            let user = api.with(token: session)
            let shown = try #require(try await user.post("/v1/mfa/totp", "").string("secret"))
            let secret = try #require(Base32.decode(shown))
            let code = { (offset: Int64) in TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()) + offset) }
            #expect(try await user.post("/v1/mfa/totp/confirm", #"{"code":"\#(code(0))"}"#).status == .ok)
            let fresh = try #require(try await MFA.login(api, "ana", code: code(1)).string("token"))
            let admin = api.with(token: fresh)

            #expect(try await admin.post("/v1/sys/keyring/rotate", "{}").status == .ok, "the login's code is fresh")
            server.clock.advance(by: 301)
            let stale = try await admin.post("/v1/sys/keyring/rotate", "{}")
            #expect(stale.status == .unauthorized)
            #expect(stale.code == "MFA_REQUIRED")
            #expect(try await admin.post("/v1/tokens", #"{"scopes":["admin"]}"#).code == "MFA_REQUIRED", "minting an admin token")
            #expect(try await admin.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).status == .created, "a narrow token is no danger")
            _ = try await admin.keyspace("doomed")
            #expect(try await admin.send(.delete, "/v1/keyspaces/doomed").code == "MFA_REQUIRED")
            #expect(try await admin.send(.patch, "/v1/users/ana", json: #"{"role":"reader"}"#).code == "MFA_REQUIRED")

            let wrong = code(1) == "000000" ? "111111" : "000000"
            #expect(try await admin.send(.post, "/v1/sys/keyring/rotate", json: "{}", headers: [.keywardOTP: wrong]).code == "INVALID_CODE")
            #expect(try await admin.send(.post, "/v1/sys/keyring/rotate", json: "{}", headers: [.keywardOTP: code(0)]).status == .ok)
            #expect(try await admin.send(.delete, "/v1/keyspaces/doomed").status == .noContent, "the step-up counts for the next 5 minutes")
            #expect(
                try await admin.send(.post, "/v1/sys/keyring/rotate", json: "{}", headers: [.keywardOTP: code(0)]).status == .ok,
                "fresh, so the header is not even checked")
            server.clock.advance(by: 301)
            let later = code(0)
            #expect(try await admin.send(.post, "/v1/sys/keyring/rotate", json: "{}", headers: [.keywardOTP: later]).status == .ok)
            #expect(try await MFA.login(api, "ana", code: later).code == "INVALID_CODE", "a code used for step-up is not good again")
        }
    }

    @Test("a session of a user without a second factor cannot take dangerous actions; management tokens are not sessions and pass")
    func unenrolledAndTokens() async throws {
        try await TestServer.run { _, api in
            _ = try await Users.addUser(api, "bo", role: "admin")
            let session = try #require(try await Users.login(api, "bo").string("token"))
            let refused = try await api.with(token: session).post("/v1/sys/keyring/rotate", "{}")
            #expect(refused.code == "MFA_REQUIRED")
            #expect(refused.string("detail")?.contains("keyward mfa enroll") == true)
            #expect(try await api.with(token: session).get("/v1/users").status == .ok, "reading is no danger")
            #expect(try await api.post("/v1/sys/keyring/rotate", "{}").status == .ok, "the root token is a machine credential")
        }
    }
}

@Suite("--require-mfa")
struct RequireMFATests {
    typealias Users = UserRoutesTests
    typealias MFA = MFARoutesTests

    @Test("an unenrolled user of a listed role gets a session that can only enrol; after enrolling, a login needs a code and carries the role")
    func enrolmentOnly() async throws {
        try await TestServer.run(configure: { $0.users.requireMFA = [.admin] }) { server, api in
            _ = try await Users.addUser(api, "zoe", role: "admin")
            _ = try await Users.addUser(api, "ray", role: "reader")
            let first = try await Users.login(api, "zoe")
            #expect(first.status == .ok)
            #expect(first.json["mfaEnrolmentRequired"] == .bool(true))
            #expect(first.json["session"]?.objectValue?["scopes"] == .array([]))
            let limited = api.with(token: try #require(first.string("token")))
            #expect(try await limited.get("/v1/keyspaces").status == .forbidden, "no scope before enrolling")
            #expect(try await limited.get("/v1/users").status == .forbidden)
            let shown = try #require(try await limited.post("/v1/mfa/totp", "").string("secret"))
            let secret = try #require(Base32.decode(shown))
            let code = { (offset: Int64) in TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()) + offset) }
            #expect(try await limited.post("/v1/mfa/totp/confirm", #"{"code":"\#(code(0))"}"#).status == .ok)
            #expect(try await Users.login(api, "zoe").code == "MFA_REQUIRED")
            let full = try await MFA.login(api, "zoe", code: code(1))
            #expect(full.json["mfaEnrolmentRequired"] == nil)
            #expect(full.json["session"]?.objectValue?["scopes"] == .array([.string("admin")]))
            #expect(try await Users.login(api, "ray").json["mfaEnrolmentRequired"] == nil, "readers are not listed")
        }
    }
}

@Suite("--step-up-secrets")
struct StepUpSecretsTests {
    @Test("a session reads values under a listed glob only with a fresh second factor; other paths and management tokens as before")
    func guardedPaths() async throws {
        try await TestServer.run(configure: { $0.users.stepUpSecrets = ["payments/*"] }) { server, api in
            #expect(try await api.send(.put, "/v1/secrets/payments/stripe", json: #"{"value":"v1"}"#).status == .created)
            #expect(try await api.send(.put, "/v1/secrets/app/db", json: #"{"value":"v2"}"#).status == .created)
            _ = try await UserRoutesTests.addUser(api, "opal", role: "operator")
            let enrol = api.with(token: try #require(try await UserRoutesTests.login(api, "opal").string("token")))
            let shown = try #require(try await enrol.post("/v1/mfa/totp", "").string("secret"))
            let secret = try #require(Base32.decode(shown))
            let code = { (offset: Int64) in TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()) + offset) }
            #expect(try await enrol.post("/v1/mfa/totp/confirm", #"{"code":"\#(code(0))"}"#).status == .ok)
            let session = api.with(token: try #require(try await MFARoutesTests.login(api, "opal", code: code(1)).string("token")))

            #expect(try await session.get("/v1/secrets/payments/stripe").status == .ok, "fresh from the login")
            server.clock.advance(by: 301)
            #expect(try await session.get("/v1/secrets/payments/stripe").code == "MFA_REQUIRED")
            #expect(try await session.get("/v1/secrets/app/db").status == .ok, "not under the glob")
            #expect(try await session.send(.get, "/v1/secrets/payments/stripe", headers: [.keywardOTP: code(0)]).status == .ok)
            #expect(try await api.get("/v1/secrets/payments/stripe").status == .ok, "the root token is no session")
        }
    }
}
