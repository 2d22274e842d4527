import AsyncHTTPClient
import Foundation
import KeywardTesting
import NIOSSL
import Testing

@Suite("TLS", .serialized)
struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 made with openssl.
    static func makeCertificate(in folder: TemporaryFolder) throws -> (cert: String, key: String) {
        let cert = folder.file("cert.pem")
        let key = folder.file("key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EndToEndError("openssl could not make a certificate") }
        return (cert, key)
    }

    static func client(trusting cert: String, maximumVersion: TLSVersion? = nil, cipherSuites: String? = nil) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(cert))
        if let cipherSuites { tls.cipherSuites = cipherSuites }
        if let maximumVersion {
            tls.minimumTLSVersion = .tlsv1
            tls.maximumTLSVersion = maximumVersion
        }
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// A cached key's `/v1/auth` over TLS is answered from memory (`GatewayFastPath` sits behind the TLS handler too).
    static func gatewayFromMemory(server: ServerProcess, client: HTTPClient) async throws {
        let base = "https://127.0.0.1:\(server.port)"
        let admin = [("Authorization", "Bearer \(server.rootToken)"), ("Content-Type", "application/json")]
        #expect(try await HTTP.send(.POST, "\(base)/v1/keyspaces", headers: admin, body: #"{"name":"tls"}"#, client: client).status == 201)
        let created = try await HTTP.send(.POST, "\(base)/v1/keys", headers: admin, body: #"{"keyspace":"tls"}"#, client: client)
        let key = try #require(created.json["key"] as? String)
        func fromMemory() async throws -> Double? {
            let name = "keyward_verifications_from_memory_total "
            let metrics = try await HTTP.send(.GET, "\(base)/metrics", headers: admin, client: client).body
            return metrics.split(separator: "\n").first { $0.hasPrefix(name) }.flatMap { Double($0.dropFirst(name.count)) }
        }
        #expect(try await HTTP.send(.GET, "\(base)/v1/auth", headers: [("X-API-Key", key)], client: client).status == 200)
        let before = try #require(try await fromMemory())
        let again = try await HTTP.send(.GET, "\(base)/v1/auth", headers: [("X-API-Key", key)], client: client)
        #expect(again.status == 200 && again.headers.first(name: "X-Keyward-Code") == "VALID")
        #expect(try await fromMemory() == before + 1, "the second answer over TLS did not come from memory")
    }

    @Test(
        "serve with --tls-cert/--tls-key speaks TLS 1.2+ only, and on 1.2 only ECDHE with AEAD",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl to make a certificate")
    )
    func tls() async throws {
        let folder = try TemporaryFolder("keyward-tls")
        defer { folder.remove() }
        let (cert, key) = try Self.makeCertificate(in: folder)
        let server = ServerProcess(folder: folder, arguments: ["--tls-cert", cert, "--tls-key", key])
        defer { server.stop() }
        try await server.start()
        #expect(server.output.contains("https://"))

        let modern = try Self.client(trusting: cert)
        let answer = try await HTTP.send(.GET, "https://127.0.0.1:\(server.port)/healthz", client: modern)
        #expect(answer.status == 200)
        try await Self.gatewayFromMemory(server: server, client: modern)
        try await modern.shutdown()

        let legacy = try Self.client(trusting: cert, maximumVersion: .tlsv11)
        await #expect(throws: (any Error).self) {
            _ = try await HTTP.send(.GET, "https://127.0.0.1:\(server.port)/healthz", client: legacy, timeout: .seconds(3))
        }
        try await legacy.shutdown()

        // On TLS 1.2: ECDHE with AEAD is taken, a CBC suite without it is refused.
        let aead = try Self.client(trusting: cert, maximumVersion: .tlsv12, cipherSuites: "ECDHE-ECDSA-AES128-GCM-SHA256")
        #expect(try await HTTP.send(.GET, "https://127.0.0.1:\(server.port)/healthz", client: aead).status == 200)
        try await aead.shutdown()
        for suite in ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA"] {
            let cbc = try Self.client(trusting: cert, maximumVersion: .tlsv12, cipherSuites: suite)
            await #expect(throws: (any Error).self, "\(suite) was accepted") {
                _ = try await HTTP.send(.GET, "https://127.0.0.1:\(server.port)/healthz", client: cbc, timeout: .seconds(3))
            }
            try await cbc.shutdown()
        }

        await #expect(throws: (any Error).self) {
            _ = try await HTTP.send(.GET, "http://127.0.0.1:\(server.port)/healthz", timeout: .seconds(3))
        }
    }
}
