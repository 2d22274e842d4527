import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Management authentication")
struct ManagementAuthTests {
    @Test("no token, a malformed token, or a key instead of a token is a 401 with WWW-Authenticate")
    func unauthenticated() async throws {
        try await TestServer.run { server, api in
            let space = try await api.keyspace("auth")
            let (key, _) = try await api.key(in: space)
            let wrongChecksum = String(api.token!.dropLast()) + (api.token!.last == "0" ? "1" : "0")
            for token in [nil, "not-a-token", wrongChecksum, key] as [String?] {
                var headers: HTTPFields = [:]
                if let token { headers[.authorization] = "Bearer \(token)" }
                let answer = try await api.with(token: nil).send(.get, "/v1/keys", headers: headers)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[.wwwAuthenticate] == "Bearer")
                #expect(answer.headers[.contentType] == "application/problem+json")
                #expect(answer.code == (token == nil ? "MISSING_TOKEN" : "INVALID_TOKEN"))
            }
        }
    }

    @Test("a token without the scope of a route is a 403; write implies read")
    func scopes() async throws {
        try await TestServer.run { server, api in
            let reader = try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#)
            let readerToken = try #require(reader.string("token"))
            let readerAPI = api.with(token: readerToken)
            #expect(try await readerAPI.get("/v1/keys").status == .ok)
            let denied = try await readerAPI.post("/v1/keyspaces", #"{"name":"denied"}"#)
            #expect(denied.status == .forbidden)
            #expect(denied.code == "INSUFFICIENT_SCOPE")
            #expect(try await readerAPI.verify("kw_x").status == .forbidden)

            let writer = try await api.post("/v1/tokens", #"{"scopes":["keyspaces:write"]}"#)
            let writerAPI = api.with(token: try #require(writer.string("token")))
            #expect(try await writerAPI.post("/v1/keyspaces", #"{"name":"allowed"}"#).status == .created)
            #expect(try await writerAPI.get("/v1/keyspaces").status == .ok)
            #expect(try await writerAPI.get("/v1/keys").status == .forbidden)
        }
    }

    @Test("a revoked token and an expired token stop working at once")
    func revokedAndExpired() async throws {
        try await TestServer.run { server, api in
            let created = try await api.post("/v1/tokens", #"{"scopes":["keys:read"],"ttl":"1h"}"#)
            let token = try #require(created.string("token"))
            let id = try #require(created.string("id"))
            let user = api.with(token: token)
            #expect(try await user.get("/v1/keys").status == .ok)

            server.clock.advance(by: 3_601)
            #expect(try await user.get("/v1/keys").status == .unauthorized)
            server.clock.advance(by: -3_601)
            #expect(try await user.get("/v1/keys").status == .ok)

            #expect(try await api.send(.delete, "/v1/tokens/\(id)").status == .noContent)
            #expect(try await user.get("/v1/keys").status == .unauthorized)
        }
    }

    @Test("a token can mint only scopes it holds")
    func noEscalation() async throws {
        try await TestServer.run { server, api in
            let minter = try await api.post("/v1/tokens", #"{"scopes":["tokens:write","keys:read"]}"#)
            let minterAPI = api.with(token: try #require(minter.string("token")))
            #expect(try await minterAPI.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).status == .created)
            for scope in ["admin", "keys:write", "keys:*", "tokens:*"] {
                let answer = try await minterAPI.post("/v1/tokens", #"{"scopes":["\#(scope)"]}"#)
                #expect(answer.status == .forbidden, "minting \(scope) was allowed")
                #expect(answer.string("field") == "scopes")
            }
        }
    }

    @Test("a token can revoke only tokens whose scopes it holds: tokens:write cannot take away root")
    func noRevokingAbove() async throws {
        try await TestServer.run { server, api in
            let minter = try await api.post("/v1/tokens", #"{"scopes":["tokens:write","keys:read"]}"#)
            let minterAPI = api.with(token: try #require(minter.string("token")))
            let rootID = try #require(try await api.get("/v1/tokens").items.first { $0["name"] == .string("root") }?["id"])
            guard case .string(let root) = rootID else { throw KeywardError(.internalError, "no root token id") }
            let refused = try await minterAPI.send(.delete, "/v1/tokens/\(root)")
            #expect(refused.status == .forbidden)
            #expect(try await api.get("/v1/keyspaces").status == .ok, "the root token stopped working")

            let lesser = try await minterAPI.post("/v1/tokens", #"{"scopes":["keys:read"]}"#)
            let lesserID = try #require(lesser.string("id"))
            #expect(try await minterAPI.send(.delete, "/v1/tokens/\(lesserID)").status == .noContent)
        }
    }
}
