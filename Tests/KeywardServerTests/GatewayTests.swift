import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("/v1/auth gateway endpoint")
struct GatewayTests {
    static let apiKey = HTTPField.Name("X-API-Key")!
    static let scopes = HTTPField.Name("X-Keyward-Scopes")!
    static let code = HTTPField.Name("X-Keyward-Code")!
    static let originalURI = HTTPField.Name("X-Original-URI")!
    static let forwardedURI = HTTPField.Name("X-Forwarded-Uri")!

    @Test("a valid key is a 200 with the key's id, owner and scopes, and an empty body")
    func valid() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("g")
            let (key, id) = try await api.key(in: "g", extra: #","owner":"alice","scopes":["docs:read","b:c"]"#)
            for headers: HTTPFields in [[.authorization: "Bearer \(key)"], [Self.apiKey: key]] {
                let answer = try await api.auth(headers)
                #expect(answer.status == .ok)
                #expect(answer.body.isEmpty)
                #expect(answer.headers[Self.code] == "VALID")
                #expect(answer.headers[HTTPField.Name("X-Keyward-Key-Id")!] == id)
                #expect(answer.headers[HTTPField.Name("X-Keyward-Owner")!] == "alice")
                #expect(answer.headers[Self.scopes] == "b:c docs:read")
            }
        }
    }

    @Test("an owner with control or non-ASCII characters cannot break the header block")
    func ownerHeaderIsSafe() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("h")
            let (key, _) = try await api.key(in: "h", extra: #","owner":"ålice ✓""#)
            let answer = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(answer.headers[HTTPField.Name("X-Keyward-Owner")!] == "%C3%A5lice %E2%9C%93")
            let refused = try await api.post("/v1/keys", #"{"keyspace":"h","owner":"a\nX-Evil: 1"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.string("field") == "owner")
        }
    }

    @Test("a key sent twice (two Authorization or X-API-Key fields) is read as one joined value and refused, never half of it used")
    func keySentTwice() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("twice")
            let (key, _) = try await api.key(in: "twice")
            for (name, value) in [(HTTPField.Name.authorization, "Bearer \(key)"), (Self.apiKey, key)] {
                var headers = HTTPFields()
                headers.append(HTTPField(name: name, value: value))
                headers.append(HTTPField(name: name, value: value))
                let answer = try await api.auth(headers)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[Self.code] == "MALFORMED")
            }
            #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .ok)
        }
    }

    @Test("no key is a 401 MISSING_KEY with WWW-Authenticate: Bearer")
    func missingKey() async throws {
        try await TestServer.run { server, api in
            for headers: HTTPFields in [[:], [.authorization: "Basic dXNlcjpwYXNz"], [.authorization: "Bearer "]] {
                let answer = try await api.auth(headers)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[Self.code] == "MISSING_KEY")
                #expect(answer.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test("negative answers map to 401, 403 and their codes")
    func negativeAnswers() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("n")
            let (valid, _) = try await api.key(in: "n", extra: #","scopes":["docs:read"]"#)
            let (revoked, revokedID) = try await api.key(in: "n")
            _ = try await api.post("/v1/keys/\(revokedID)/revoke", "{}")
            let (disabled, _) = try await api.key(in: "n", extra: #","enabled":false"#)
            let expiry = Timestamp.format(server.clock.now().addingTimeInterval(5))
            let (expired, _) = try await api.key(in: "n", extra: #","expiresAt":"\#(expiry)""#)
            server.clock.advance(by: 10)
            let malformed = String(valid.dropLast()) + (valid.last == "z" ? "y" : "z")
            let unknown = APIKey.generate(prefix: .defaultKeyspace).secret
            for (key, code) in [(malformed, "MALFORMED"), (unknown, "NOT_FOUND"), (revoked, "REVOKED"), (disabled, "DISABLED"), (expired, "EXPIRED")]
            {
                let answer = try await api.auth([.authorization: "Bearer \(key)"])
                #expect(answer.status == .unauthorized, "\(code)")
                #expect(answer.headers[Self.code] == code)
                #expect(answer.headers[.wwwAuthenticate] == #"Bearer error="invalid_token""#)
                #expect(answer.body.isEmpty)
            }
            let scoped = try await api.auth([.authorization: "Bearer \(valid)", Self.scopes: "docs:write"])
            #expect(scoped.status == .forbidden)
            #expect(scoped.headers[Self.code] == "INSUFFICIENT_SCOPE")
            let allowed = try await api.auth([.authorization: "Bearer \(valid)", Self.scopes: "docs:read OR admin"])
            #expect(allowed.status == .ok)
            let badQuery = try await api.auth([.authorization: "Bearer \(valid)", Self.scopes: "docs:read OR"])
            #expect(badQuery.status == .badRequest)
            #expect(badQuery.headers[Self.code] == "INVALID_SCOPE_QUERY")
        }
    }

    @Test("a key in the original URL's query string is refused with KEY_IN_URL, checksum right or wrong")
    func keyInURL() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("u")
            let (key, _) = try await api.key(in: "u")
            let wrong = String(key.dropLast()) + (key.last == "1" ? "2" : "1")
            for leaked in [key, wrong] {
                for header in [Self.originalURI, Self.forwardedURI] {
                    let answer = try await api.auth([.authorization: "Bearer \(key)", header: "/api/data?token=\(leaked)&x=1"])
                    #expect(answer.status == .badRequest)
                    #expect(answer.headers[Self.code] == "KEY_IN_URL")
                }
            }
            let clean = try await api.auth([.authorization: "Bearer \(key)", Self.originalURI: "/api/data?page=2&sort=kw_name"])
            #expect(clean.status == .ok)
        }
    }

    @Test("every HTTP method is answered")
    func methods() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("m")
            let (key, _) = try await api.key(in: "m")
            for method: HTTPRequest.Method in [.get, .post, .put, .patch, .delete, .options] {
                let answer = try await api.with(token: nil).send(method, "/v1/auth", headers: [.authorization: "Bearer \(key)"])
                #expect(answer.status == .ok, "\(method)")
            }
        }
    }
}
