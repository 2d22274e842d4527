import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("The same application on a live loopback socket")
struct LiveServerTests {
    @Test("issue, verify and revoke over a real connection")
    func live() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("live")
            let (key, id) = try await api.key(in: "live", extra: #","owner":"bob""#)
            let answer = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(answer.status == .ok)
            #expect(answer.headers[HTTPField.Name("X-Keyward-Key-Id")!] == id)
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.post("/v1/keys/\(id)/revoke", "{}").status == .ok)
            #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .unauthorized)
        }
    }
}
