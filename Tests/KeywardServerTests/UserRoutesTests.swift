import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Users, login and sessions")
struct UserRoutesTests {
    static let password = "correct-mule-7-staple"

    static func addUser(_ api: APIDriver, _ name: String, role: String = "operator", password: String = password) async throws -> String {
        let created = try await api.post("/v1/users", #"{"name":"\#(name)","role":"\#(role)","password":"\#(password)"}"#)
        guard created.status == .created, let id = created.string("id") else {
            throw KeywardError(.internalError, "user creation answered \(created.status): \(created.text)")
        }
        return id
    }

    static func login(_ api: APIDriver, _ name: String, password: String = password) async throws -> APIAnswer {
        try await api.with(token: nil).post("/v1/login", #"{"name":"\#(name)","password":"\#(password)"}"#)
    }

    @Test("an admin adds users; a login answers a session with the role's scopes, which the routes enforce; logout ends it")
    func loginAndScopes() async throws {
        try await TestServer.run { server, api in
            let id = try await Self.addUser(api, "rita", role: "reader")
            #expect(id.hasPrefix("usr_"))
            let listed = try await api.get("/v1/users")
            #expect(listed.items.map { $0["name"] } == [.string("rita")])
            #expect(listed.items.first?["scopes"] == .array([.string("keys:read"), .string("keyspaces:read")]))

            let login = try await Self.login(api, "rita")
            #expect(login.status == .ok)
            let session = try #require(login.string("token"))
            #expect(session.hasPrefix("kwm_"))
            #expect(login.json["user"]?.objectValue?["role"] == .string("reader"))
            let reader = api.with(token: session)
            #expect(try await reader.get("/v1/keyspaces").status == .ok)
            #expect(try await reader.post("/v1/keyspaces", #"{"name":"nope"}"#).status == .forbidden)
            #expect(try await reader.get("/v1/users").status == .forbidden, "only admin manages users")
            let tokens = try await api.get("/v1/tokens")
            #expect(tokens.items.contains { $0["userId"] == .string(id) && $0["state"] == .string("active") })

            #expect(try await reader.post("/v1/logout", "").status == .noContent)
            #expect(try await reader.get("/v1/keyspaces").status == .unauthorized)
            #expect(try await api.post("/v1/logout", "").status == .conflict, "the root token is no session")

            let texts = server.seen.all.joined() + server.logs.text
            #expect(!texts.contains(Self.password), "a password reached an answer or the log")
            let audit = try await api.get("/v1/audit?limit=1000").text
            #expect(!audit.contains(Self.password) && !audit.contains(session), "a password or a session token reached the audit log")
            #expect(audit.contains("user.login") && audit.contains("user.logout") && audit.contains("user.create"))
        }
    }

    @Test("a wrong password, an unknown user and a disabled user all answer the same 401 INVALID_CREDENTIALS")
    func sameFailure() async throws {
        try await TestServer.run { _, api in
            _ = try await Self.addUser(api, "olga")
            _ = try await Self.addUser(api, "dora")
            _ = try await api.send(.patch, "/v1/users/dora", json: #"{"enabled":false}"#)
            let answers = [
                try await Self.login(api, "olga", password: "not-the-password-1"),
                try await Self.login(api, "nobody-here"),
                try await Self.login(api, "dora"),
            ]
            for answer in answers {
                #expect(answer.status == .unauthorized)
                #expect(answer.code == "INVALID_CREDENTIALS")
                #expect(answer.string("detail") == answers[0].string("detail"))
            }
        }
    }

    @Test(
        "a user the policy refuses is a 400 naming the field, and nothing is stored",
        arguments: [
            (#"{"name":"u","role":"operator","password":"short-1"}"#, "WEAK_PASSWORD", "password"),
            (#"{"name":"u","role":"operator","password":"Password123456!"}"#, "WEAK_PASSWORD", "password"),
            (#"{"name":"ulrike","role":"operator","password":"ulrike-rules-2026"}"#, "WEAK_PASSWORD", "password"),  // keyward:allow
            (#"{"name":"u","role":"operator","password":"aaaaaaaaaaaaaaaa"}"#, "WEAK_PASSWORD", "password"),
            (#"{"name":"u","role":"root","password":"correct-mule-7-staple"}"#, "INVALID_FIELD", "role"),
            (#"{"name":"u","role":"operator"}"#, "MISSING_FIELD", "password"),
            (#"{"name":"has space","role":"operator","password":"correct-mule-7-staple"}"#, "INVALID_NAME", "name"),
            (#"{"name":"u","role":"operator","password":"correct-mule-7-staple","admin":true}"#, "UNKNOWN_FIELD", "admin"),
        ])
    func refusedUsers(body: String, code: String, field: String) async throws {
        try await TestServer.run { _, api in
            let answer = try await api.post("/v1/users", body)
            #expect(answer.status == .badRequest, "\(body)")
            #expect(answer.code == code, "\(body): \(answer.text)")
            #expect(answer.string("field") == field, "\(body)")
            #expect(try await api.get("/v1/users").items.isEmpty)
        }
    }

    @Test("five failures lock the user for 15 minutes, even with the right password; the root token works meanwhile; the lock ends")
    func lockout() async throws {
        try await TestServer.run { server, api in
            _ = try await Self.addUser(api, "lena")
            for _ in 0..<5 { #expect(try await Self.login(api, "lena", password: "guess-guess-guess").status == .unauthorized) }
            let locked = try await Self.login(api, "lena")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.code == "USER_LOCKED")
            #expect(locked.headers[.retryAfter] == "900")
            #expect(try await api.get("/v1/keyspaces").status == .ok, "management tokens never lock")
            let audit = try await api.get("/v1/audit?action=user.lock")
            #expect(audit.items.count == 1)
            let alerts = try await api.get("/v1/alerts?type=user.locked").items
            #expect(alerts.count == 1)
            #expect(alerts.first?["severity"] == .string("warning"))
            #expect(alerts.first?["userId"]?.stringValue?.hasPrefix("usr_") == true)
            server.clock.advance(by: 901)
            #expect(try await Self.login(api, "lena").status == .ok)
        }
    }

    @Test("disabling a user, changing its role or its password ends its sessions at once")
    func sessionsEnd() async throws {
        try await TestServer.run { _, api in
            _ = try await Self.addUser(api, "omar")
            for change in [#"{"role":"reader"}"#, #"{"password":"another-long-phrase-9"}"#, #"{"enabled":false}"#] {  // keyward:allow
                let password = change.contains("another") ? Self.password : (change.contains("enabled") ? "another-long-phrase-9" : Self.password)
                let session = try #require(try await Self.login(api, "omar", password: password).string("token"), "\(change)")
                #expect(try await api.with(token: session).get("/v1/keyspaces").status == .ok)
                #expect(try await api.send(.patch, "/v1/users/omar", json: change).status == .ok)
                #expect(try await api.with(token: session).get("/v1/keyspaces").status == .unauthorized, "\(change)")
            }
        }
    }

    @Test("16 logins racing the user's disabling: once the disable returns, no session of the user is active")
    func loginRacingDisable() async throws {
        try await TestServer.run { _, api in
            let id = try await Self.addUser(api, "race")
            let disabled = try await withThrowingTaskGroup(of: HTTPResponse.Status?.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        _ = try await Self.login(api, "race"); return nil
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(5))
                    return try await api.send(.patch, "/v1/users/\(id)", json: #"{"enabled":false}"#).status
                }
                var disabled: HTTPResponse.Status?
                for try await status in group where status != nil { disabled = status }
                return disabled
            }
            #expect(disabled == .ok)
            let tokens = try await api.get("/v1/tokens?limit=1000").items.filter { $0["userId"] == .string(id) }
            #expect(tokens.allSatisfy { $0["state"] == .string("revoked") }, "a session outlived the disable")
            #expect(try await Self.login(api, "race").status == .unauthorized)
        }
    }

    @Test("deleting a user ends its sessions; users routes need admin")
    func deleteAndAccess() async throws {
        try await TestServer.run { _, api in
            _ = try await Self.addUser(api, "del", role: "admin")
            let session = try #require(try await Self.login(api, "del").string("token"))
            #expect(try await api.with(token: session).get("/v1/users").status == .ok, "an admin session manages users")
            #expect(try await api.send(.delete, "/v1/users/del").status == .noContent)
            #expect(try await api.with(token: session).get("/v1/users").status == .unauthorized)
            #expect(try await api.get("/v1/users/del").status == .notFound)
            let operatorToken = try #require(try await api.post("/v1/tokens", #"{"scopes":["keys:write"]}"#).string("token"))
            #expect(
                try await api.with(token: operatorToken).post("/v1/users", #"{"name":"x","role":"admin","password":"correct-mule-7-staple"}"#).status
                    == .forbidden)
        }
    }
}
