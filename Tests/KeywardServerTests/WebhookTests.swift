import Foundation
import HTTPTypes
import KeywardCore
import KeywardEngine
import Testing

@Suite("Webhooks: signed deliveries to a real receiver, retries, refusals")
struct WebhookTests {
    /// Retries fast enough for a test: 50 ms, then 100, 200 …, for `retryFor`.
    static func fast(retryFor: Duration = .seconds(3), timeout: Duration = .seconds(2)) -> WebhookPolicy {
        WebhookPolicy(timeout: timeout, firstRetry: .milliseconds(50), maximumBackoff: .milliseconds(400), retryFor: retryFor)
    }

    /// A revoked key presented once: a `key.revoked_use` alert, raised at the flush.
    static func raiseRevokedUse(_ server: TestServer, _ api: APIDriver, newKeyspace: Bool = true) async throws {
        if newKeyspace { _ = try await api.keyspace("hooked") }
        let (key, id) = try await api.key(in: "hooked")
        _ = try await api.post("/v1/keys/\(id)/revoke", "{}")
        #expect(try await api.verify(key).code == "REVOKED")
        await server.built.engine.usage.flush()
    }

    @Test("a new alert reaches the receiver with a valid Keyward-Signature; a 500 is retried and every attempt recorded")
    func signedAndRetried() async throws {
        let receiver = WebhookReceiver(statuses: [500, 200])
        try await receiver.run { url in
            try await TestServer.run(.live, configure: { $0.webhooks = Self.fast() }) { server, api in
                let created = try await api.post("/v1/webhooks", #"{"url":"\#(url)","events":["key.revoked_use"]}"#)
                #expect(created.status == .created)
                let id = try #require(created.string("id"))
                let secret = WebhookSecret(text: try #require(created.string("secret")))
                #expect(secret.text.hasPrefix("whsec_"))
                let listed = try await api.get("/v1/webhooks")
                #expect(!listed.text.contains(secret.text), "a list shows the signing secret")
                // A keyring rotation destroys the old KEK: the sealed secret must have been rewrapped.
                #expect(try await api.post("/v1/sys/keyring/rotate", "{}").status == .ok)

                try await Self.raiseRevokedUse(server, api)
                let arrived = await WebhookReceiver.eventually { receiver.requests.count >= 2 }
                #expect(arrived, "the receiver got \(receiver.requests.count) requests, expected the failed one and its retry")
                let requests = receiver.requests
                for request in requests {
                    let header = try #require(request.headers[HTTPField.Name("Keyward-Signature")!])
                    let now = Int64(Date().timeIntervalSince1970)
                    #expect(WebhookSignature.verify(header: header, secret: secret, body: request.body, now: now))
                    #expect(!WebhookSignature.verify(header: header, secret: secret, body: request.body + [0x20], now: now))
                    #expect(!WebhookSignature.verify(header: header, secret: WebhookSecret(text: "whsec_other"), body: request.body, now: now))
                }
                #expect(requests.first?.body == requests.last?.body, "a retry sends the same event")
                let event = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(requests.first).body))
                #expect(event.objectValue?["type"] == .string("key.revoked_use"))
                #expect(event.objectValue?["id"]?.stringValue?.hasPrefix("evt_") == true)
                #expect(event.objectValue?["alert"]?.objectValue?["severity"] == .string("high"))

                let recorded = await WebhookReceiver.eventually {
                    (try? await api.get("/v1/webhooks/\(id)/deliveries"))?.json["items"]?.arrayValue?.count == 2
                }
                #expect(recorded)
                let attempts = try await api.get("/v1/webhooks/\(id)/deliveries").json["items"]?.arrayValue ?? []
                let outcomes = attempts.compactMap { $0.objectValue?["outcome"]?.stringValue }
                #expect(outcomes == ["delivered", "failed"], "newest first")
                #expect(attempts.last?.objectValue?["statusCode"] == .number(500))
                let metrics = try await api.get("/metrics").text
                #expect(MetricsTests.sample(#"keyward_webhook_deliveries_total{result="delivered"}"#, in: metrics) == 1)
                #expect(MetricsTests.sample(#"keyward_webhook_deliveries_total{result="failed"}"#, in: metrics) == 1)

                // A repeat folds into the open alert and is not sent again.
                try await Self.raiseRevokedUse(server, api, newKeyspace: false)
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.requests.count == 3, "a second revoked key is a new subject, so one more event")
                let leaked = server.seen.all.filter { !$0.contains("\"secret\"") }.contains { $0.contains(secret.text) }
                #expect(!leaked, "the secret appeared in an answer other than the create")
                #expect(!server.logs.text.contains(secret.text), "the secret reached the log")
            }
        }
    }

    @Test("a receiver that keeps failing gets attempts with growing waits, then the delivery gives up")
    func givesUp() async throws {
        let receiver = WebhookReceiver(statuses: [503])
        try await receiver.run { url in
            try await TestServer.run(.live, configure: { $0.webhooks = Self.fast(retryFor: .milliseconds(500)) }) { server, api in
                let id = try #require(try await api.post("/v1/webhooks", #"{"url":"\#(url)"}"#).string("id"))
                try await Self.raiseRevokedUse(server, api)
                let gaveUp = await WebhookReceiver.eventually {
                    let items = (try? await api.get("/v1/webhooks/\(id)/deliveries"))?.json["items"]?.arrayValue ?? []
                    return items.first?.objectValue?["outcome"] == .string("gave_up")
                }
                #expect(gaveUp)
                let attempts = try await api.get("/v1/webhooks/\(id)/deliveries").json["items"]?.arrayValue ?? []
                // 50 + 100 + 200 ms of waits fit in 500 ms; the next 400 would not.
                #expect((2...4).contains(attempts.count), "\(attempts.count) attempts")
                try await Task.sleep(for: .milliseconds(600))
                #expect(receiver.requests.count == attempts.count, "an attempt after giving up")
                #expect(server.built.engine.webhookDispatcher?.pending == 0)
            }
        }
    }

    @Test("a receiver slower than the timeout is a failed attempt, and verification goes on meanwhile")
    func slowReceiver() async throws {
        let receiver = WebhookReceiver(statuses: [200], delay: .seconds(2))
        try await receiver.run { url in
            let policy = Self.fast(retryFor: .zero, timeout: .milliseconds(300))
            try await TestServer.run(.live, configure: { $0.webhooks = policy }) { server, api in
                let id = try #require(try await api.post("/v1/webhooks", #"{"url":"\#(url)"}"#).string("id"))
                try await Self.raiseRevokedUse(server, api)
                let started = await WebhookReceiver.eventually { receiver.requests.count == 1 }
                #expect(started)
                // The receiver holds the request; verification answers all the same.
                let (key, _) = try await api.key(in: "hooked")
                for _ in 0..<20 { #expect(try await api.verify(key).code == "VALID") }
                let timedOut = await WebhookReceiver.eventually {
                    let items = (try? await api.get("/v1/webhooks/\(id)/deliveries"))?.json["items"]?.arrayValue ?? []
                    return items.first?.objectValue?["outcome"] == .string("gave_up")
                }
                #expect(timedOut)
                let error = try await api.get("/v1/webhooks/\(id)/deliveries").json["items"]?.arrayValue?.first?.objectValue?["error"]
                #expect(error?.stringValue?.contains("timeout") == true, "\(String(describing: error))")
            }
        }
    }

    @Test("link-local, metadata and non-http URLs are 400s naming url, unless private webhooks are allowed")
    func refusedURLs() async throws {
        let refused = [
            "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook", "http://metadata.google.internal/computeMetadata/v1/",
            "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://100.100.100.200/", "ftp://example.com/hook",
            "file:///etc/passwd", "https://user:pass@example.com/hook", "http:///nohost", "not a url", "http://0.0.0.0/",
        ]
        try await TestServer.run { _, api in
            for url in refused {
                let answer = try await api.post("/v1/webhooks", #"{"url":"\#(url)"}"#)
                #expect(answer.status == .badRequest, "\(url)")
                #expect(answer.string("field") == "url", "\(url)")
            }
            for body in [#"{"url":"http://127.0.0.1:9/x","events":["key.stolen"]}"#, #"{"url":"http://127.0.0.1:9/x","events":[]}"#] {
                let answer = try await api.post("/v1/webhooks", body)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(answer.string("field") == "events", "\(body)")
            }
            for url in ["http://127.0.0.1:9/hook", "https://10.1.2.3/hook", "http://[::1]:8080/x", "https://hooks.example.com/services/T0/B0"] {
                #expect(try await api.post("/v1/webhooks", #"{"url":"\#(url)"}"#).status == .created, "\(url)")
            }
            #expect(try await api.get("/v1/webhooks").json["items"]?.arrayValue?.count == 4)
        }
        try await TestServer.run(configure: { $0.webhooks.allowPrivate = true }) { _, api in
            let answer = try await api.post("/v1/webhooks", #"{"url":"http://169.254.169.254/"}"#)
            #expect(answer.status == .created)
        }
    }

    @Test("delete removes the webhook and its deliveries; both changes are audited with the host only")
    func deleteAndAudit() async throws {
        try await TestServer.run { _, api in
            let id = try #require(try await api.post("/v1/webhooks", #"{"url":"https://hooks.example.com/services/T0/B0/SECRETPATH"}"#).string("id"))
            #expect(try await api.send(.delete, "/v1/webhooks/\(id)").status == .noContent)
            #expect(try await api.send(.delete, "/v1/webhooks/\(id)").status == .notFound)
            #expect(try await api.get("/v1/webhooks/\(id)/deliveries").status == .notFound)
            let audit = try await api.get("/v1/audit?action=webhook.create")
            #expect(audit.json["items"]?.arrayValue?.count == 1)
            #expect(try await api.get("/v1/audit?action=webhook.delete").json["items"]?.arrayValue?.count == 1)
            let entries = try await api.get("/v1/audit").text
            #expect(!entries.contains("SECRETPATH"), "the URL's path reached the audit log")
        }
    }

    @Test("a token without alerts:write cannot add a webhook")
    func scopes() async throws {
        try await TestServer.run { _, api in
            let token = try #require(try await api.post("/v1/tokens", #"{"scopes":["alerts:read"]}"#).string("token"))
            let reader = api.with(token: token)
            #expect(try await reader.post("/v1/webhooks", #"{"url":"http://127.0.0.1:9/x"}"#).status == .forbidden)
            #expect(try await reader.get("/v1/webhooks").status == .ok)
        }
    }
}
