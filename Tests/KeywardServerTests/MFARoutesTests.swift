import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("TOTP MFA")
struct MFARoutesTests {
    typealias Users = UserRoutesTests

    /// A user with a confirmed second factor: its secret, recovery codes and session.
    static func enrolled(_ server: TestServer, _ api: APIDriver, _ name: String) async throws -> (secret: [UInt8], recovery: [String]) {
        _ = try await Users.addUser(api, name)
        let session = try #require(try await Users.login(api, name).string("token"))
        let user = api.with(token: session)
        let enrolment = try await user.post("/v1/mfa/totp", "")
        #expect(enrolment.status == .ok)
        let uri = try #require(enrolment.string("uri"))
        #expect(uri.hasPrefix("otpauth://totp/Keyward:\(name)?secret="))
        let shown = try #require(enrolment.string("secret"))
        let secret = try #require(Base32.decode(shown))
        #expect(secret.count == TOTP.secretBytes)
        let code = TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()))
        let wrong = code == "000000" ? "111111" : "000000"
        #expect(try await user.post("/v1/mfa/totp/confirm", #"{"code":"\#(wrong)"}"#).code == "INVALID_CODE")
        let confirmed = try await user.post("/v1/mfa/totp/confirm", #"{"code":"\#(code)"}"#)
        #expect(confirmed.status == .ok)
        let recovery = (confirmed.json["recoveryCodes"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(recovery.count == 10)
        #expect(Set(recovery).count == 10)
        return (secret, recovery)
    }

    static func login(_ api: APIDriver, _ name: String, code: String?) async throws -> APIAnswer {
        let codeField = code.map { #","code":"\#($0)""# } ?? ""
        return try await api.with(token: nil).post("/v1/login", #"{"name":"\#(name)","password":"\#(Users.password)"\#(codeField)}"#)
    }

    @Test("once enrolled, a login needs a code: each code works once, one step either side is accepted, two are not")
    func codesAndReplay() async throws {
        try await TestServer.run { server, api in
            let (secret, _) = try await Self.enrolled(server, api, "mia")
            let code = { (offset: Int64) in TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()) + offset) }
            #expect(try await Self.login(api, "mia", code: nil).code == "MFA_REQUIRED")
            #expect(try await Self.login(api, "mia", code: code(0)).code == "INVALID_CODE", "the confirming code was used already")
            server.clock.advance(by: 90)
            #expect(try await Self.login(api, "mia", code: code(-2)).code == "INVALID_CODE", "two steps back")
            #expect(try await Self.login(api, "mia", code: code(2)).code == "INVALID_CODE", "two steps ahead")
            #expect(try await Self.login(api, "mia", code: code(-1)).status == .ok, "one step back")
            #expect(try await Self.login(api, "mia", code: code(-1)).code == "INVALID_CODE", "replayed")
            #expect(try await Self.login(api, "mia", code: code(1)).status == .ok, "one step ahead")
            #expect(try await Self.login(api, "mia", code: "12345").code == "INVALID_CODE")
        }
    }

    @Test("8 logins side by side with one TOTP code, then 8 with one recovery code: exactly one of each gets a session")
    func racingCodes() async throws {
        try await TestServer.run { server, api in
            let (secret, recovery) = try await Self.enrolled(server, api, "ida")
            let next = TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()) + 1)
            for code in [next, recovery[0]] {
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<8 { group.addTask { try await Self.login(api, "ida", code: code).status } }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
                // The lockout the losers cause is not this test's subject.
                server.clock.advance(by: 901)
            }
        }
    }

    @Test("a recovery code logs in once; wrong codes count towards the lockout")
    func recoveryAndLockout() async throws {
        try await TestServer.run { server, api in
            let (_, recovery) = try await Self.enrolled(server, api, "rex")
            #expect(try await Self.login(api, "rex", code: recovery[3].uppercased()).status == .ok, "case does not count")
            #expect(try await Self.login(api, "rex", code: recovery[3]).code == "INVALID_CODE", "a recovery code is good once")
            for _ in 0..<4 { #expect(try await Self.login(api, "rex", code: "aaaaa-bbbbb").code == "INVALID_CODE") }
            #expect(try await Self.login(api, "rex", code: recovery[4]).code == "USER_LOCKED")
        }
    }

    @Test("enrolment is by a user's own session, once; an admin resets it; the secret survives a keyring rotation and never reaches a log")
    func enrolmentRules() async throws {
        try await TestServer.run { server, api in
            #expect(try await api.post("/v1/mfa/totp", "").status == .conflict, "the root token has no user")
            let (secret, recovery) = try await Self.enrolled(server, api, "ada")
            let next = TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()) + 1)
            let session = try #require(try await Self.login(api, "ada", code: next).string("token"))
            #expect(try await api.with(token: session).post("/v1/mfa/totp", "").status == .conflict, "a confirmed factor is not replaced")

            #expect(try await api.post("/v1/sys/keyring/rotate", "{}").status == .ok)
            server.clock.advance(by: 60)
            let afterRotation = TOTP.code(secret: secret, step: TOTP.step(at: server.clock.now()))
            #expect(try await Self.login(api, "ada", code: afterRotation).status == .ok, "the sealed secret was rewrapped")

            #expect(try await api.send(.patch, "/v1/users/ada", json: #"{"mfa":null}"#).status == .ok)
            #expect(try await api.with(token: session).get("/v1/keyspaces").status == .unauthorized, "a reset ends the sessions")
            #expect(try await Self.login(api, "ada", code: nil).status == .ok, "no second factor after the reset")
            #expect(try await api.send(.patch, "/v1/users/ada", json: #"{"mfa":true}"#).string("field") == "mfa")

            let base32 = Base32.encode(secret)
            // The database files hold none of it in clear: not the password, the secret, a recovery code or a session.
            let stored = ["keyward.db", "keyward.db-wal"].compactMap { FileManager.default.contents(atPath: server.folder.file($0)) }
            let storedBytes = stored.flatMap { Array($0) }
            #expect(Self.contains(storedBytes, Array("user.mfa_confirm".utf8)), "the search finds what is there")
            for needle in [Users.password, base32, session] + recovery {
                #expect(!Self.contains(storedBytes, Array(needle.utf8)), "the database holds a secret in clear")
            }
            #expect(!Self.contains(storedBytes, secret), "the database holds the raw TOTP secret")
            let audit = try await api.get("/v1/audit?limit=1000").text
            #expect(audit.contains("user.mfa_confirm"))
            let leaked = [audit, server.logs.text].contains { text in text.contains(base32) || recovery.contains { text.contains($0) } }
            #expect(!leaked, "a TOTP secret or a recovery code reached the audit log or the log")
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
