import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Operations routes")
struct OperationsTests {
    @Test("healthz and readyz answer without a token")
    func health() async throws {
        try await TestServer.run { server, api in
            let anonymous = api.with(token: nil)
            #expect(try await anonymous.get("/healthz").status == .ok)
            let ready = try await anonymous.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.string("status") == "ready")
        }
    }

    @Test("openapi.json is an OpenAPI 3.1 document naming the routes")
    func openAPI() async throws {
        try await TestServer.run { server, api in
            let document = try await api.with(token: nil).get("/openapi.json")
            #expect(document.status == .ok)
            #expect(document.string("openapi")?.hasPrefix("3.1") == true)
            let paths = try #require(document.json["paths"]?.objectValue)
            for path in ["/v1/keys", "/v1/keys/verify", "/v1/auth", "/v1/keyspaces", "/v1/tokens", "/v1/leaks"] {
                #expect(paths[path] != nil, "the document lacks \(path)")
            }
        }
    }

    @Test("an unknown route is a problem-details 404")
    func unknownRoute() async throws {
        try await TestServer.run { server, api in
            let answer = try await api.get("/v1/nothing-here")
            #expect(answer.status == .notFound)
            #expect(answer.headers[.contentType] == "application/problem+json")
            #expect(answer.code == "ROUTE_NOT_FOUND")
        }
    }
}
