import Foundation
import HTTPTypes
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

@Suite("Leaked vault values")
struct SecretLeakMatchTests {
    @Test("a reported secret equal to a current or earlier version marks its secret compromised; the answer counts, never echoes")
    func matching() async throws {
        try await TestServer.run { server, api in
            _ = try await api.send(.put, "/v1/secrets/pay/stripe", json: #"{"value":"sk_old_leaked_value_1"}"#)
            _ = try await api.send(.put, "/v1/secrets/pay/stripe", json: #"{"value":"sk_current_value_2"}"#)
            _ = try await api.send(.put, "/v1/secrets/pay/other", json: #"{"value":"never-leaked-value"}"#)
            let answer = try await api.post(
                "/v1/leaks",
                #"{"secrets":["sk_old_leaked_value_1","unrelated-found-credential","sk_old_leaked_value_1"],"source":"repo@abc123:config.yml"}"#)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.json["matched"] == .number(1))
            #expect(!answer.text.contains("sk_old") && !answer.text.contains("unrelated-found"))
            let listed = try await api.get("/v1/secrets?prefix=pay/").items
            #expect(listed.map { $0["compromised"] } == [.bool(false), .bool(true)])
            #expect(listed.last?["compromisedSource"] == .string("repo@abc123:config.yml"))

            let entries = try await api.get("/v1/audit?limit=1000&action=secret.leaked").items
            #expect(entries.count == 1)
            #expect(entries.first?["target"] == .string("pay/stripe"))
            #expect(entries.first?["details"]?.objectValue?["versions"] == .array([.number(1)]))
            #expect(entries.first?["details"]?.objectValue?["currentVersionLeaked"] == .bool(false))
            // Nothing of the unmatched value was kept anywhere.
            let all = try await api.get("/v1/audit?limit=1000")
            #expect(!all.text.contains("unrelated-found") && !all.text.contains("sk_old"))
            #expect(!server.logs.text.contains("unrelated-found") && !server.logs.text.contains("sk_old"))

            // A new version clears the mark; the leaked old value no longer names the current one.
            _ = try await api.send(.put, "/v1/secrets/pay/stripe", json: #"{"value":"sk_new_value_3"}"#)
            #expect(try await api.get("/v1/secrets/pay/stripe?versions").json["compromised"] == .bool(false))
            // Keys and secrets in one report; a report of nothing is a 400.
            #expect(try await api.post("/v1/leaks", #"{"secrets":["sk_new_value_3"],"keys":[]}"#).json["matched"] == .number(1))
            #expect(try await api.post("/v1/leaks", #"{"secrets":[],"keys":[]}"#).status == .badRequest)
            #expect(try await api.post("/v1/leaks", #"{"secrets":[1]}"#).status == .badRequest)
        }
    }

    @Test("leaks:report is the scope; a leak report cannot read values")
    func scope() async throws {
        try await TestServer.run { _, api in
            _ = try await api.send(.put, "/v1/secrets/pay/stripe", json: #"{"value":"scoped-leak-value"}"#)
            let minted = try await api.post("/v1/tokens", #"{"scopes":["leaks:report"]}"#)
            let reporter = api.with(token: try #require(minted.string("token")))
            #expect(try await reporter.post("/v1/leaks", #"{"secrets":["scoped-leak-value"]}"#).json["matched"] == .number(1))
            #expect(try await reporter.get("/v1/secrets/pay/stripe").code == "INSUFFICIENT_SCOPE")
        }
    }
}
