import Foundation
import HTTPTypes
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

@Suite("Vault routes")
struct SecretRoutesTests {
    static func put(_ api: APIDriver, _ path: String, _ json: String) async throws -> APIAnswer {
        try await api.send(.put, "/v1/secrets/\(path)", json: json)
    }

    static func entries(_ api: APIDriver, action: String) async throws -> [[String: JSONValue]] {
        try await api.get("/v1/audit?limit=1000&action=\(action)").items
    }

    @Test("set, get, versions, history, list and delete; only a value answer holds the value")
    func roundTrip() async throws {
        try await TestServer.run { server, api in
            let first = try await Self.put(api, "payments/stripe/live", #"{"value":"sk_live_first","rotateEvery":"90d"}"#)
            #expect(first.status == .created)
            #expect(first.json["version"] == .number(1))
            #expect(first.json["rotateEvery"] == .string("90d"))
            #expect(first.json["rotationOverdue"] == .bool(false))
            #expect(!first.text.contains("sk_live_first"))
            let second = try await Self.put(api, "payments/stripe/live", #"{"value":"sk_live_second"}"#)
            #expect(second.status == .ok)
            #expect(second.json["version"] == .number(2))
            #expect(second.json["rotateEvery"] == .string("90d"), "a PUT without rotateEvery keeps it")

            let current = try await api.get("/v1/secrets/payments/stripe/live")
            #expect(current.status == .ok)
            #expect(current.string("value") == "sk_live_second")
            #expect(current.json["version"] == .number(2))
            #expect(current.headers[.cacheControl] == "no-store")
            #expect(try await api.get("/v1/secrets/payments/stripe/live?version=1").string("value") == "sk_live_first")
            let missing = try await api.get("/v1/secrets/payments/stripe/live?version=3")
            #expect(missing.status == .notFound)
            #expect(try await api.get("/v1/secrets/payments/stripe/live?version=0").status == .badRequest)
            #expect(try await api.get("/v1/secrets/payments/stripe/live?version=1x").status == .badRequest)

            let history = try await api.get("/v1/secrets/payments/stripe/live?versions")
            #expect(history.status == .ok)
            let versions = history.json["versions"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(versions.map { $0["version"] } == [.number(2), .number(1)])
            #expect(versions.map { $0["current"] } == [.bool(true), .bool(false)])
            #expect(!history.text.contains("sk_live"))

            _ = try await Self.put(api, "payments/adyen", #"{"value":"adyen-value"}"#)
            _ = try await Self.put(api, "other/db", #"{"value":"db-value"}"#)
            let listed = try await api.get("/v1/secrets?prefix=payments/")
            #expect(listed.items.compactMap { $0["path"]?.stringValue } == ["payments/adyen", "payments/stripe/live"])
            #expect(!listed.text.contains("sk_live") && !listed.text.contains("adyen-value"))
            let paged = try await api.get("/v1/secrets?limit=1")
            let cursor = try #require(paged.string("nextCursor"))
            let next = try await api.get("/v1/secrets?limit=1&cursor=\(cursor)")
            #expect(paged.items.first?["path"]?.stringValue == "other/db")
            #expect(next.items.first?["path"]?.stringValue == "payments/adyen")
            #expect(try await api.get("/v1/secrets?cursor=zz").status == .badRequest)

            #expect(try await api.send(.delete, "/v1/secrets/payments/adyen").status == .noContent)
            #expect(try await api.get("/v1/secrets/payments/adyen").status == .notFound)
            #expect(try await api.send(.delete, "/v1/secrets/payments/adyen").status == .notFound)
            // The value never reached a log.
            #expect(!server.logs.text.contains("sk_live"))
        }
    }

    @Test("values are bytes: binary through valueBase64, 64 KiB accepted, one byte more refused with 413")
    func binaryAndBounds() async throws {
        try await TestServer.run { _, api in
            let binary: [UInt8] = [0, 0xFF, 0xFE, 0x80, 10, 13, 0]
            let encoded = Data(binary).base64EncodedString()
            #expect(try await Self.put(api, "bin/blob", #"{"valueBase64":"\#(encoded)"}"#).status == .created)
            let read = try await api.get("/v1/secrets/bin/blob")
            #expect(read.string("value") == nil)
            #expect(read.string("valueBase64") == encoded)

            let largest = String(repeating: "a", count: SecretLimits.maximumValueBytes)
            #expect(try await Self.put(api, "big/ok", #"{"value":"\#(largest)"}"#).status == .created)
            #expect(try await api.get("/v1/secrets/big/ok").string("value")?.utf8.count == SecretLimits.maximumValueBytes)
            let tooLarge = try await Self.put(api, "big/no", #"{"value":"\#(largest)a"}"#)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.code == "VALUE_TOO_LARGE")
            // 64 KiB of bytes that JSON must escape still fits the body limit.
            let escaped = String(repeating: "\\u0001", count: SecretLimits.maximumValueBytes)
            #expect(try await Self.put(api, "big/escaped", #"{"value":"\#(escaped)"}"#).status == .created)

            #expect(try await Self.put(api, "bad/both", #"{"value":"a","valueBase64":"YQ=="}"#).status == .badRequest)
            #expect(try await Self.put(api, "bad/none", #"{"rotateEvery":"1d"}"#).code == "MISSING_FIELD")
            #expect(try await Self.put(api, "bad/b64", #"{"valueBase64":"not base64!"}"#).code == "INVALID_FIELD")
            #expect(try await Self.put(api, "bad/every", #"{"value":"a","rotateEvery":"soon"}"#).status == .badRequest)
            #expect(try await Self.put(api, "bad/field", #"{"value":"a","owner":"x"}"#).status == .badRequest)
        }
    }

    @Test(
        "a path outside the rules is a 400 INVALID_PATH",
        arguments: ["a//b", "a/../b", "a/./b", "a/b/", "..", "a/b%2Fc", "a/b%00", "a/{x}", "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7"])
    func invalidPaths(path: String) async throws {
        try await TestServer.run { _, api in
            let answer = try await Self.put(api, path, #"{"value":"v"}"#)
            #expect(answer.status == .badRequest, "\(path)")
            #expect(answer.code == "INVALID_PATH", "\(path)")
            #expect(try await api.get("/v1/secrets/\(path)").code == "INVALID_PATH", "\(path)")
        }
    }

    @Test("tokens reach only the paths their secrets: scopes name; list shows only what a token may read")
    func scopedAccess() async throws {
        try await TestServer.run { _, api in
            for path in ["payments/stripe/live", "payments/adyen", "other/db"] {
                _ = try await Self.put(api, path, #"{"value":"value of \#(path)"}"#)
            }
            func token(_ scopes: String) async throws -> APIDriver {
                let minted = try await api.post("/v1/tokens", #"{"scopes":[\#(scopes)]}"#)
                return api.with(token: try #require(minted.string("token")))
            }
            let reader = try await token(#""secrets:read:payments/*""#)
            #expect(try await reader.get("/v1/secrets/payments/stripe/live").string("value") == "value of payments/stripe/live")
            #expect(try await reader.get("/v1/secrets/other/db").code == "INSUFFICIENT_SCOPE")
            #expect(try await Self.put(reader, "payments/adyen", #"{"value":"x"}"#).code == "INSUFFICIENT_SCOPE")
            #expect(try await reader.send(.delete, "/v1/secrets/payments/adyen").code == "INSUFFICIENT_SCOPE")
            #expect(try await reader.get("/v1/secrets").items.compactMap { $0["path"]?.stringValue } == ["payments/adyen", "payments/stripe/live"])

            let writer = try await token(#""secrets:write:payments/stripe/*""#)
            #expect(try await Self.put(writer, "payments/stripe/test", #"{"value":"t"}"#).status == .created)
            #expect(try await writer.get("/v1/secrets/payments/stripe/test").string("value") == "t")
            #expect(try await Self.put(writer, "payments/adyen", #"{"value":"x"}"#).code == "INSUFFICIENT_SCOPE")

            let keysOnly = try await token(#""keys:read""#)
            #expect(try await keysOnly.get("/v1/secrets").code == "INSUFFICIENT_SCOPE")
            #expect(try await keysOnly.get("/v1/secrets/other/db").code == "INSUFFICIENT_SCOPE")
            #expect(try await api.with(token: nil).get("/v1/secrets/other/db").status == .unauthorized)
        }
    }

    @Test("every read, write and delete is audited with path and version, never the value")
    func audited() async throws {
        try await TestServer.run { _, api in
            _ = try await Self.put(api, "audit/me", #"{"value":"hunter2-audit-value"}"#)
            _ = try await Self.put(api, "audit/me", #"{"value":"hunter3-audit-value"}"#)
            _ = try await api.get("/v1/secrets/audit/me")
            _ = try await api.get("/v1/secrets/audit/me?version=1")
            _ = try await api.send(.delete, "/v1/secrets/audit/me")
            let writes = try await Self.entries(api, action: "secret.write")
            #expect(writes.map { $0["details"]?.objectValue?["version"] } == [.number(1), .number(2)])
            let reads = try await Self.entries(api, action: "secret.read")
            #expect(reads.map { $0["details"]?.objectValue?["version"] } == [.number(2), .number(1)])
            #expect(reads.allSatisfy { $0["target"] == .string("audit/me") && $0["outcome"] == .string("success") })
            #expect(try await Self.entries(api, action: "secret.delete").count == 1)
            let all = try await api.get("/v1/audit?limit=1000")
            #expect(!all.text.contains("audit-value"))
        }
    }

    @Test("a changed byte, a truncation or a ciphertext from another version fails with DECRYPTION_FAILED naming path and version")
    func tampering() async throws {
        try await TestServer.run { server, api in
            _ = try await Self.put(api, "tamper/one", #"{"value":"first-tamper-value"}"#)
            _ = try await Self.put(api, "tamper/one", #"{"value":"second-tamper-value"}"#)
            _ = try await Self.put(api, "tamper/two", #"{"value":"other-tamper-value"}"#)
            let database = server.folder.file("keyward.db")
            func expectFailure(_ uri: String, version: Int) async throws {
                let answer = try await api.get(uri)
                #expect(answer.status == .internalServerError, "\(uri)")
                #expect(answer.code == "DECRYPTION_FAILED", "\(uri)")
                #expect(answer.string("detail")?.contains("version \(version)") == true, "\(uri)")
                #expect(!answer.text.contains("tamper-value"))
            }
            // A flipped byte in the middle of version 2's ciphertext.
            try await RawSQLite.execute(
                database,
                "UPDATE secret_versions SET ciphertext = CAST(substr(ciphertext, 1, 40) || CASE WHEN hex(substr(ciphertext, 41, 1)) = 'FF' THEN X'00' ELSE X'FF' END || substr(ciphertext, 42) AS BLOB) WHERE path = 'tamper/one' AND version = 2"
            )
            try await expectFailure("/v1/secrets/tamper/one", version: 2)
            // Version 1's ciphertext copied into version 2: bound to its own version, it fails.
            try await RawSQLite.execute(
                database,
                "UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions WHERE path = 'tamper/one' AND version = 1), wrapped_key = (SELECT wrapped_key FROM secret_versions WHERE path = 'tamper/one' AND version = 1) WHERE path = 'tamper/one' AND version = 2"
            )
            try await expectFailure("/v1/secrets/tamper/one", version: 2)
            #expect(try await api.get("/v1/secrets/tamper/one?version=1").string("value") == "first-tamper-value")
            // Another path's version 1 moved here.
            try await RawSQLite.execute(
                database,
                "UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions WHERE path = 'tamper/two'), wrapped_key = (SELECT wrapped_key FROM secret_versions WHERE path = 'tamper/two') WHERE path = 'tamper/one' AND version = 1"
            )
            try await expectFailure("/v1/secrets/tamper/one?version=1", version: 1)
            // Truncated.
            try await RawSQLite.execute(database, "UPDATE secret_versions SET ciphertext = substr(ciphertext, 1, 20) WHERE path = 'tamper/two'")
            try await expectFailure("/v1/secrets/tamper/two", version: 1)
            let failed = try await Self.entries(api, action: "secret.read").filter { $0["outcome"] == .string("failed") }
            #expect(failed.count == 4)
            #expect(!server.logs.text.contains("tamper-value"))
        }
    }

    @Test("a secret past its rotateEvery is marked overdue, until a new version is set; rotateEvery null stops the reminder")
    func rotationReminders() async throws {
        try await TestServer.run { server, api in
            _ = try await Self.put(api, "rotate/me", #"{"value":"v1","rotateEvery":"1d"}"#)
            _ = try await Self.put(api, "rotate/never", #"{"value":"v1"}"#)
            server.clock.advance(by: 2 * 86_400)
            let listed = try await api.get("/v1/secrets?prefix=rotate/").items
            #expect(listed.map { $0["rotationOverdue"] } == [.bool(true), .bool(false)])
            #expect(try await server.built.engine.secrets.overdue().map(\.path.rawValue) == ["rotate/me"])
            _ = try await Self.put(api, "rotate/me", #"{"value":"v2"}"#)
            #expect(try await api.get("/v1/secrets?prefix=rotate/me").items.first?["rotationOverdue"] == .bool(false))
            _ = try await Self.put(api, "rotate/me", #"{"value":"v3","rotateEvery":null}"#)
            server.clock.advance(by: 400 * 86_400)
            let cleared = try await api.get("/v1/secrets?prefix=rotate/me").items.first
            #expect(cleared?["rotateEvery"] == .null)
            #expect(cleared?["rotationOverdue"] == .bool(false))
        }
    }

    @Test("a wrong method on a secret path is a 405 naming the methods it takes")
    func methods() async throws {
        try await TestServer.run { _, api in
            let answer = try await api.send(.post, "/v1/secrets/a/b", json: "{}")
            #expect(answer.status == .methodNotAllowed)
            #expect(answer.headers[.allow] == "DELETE, GET, PUT")
        }
    }
}

@Suite("Keyring rotation route")
struct KeyringRouteTests {
    @Test("admin rotates the keyring over a live server while concurrent clients read secrets and verify keys; all succeed")
    func rotateWhileServing() async throws {
        try await TestServer.run(.live) { _, api in
            for index in 0..<40 {
                _ = try await api.send(.put, "/v1/secrets/live/s\(index)", json: #"{"value":"value-\#(index)"}"#)
            }
            _ = try await api.keyspace("live")
            let key = try await api.key(in: "live").key
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    let rotated = try await api.post("/v1/sys/keyring/rotate", "")
                    return rotated.status == .ok && rotated.json["to"] == .number(2) ? 0 : 1
                }
                for reader in 0..<6 {
                    group.addTask {
                        var failed = 0
                        for round in 0..<30 {
                            let index = (reader * 11 + round) % 40
                            let read = try await api.get("/v1/secrets/live/s\(index)")
                            if read.string("value") != "value-\(index)" { failed += 1 }
                            if try await api.verify(key).json["code"] != .string("VALID") { failed += 1 }
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(failures == 0)
            let minted = try await api.post("/v1/tokens", #"{"scopes":["secrets:write"]}"#)
            let writer = api.with(token: try #require(minted.string("token")))
            #expect(try await writer.post("/v1/sys/keyring/rotate", "").code == "INSUFFICIENT_SCOPE")
            #expect(try await api.get("/v1/secrets/live/s7").string("value") == "value-7")
        }
    }
}
