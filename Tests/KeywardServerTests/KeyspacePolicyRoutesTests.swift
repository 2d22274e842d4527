import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Keyspace monitoring policies over HTTP")
struct KeyspacePolicyRoutesTests {
    @Test("onTheft, revokeUnusedAfter and anomalies are created, shown, merged field by field on PATCH and reset with null")
    func roundTrip() async throws {
        try await TestServer.run { _, api in
            let plain = try await api.post("/v1/keyspaces", #"{"name":"plain"}"#)
            #expect(plain.string("onTheft") == "alert")
            #expect(plain.json["revokeUnusedAfter"] == .null)
            #expect(plain.json["anomalies"] == .object([:]))

            let created = try await api.post(
                "/v1/keyspaces",
                #"{"name":"guarded","onTheft":"disable","revokeUnusedAfter":"90d","anomalies":{"spikeFactor":4.5,"newNetworkAfter":"12h"}}"#)
            #expect(created.status == .created)
            #expect(created.string("onTheft") == "disable")
            #expect(created.string("revokeUnusedAfter") == "90d")
            #expect(created.json["anomalies"] == .object(["spikeFactor": .number(4.5), "newNetworkAfter": .string("12h")]))

            let patched = try await api.send(.patch, "/v1/keyspaces/guarded", json: #"{"anomalies":{"spikeMinimum":20,"spikeFactor":null}}"#)
            #expect(patched.status == .ok)
            #expect(patched.json["anomalies"] == .object(["spikeMinimum": .number(20), "newNetworkAfter": .string("12h")]))
            #expect(patched.string("onTheft") == "disable", "a field not named stays")
            let cleared = try await api.send(.patch, "/v1/keyspaces/guarded", json: #"{"anomalies":null,"revokeUnusedAfter":null}"#)
            #expect(cleared.json["anomalies"] == .object([:]))
            #expect(cleared.json["revokeUnusedAfter"] == .null)
            #expect(try await api.get("/v1/keyspaces/guarded").string("onTheft") == "disable")

            let audit = try await api.get("/v1/audit?action=keyspace.create&target=\(try #require(created.string("id")))")
            let details = audit.items.first?["details"]?.objectValue
            #expect(details?["monitoring"]?.objectValue?["onTheft"] == .string("disable"), "the policy is in the audit entry")
        }
    }

    @Test(
        "a bad policy is a 400 naming the field",
        arguments: [
            (#"{"name":"x","onTheft":"nuke"}"#, "onTheft"),
            (#"{"name":"x","onTheft":true}"#, "onTheft"),
            (#"{"name":"x","revokeUnusedAfter":"1h"}"#, "revokeUnusedAfter"),
            (#"{"name":"x","revokeUnusedAfter":"soon"}"#, "revokeUnusedAfter"),
            (#"{"name":"x","anomalies":"tight"}"#, "anomalies"),
            (#"{"name":"x","anomalies":{"spikeFactor":0.5}}"#, "anomalies.spikeFactor"),
            (#"{"name":"x","anomalies":{"spikeFactor":"ten"}}"#, "anomalies.spikeFactor"),
            (#"{"name":"x","anomalies":{"spikeMinimum":2.5}}"#, "anomalies.spikeMinimum"),
            (#"{"name":"x","anomalies":{"spikeMinimum":0}}"#, "anomalies.spikeMinimum"),
            (#"{"name":"x","anomalies":{"newNetworkAfter":"-1h"}}"#, "anomalies.newNetworkAfter"),
            (#"{"name":"x","anomalies":{"warmUp":5}}"#, "anomalies.warmUp"),
        ])
    func badPolicy(body: String, field: String) async throws {
        try await TestServer.run { _, api in
            let answer = try await api.post("/v1/keyspaces", body)
            #expect(answer.status == .badRequest, "\(body)")
            #expect(answer.string("field") == field, "\(body): \(answer.text)")
            #expect(try await api.get("/v1/keyspaces/x").status == .notFound, "nothing was created")
        }
    }

    @Test("24 PATCHes of different policy fields side by side: every one stands")
    func concurrentPatches() async throws {
        try await TestServer.run { _, api in
            _ = try await api.keyspace("raced")
            let bodies = [
                #"{"onTheft":"disable"}"#, #"{"revokeUnusedAfter":"30d"}"#, #"{"anomalies":{"spikeFactor":3}}"#,
                #"{"anomalies":{"spikeMinimum":7}}"#, #"{"anomalies":{"newNetworkAfter":"2h"}}"#, #"{"requireExpiry":true}"#,
            ]
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<4 {
                    for body in bodies.shuffled() {
                        group.addTask { try await api.send(.patch, "/v1/keyspaces/raced", json: body).status }
                    }
                }
                for try await status in group { #expect(status == .ok) }
            }
            let final = try await api.get("/v1/keyspaces/raced")
            #expect(final.string("onTheft") == "disable")
            #expect(final.string("revokeUnusedAfter") == "30d")
            #expect(final.json["requireExpiry"] == .bool(true))
            #expect(final.json["anomalies"] == .object(["spikeFactor": .number(3), "spikeMinimum": .number(7), "newNetworkAfter": .string("2h")]))
        }
    }
}
