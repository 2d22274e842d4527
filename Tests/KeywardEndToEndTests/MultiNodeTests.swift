import Foundation
import KeywardTesting
import Synchronization
import Testing

/// Three `keyward serve` processes on one PostgreSQL database (a throwaway
/// server the tests start), as a deployment behind a load balancer runs them.
@Suite(
    "Three nodes on one PostgreSQL", .serialized, .needsPostgres,
    .timeLimit(.minutes(5)))
struct MultiNodeTests {
    /// Starts three nodes on a new database; they share the master key file
    /// and `$KEYWARD_HOME` (the root token the first one writes).
    static func threeNodes(_ body: ([ServerProcess]) async throws -> Void) async throws {
        let url = try await ThrowawayPostgres.shared.newDatabase()
        let shared = try TemporaryFolder("keyward-nodes")
        defer { shared.remove() }
        let folders = try (0..<3).map { _ in try TemporaryFolder("keyward-node") }
        defer { folders.forEach { $0.remove() } }
        let nodes = folders.map { folder in
            ServerProcess(
                folder: folder, arguments: ["--master-key-file", shared.file("master.key")], home: shared.file("home"),
                databaseURL: url.description)
        }
        defer { nodes.forEach { $0.stop() } }
        // The first node makes the master key and the root token; then the others join.
        for node in nodes { try await node.start() }
        try await body(nodes)
    }

    /// 64 concurrent callers, each sending 5 requests for `key` to the nodes in
    /// turn: every answer's status.
    static func spread(_ key: String, over nodes: [ServerProcess]) async throws -> [Int] {
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for caller in 0..<64 {
                group.addTask {
                    var statuses: [Int] = []
                    for request in 0..<5 { statuses.append(await auth(nodes[(caller + request) % nodes.count], key)) }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// The gateway's answer for `key` on `node`: 200 valid, 401 refused, 0 no answer.
    static func auth(_ node: ServerProcess, _ key: String) async -> Int {
        (try? await HTTP.send(.GET, node.address + "/v1/auth", headers: [("Authorization", "Bearer \(key)")], timeout: .seconds(15)))?.status ?? 0
    }

    @Test("a key revoked on node A is refused by nodes B and C within 1 s, their caches warm")
    func revocation() async throws {
        try await Self.threeNodes { nodes in
            let a = nodes[0]
            #expect(try a.cli(["keyspace", "create", "edge"]).status == 0)
            let created = try a.cli(["key", "create", "--keyspace", "edge", "--json"]).json
            let key = try #require(created["key"] as? String)
            let id = try #require(created["id"] as? String)
            for node in nodes {
                for _ in 0..<3 { #expect(await Self.auth(node, key) == 200, "every node serves the new key") }
            }
            #expect(try a.cli(["key", "revoke", id]).status == 0)
            let revokedAt = ContinuousClock.now
            // The claim: no request that reaches B or C a second or more after the
            // revocation returned is let through. A request counts from when it was
            // sent, so a slow answer on a busy machine is not taken for a slow refusal.
            for node in nodes.dropFirst() {
                var lastAllowed: Duration?
                var refused = false
                while !refused, ContinuousClock.now - revokedAt < .seconds(10) {
                    let sent = ContinuousClock.now - revokedAt
                    let status = await Self.auth(node, key)
                    refused = status == 401
                    if status == 200 { lastAllowed = sent }
                    if !refused { try await Task.sleep(for: .milliseconds(10)) }
                }
                #expect(refused, "node \(node.address) never refused the revoked key")
                #expect(
                    (lastAllowed ?? .zero) < .seconds(1),
                    "node \(node.address) let the revoked key through a request sent \(lastAllowed ?? .zero) after the revocation returned")
            }
        }
    }

    @Test("a quota of 100 uses is spent exactly once across three nodes by 64 concurrent callers")
    func quotaAcrossNodes() async throws {
        try await Self.threeNodes { nodes in
            #expect(try nodes[0].cli(["keyspace", "create", "metered"]).status == 0)
            let key = try #require(try nodes[1].cli(["key", "create", "--keyspace", "metered", "--uses", "100", "--json"]).json["key"] as? String)
            let answers = try await Self.spread(key, over: nodes)
            #expect(answers.count == 320)
            #expect(answers.filter { $0 == 200 }.count == 100, "exactly the quota's uses are granted")
            #expect(answers.filter { $0 != 200 && $0 != 401 && $0 != 429 }.isEmpty, "every request got an answer")
        }
    }

    @Test("a global rate limit of 100 a day admits exactly 100 of 320 requests from 64 callers across three nodes")
    func globalRateLimit() async throws {
        try await Self.threeNodes { nodes in
            let created = try nodes[0].cli(["keyspace", "create", "shared-limit", "--rate-limit-mode", "global", "--json"])
            #expect(created.json["rateLimitMode"] as? String == "global", "\(created)")
            let key = try #require(
                try nodes[2].cli(["key", "create", "--keyspace", "shared-limit", "--rate", "100/1d", "--json"]).json["key"] as? String)
            let answers = try await Self.spread(key, over: nodes)
            #expect(answers.filter { $0 == 200 }.count == 100, "one count across the nodes, not one per node")
            #expect(answers.filter { $0 != 200 }.allSatisfy { $0 == 429 }, "the rest are refused as rate-limited")
        }
    }

    @Test("kill -9 of one node under load: the others keep serving, no acknowledged write is lost, no quota is overspent")
    func killOneNode() async throws {
        try await Self.threeNodes { nodes in
            let (a, b, c) = (nodes[0], nodes[1], nodes[2])
            #expect(try a.cli(["keyspace", "create", "load"]).status == 0)
            let metered = try #require(try a.cli(["key", "create", "--keyspace", "load", "--uses", "5000", "--json"]).json)
            let key = try #require(metered["key"] as? String)
            let meteredID = try #require(metered["id"] as? String)
            let granted = Counter()
            let afterKill = Counter()
            let killed = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<32 {
                    group.addTask {
                        for request in 0..<20 {
                            // After the kill, the callers send to the survivors, as a load balancer
                            // does (HTTP clients retry a refused connection until their deadline).
                            let live = killed.value > 0 ? [a, b] : nodes
                            let status = await Self.auth(live[(caller + request) % live.count], key)
                            if status == 200 { granted.add() }
                            if status == 200, killed.value > 0 { afterKill.add() }
                        }
                    }
                }
                // Killed under load: once a quarter of the requests were granted.
                while granted.value < 160 { try await Task.sleep(for: .milliseconds(5)) }
                c.killHard()
                killed.add()
                try await group.waitForAll()
            }
            #expect(granted.value <= 5000, "the quota is never overspent")
            #expect(afterKill.value > 0, "the surviving nodes kept granting uses")
            // Writes acknowledged by the survivors are all there, read through either.
            var ids: [String] = []
            for node in [a, b] {
                for _ in 0..<5 {
                    let created = try node.cli(["key", "create", "--keyspace", "load", "--json"]).json
                    ids.append(try #require(created["id"] as? String))
                }
            }
            for id in ids { #expect(try b.cli(["key", "show", id]).status == 0) }
            let quota = try #require(try a.cli(["key", "show", meteredID, "--json"]).json["quota"] as? [String: Any])
            let left = try #require(quota["remaining"] as? Int)
            #expect(left + granted.value <= 5000, "what is left and what was granted never exceed the quota")
        }
    }

    @Test(
        "a node cut off from its database: /readyz and writes answer 503; verification fails closed, except keys it cached of a keyspace that fails open, for that keyspace's window; all is back when the database is"
    )
    func databaseOutage() async throws {
        let url = try await ThrowawayPostgres.shared.newDatabase()
        let folder = try TemporaryFolder("keyward-outage")
        defer { folder.remove() }
        let node = ServerProcess(folder: folder, databaseURL: url.description)
        try await node.start()
        defer { node.stop() }
        #expect(try node.cli(["keyspace", "create", "cut"]).status == 0)
        let lenient = try node.cli(["keyspace", "create", "lenient", "--fail-open-for", "8s", "--rate-limit-mode", "global", "--json"])
        #expect(lenient.json["failOpenFor"] as? String == "8s", "\(lenient)")
        func newKey(in keyspace: String, _ options: [String] = []) throws -> (id: String, key: String) {
            let created = try node.cli(["key", "create", "--keyspace", keyspace, "--json"] + options)
            return (try #require(created.json["id"] as? String), try #require(created.json["key"] as? String))
        }
        let closed = try newKey(in: "cut")
        let cached = try newKey(in: "lenient", ["--rate", "3/1h"])
        let neverSeen = try newKey(in: "lenient")
        let revoked = try newKey(in: "lenient")
        #expect(await Self.auth(node, closed.key) == 200)
        #expect(await Self.auth(node, cached.key) == 200)
        #expect(try node.cli(["key", "revoke", revoked.id]).status == 0)
        #expect(await Self.auth(node, revoked.key) == 401)
        let scraper = try #require(try node.cli(["token", "create", "--scope", "metrics:read", "--json"]).json["token"] as? String)

        // The database takes no connections and drops the ones it had.
        try await ThrowawayPostgres.shared.execute([
            "ALTER DATABASE \(url.database) WITH ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(url.database)'",
        ])
        let cut = ContinuousClock.now
        let ready = try await HTTP.send(.GET, node.address + "/readyz")
        #expect(ready.status == 503)
        // Cached on this node, but its keyspace fails closed: so the node no longer trusts its cache
        // once it has seen its feed of changes end (on a loaded machine a moment after `/readyz` did).
        var closedAnswer = await Self.auth(node, closed.key)
        for _ in 0..<30 where closedAnswer != 503 {
            try await Task.sleep(for: .milliseconds(100))
            closedAnswer = await Self.auth(node, closed.key)
        }
        #expect(closedAnswer == 503, "a key is not let through while the node cannot check it")
        var answered: [Int] = []
        for _ in 0..<4 { answered.append(await Self.auth(node, cached.key)) }
        let answeredRevoked = await Self.auth(node, revoked.key)
        // A machine too slow to ask inside the window proves nothing here (it is asked again past it).
        let inWindow = ContinuousClock.now - cut < .seconds(7)
        if inWindow {
            // Its global limit (3 an hour, 1 spent) is counted on this node from zero: the count's store is what is out of reach.
            #expect(answered == [200, 200, 200, 429], "a key of a keyspace that fails open is answered from cache inside its window")
            #expect(answeredRevoked == 401, "a revoked key stays refused")
        }
        #expect(await Self.auth(node, neverSeen.key) == 503, "a key the node never cached is not let through")
        let write = try node.cli(["keyspace", "create", "refused"])
        #expect(write.status == 3, "\(write)")
        #expect(write.stderr.contains("UNAVAILABLE"), "\(write)")
        let windowEnds = cut + .seconds(8)
        if windowEnds > .now { try await Task.sleep(until: windowEnds + .milliseconds(200), clock: .continuous) }
        // The window runs from when the node saw the outage, a little after `cut` on a loaded machine.
        var pastWindow = await Self.auth(node, cached.key)
        for _ in 0..<50 where pastWindow != 503 {
            try await Task.sleep(for: .milliseconds(100))
            pastWindow = await Self.auth(node, cached.key)
        }
        #expect(pastWindow == 503, "past its window the keyspace fails closed too")

        try await ThrowawayPostgres.shared.execute(["ALTER DATABASE \(url.database) WITH ALLOW_CONNECTIONS true"])
        var back = false
        for _ in 0..<100 where !back {
            back = (try? await HTTP.send(.GET, node.address + "/readyz"))?.status == 200
            if !back { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(back, "the node is ready again")
        #expect(await Self.auth(node, closed.key) == 200)
        #expect(await Self.auth(node, cached.key) == 200)
        #expect(await Self.auth(node, revoked.key) == 401)
        #expect(try node.cli(["keyspace", "create", "after"]).status == 0)
        let metrics = try await HTTP.send(.GET, node.address + "/metrics", headers: [("Authorization", "Bearer \(scraper)")])
        let counted = metrics.body.split(separator: "\n").first { $0.hasPrefix("keyward_verifications_through_outage_total ") }
        let throughOutage = counted.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        // The cached key (when it was asked inside its window) and the revoked one.
        #expect(throughOutage >= (inWindow ? 2 : 0), "answers from cache through the outage are counted: \(counted ?? "none")")
    }
}
