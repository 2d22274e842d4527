import Foundation
import HTTPTypes
import KeywardCore
import KeywardStore
import Testing

@Suite("Secrets never leak")
struct SecretLeakTests {
    /// Runs a full scenario (good and bad requests of every kind), then searches
    /// the captured logs, every response body but the creation answers (the
    /// audit log's answers included), and the database files (the audit table
    /// included) for the plaintext keys, tokens and master key.
    @Test("no key, token, vault value or master key in logs, answers, audit entries or database files")
    func noLeaks() async throws {
        let server = try await TestServer.make()
        let secrets = try await server.run { api -> [String] in
            _ = try await api.keyspace("leak", extra: #","prefix":"acme_live""#)
            var secrets = [api.token!]
            let minted = try await api.post("/v1/tokens", #"{"scopes":["keys:verify"]}"#)
            secrets.append(try #require(minted.string("token")))
            for _ in 0..<3 { secrets.append(try await api.key(in: "leak").key) }
            let (revokedKey, revokedID) = try await api.key(in: "leak")
            secrets.append(revokedKey)
            _ = try await api.post("/v1/keys/\(revokedID)/revoke", "{}")
            for key in secrets {
                _ = try await api.verify(key)
                _ = try await api.verify(String(key.dropLast()) + "0")
                _ = try await api.auth([.authorization: "Bearer \(key)"])
                _ = try await api.auth([.authorization: "Bearer \(key)", HTTPField.Name("X-Original-URI")!: "/x?k=\(key)"])
                _ = try await api.post("/v1/keys", #"{"keyspace":"leak","scopes":["\#(key)"]}"#)
                _ = try await api.post("/v1/keys", #"{"keyspace":"leak","expiresAt":"\#(key)"}"#)
                _ = try await api.post("/v1/keyspaces", #"{"name":"x","maxLifetime":"\#(key)"}"#)
                _ = try await api.with(token: String(key.dropLast()) + "0").get("/v1/keys")
                // A key pasted where an id or a path belongs is not repeated back.
                _ = try await api.get("/v1/keys/\(key)")
                _ = try await api.get("/v1/keyspaces/\(key)")
                _ = try await api.send(.delete, "/v1/tokens/\(key)")
                _ = try await api.get("/v1/\(key)")
                _ = try await api.send(.put, "/v1/keys/\(key)")
            }
            // Vault values: set, read back, and pasted where they do not belong.
            for index in 0..<3 {
                let value =
                    "vault-\(index)-"
                    + (0..<40).map { _ in String("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".randomElement()!) }.joined()
                secrets.append(value)
                _ = try await api.send(.put, "/v1/secrets/leak/value\(index)", json: #"{"value":"\#(value)","rotateEvery":"90d"}"#)
                _ = try await api.send(.put, "/v1/secrets/leak/value\(index)", json: #"{"value":"\#(value)x"}"#)
                _ = try await api.get("/v1/secrets/leak/value\(index)")
                _ = try await api.get("/v1/secrets/leak/value\(index)?versions")
                _ = try await api.send(.put, "/v1/secrets/leak/\(value)!", json: #"{"value":"\#(value)"}"#)
                _ = try await api.send(.put, "/v1/secrets/leak/bad\(index)", json: #"{"value":"\#(value)","rotateEvery":"\#(value)"}"#)
                _ = try await api.send(.put, "/v1/secrets/leak/bad\(index)", json: #"{"valueBase64":"\#(value)!"}"#)
                _ = try await api.send(.put, "/v1/secrets/leak/bad\(index)", json: #"{"value":"\#(value)","\#(value)":1}"#)
                _ = try await api.get("/v1/secrets?prefix=\(value)")
            }
            _ = try await api.get("/v1/secrets?prefix=leak/")
            let reported = secrets.map { "\"\($0)\"" }.joined(separator: ",")
            #expect(try await api.post("/v1/leaks", #"{"keys":[\#(reported)],"source":"leak test"}"#).status == .ok)
            // Let the usage and audit recorders write (the minute closes), and read the whole log back.
            await server.built.engine.usage.flush()
            server.clock.advance(by: 120)
            await server.built.engine.auditRecorder.flush()
            return secrets
        }

        let masterKey = try String(contentsOfFile: server.folder.file("keyward.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let masterBytes = try #require(Data(base64Encoded: masterKey))
        // The whole audit log (read from the engine: the report revoked the root token and all it minted).
        let entries = try await server.built.engine.audit.list(AuditFilter(), PageRequest(limit: 1000)).items
        #expect(entries.count > 10)
        #expect(entries.contains { $0.action == "verification.malformed" })
        #expect(entries.contains { $0.action == "leak.report" })
        let audit = entries.map { entry in
            [entry.detailsJSON, entry.actor.id, entry.actor.start ?? "", entry.target ?? ""].joined(separator: " ")
        }.joined(separator: "\n")
        let logs = server.logs.text
        // Creation answers show a key or token once, and a value answer its value: every other answer is searched.
        let answers = server.seen.all.filter { !$0.contains(#""key":"#) && !$0.contains(#""token":"#) && !$0.contains(#""value":"#) }
        var files: [Data] = []
        for name in ["keyward.db", "keyward.db-wal"] where FileManager.default.fileExists(atPath: server.folder.file(name)) {
            files.append(try Data(contentsOf: URL(fileURLWithPath: server.folder.file(name))))
        }
        #expect(!files.isEmpty)
        for secret in secrets + [masterKey] {
            // Never print the secret itself in a failure message: each check is a
            // plain Bool, so a failure shows no text it searched.
            let display = String(secret.prefix(6)) + "…"
            // The random part alone must not appear either (it is what makes a key).
            let body = String(secret.suffix(30))
            let inLogs = logs.contains(secret) || logs.contains(body)
            let inAudit = audit.contains(secret) || audit.contains(body)
            let inAnswers = answers.contains { $0.contains(secret) }
            let inFiles = files.contains { $0.range(of: Data(secret.utf8)) != nil || $0.range(of: Data(body.utf8)) != nil }
            #expect(!inLogs, "the logs hold \(display)")
            #expect(!inAudit, "an audit entry holds \(display)")
            #expect(!inAnswers, "an answer holds \(display)")
            #expect(!inFiles, "a database file holds \(display)")
        }
        for file in files { #expect(file.range(of: masterBytes) == nil, "a database file holds the master key bytes") }
        await server.remove()
    }
}
