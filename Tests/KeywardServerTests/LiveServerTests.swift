import Foundation
import HTTPTypes
import KeywardCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Through the router (`/healthz`), and answered from memory on the event loop (`/v1/auth`, a cached key).
    @Test("an idle connection is closed after the idle timeout; an active one is not", arguments: ["/healthz", "/v1/auth"])
    func idleTimeout(path: String) async throws {
        let server = try await TestServer.make(configure: { $0.idleTimeoutSeconds = 2 })
        do {
            try await server.run(.live) { api in
                var request = "GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n"
                if path == "/v1/auth" {
                    _ = try await api.keyspace("idle")
                    let (key, _) = try await api.key(in: "idle")
                    #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .ok)
                    request = "GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: \(key)\r\n\r\n"
                }
                let port = try #require(api.client.port)
                let idle = try RawConnection(port: port)
                defer { idle.close() }
                var busy = try RawConnection(port: port)
                defer { busy.close() }
                // The server has seen activity on `busy` no earlier than `reference` (the
                // connect, or the start of the last request sent), so it may not close the
                // connection before `reference` + 2 s. A request whose send is done within
                // 1.5 s of it must be answered; one that a starved test process sends later
                // may rightly meet a closed connection, and is not judged.
                var reference = ContinuousClock.now
                var judged = 0
                for _ in 0..<10 {
                    if ContinuousClock.now - reference > .milliseconds(1_500) {
                        busy.close()
                        reference = .now
                        busy = try RawConnection(port: port)
                    }
                    let sending = ContinuousClock.now
                    let sent = (try? busy.send(request)) != nil
                    let inTime = ContinuousClock.now - reference < .milliseconds(1_500)
                    let answer = sent ? ((try? await busy.receive()) ?? "") : ""
                    if inTime {
                        judged += 1
                        #expect(answer.hasPrefix("HTTP/1.1 200"), "an active connection was closed \(sending - reference) after its last activity")
                    } else if !answer.hasPrefix("HTTP/1.1 200") {
                        busy.close()
                        reference = .now
                        busy = try RawConnection(port: port)
                        continue
                    }
                    reference = sending
                    try await Task.sleep(for: .milliseconds(400))
                }
                #expect(judged >= 5, "too few requests were sent in time to judge the active connection: \(judged)")
                #expect(try await idle.receive().isEmpty, "the idle connection is still open after 4 s")
            }
            await server.remove()
        } catch {
            await server.remove()
            throw error
        }
    }

    @Test("a malformed chunked body is a 400, not a 500")
    func badChunk() async throws {
        try await TestServer.run(.live) { server, api in
            let port = try #require(api.client.port)
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            try connection.send(
                // Nothing after the bad chunk size: the server reads all that was sent, so its
                // close after the answer is a FIN, not a reset that would discard the answer.
                "POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.rootToken)\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
            )
            let answer = try await connection.receive()
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(40))")
            #expect(answer.contains("INVALID_BODY"))
        }
    }
}
