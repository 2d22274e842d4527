import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore
import KeywardServer
import Testing

@Suite("The OpenAPI document and the router agree")
struct OpenAPIRouteTests {
    /// `Sources/KeywardServer/OpenAPI/openapi.json`, found from this file.
    static var documentFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KeywardServer/OpenAPI/openapi.json")
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// `METHOD /path/{param}` pairs of the document (the router writes captures the same way).
    static func documented() throws -> Set<String> {
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: documentFile))
        let paths = try #require(document.objectValue?["paths"]?.objectValue)
        var routes = Set<String>()
        for (path, item) in paths {
            for method in item.objectValue?.keys ?? [:].keys where methods.contains(method) {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test("/openapi.json serves exactly the file openapi.json (run scripts/embed-openapi.py after editing it)")
    func servedIsTheFile() async throws {
        let file = try Data(contentsOf: Self.documentFile)
        try await TestServer.run { server, api in
            let served = try await api.with(token: nil).get("/openapi.json")
            #expect(served.status == .ok)
            #expect(Data(served.body) == file)
        }
    }

    @Test("every route is documented and every documented route is served, with the same methods")
    func sameRoutes() async throws {
        let documented = try Self.documented()
        try await TestServer.run { server, api in
            let router = KeywardApplication.buildRouter(engine: server.built.engine)
            // OpenAPI has no `**`: a route that takes the rest of the path documents it as `{path}`.
            let served = Set(
                router.routes.map { route in
                    "\(route.method.rawValue) \(route.path.description.replacingOccurrences(of: "/**", with: "/{path}"))"
                })
            #expect(served.subtracting(documented).sorted() == [], "served but not documented")
            #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        }
    }

    @Test("a method a path does not take is a 405 with Allow; an unknown path a 404")
    func methodNotAllowed() async throws {
        try await TestServer.run { server, api in
            let put = try await api.send(.put, "/v1/keys")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, POST")
            #expect(put.code == "METHOD_NOT_ALLOWED")
            let post = try await api.send(.post, "/v1/keys/key_0000000000000000000000")
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "DELETE, GET, PATCH")
            let verify = try await api.send(.get, "/v1/keys/verify")
            #expect(verify.headers[.allow] == "POST")
            let trace = try await api.send(HTTPRequest.Method("TRACE")!, "/v1/auth")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
            #expect(try await api.get("/v1/nothing-here").status == .notFound)
        }
    }
}
