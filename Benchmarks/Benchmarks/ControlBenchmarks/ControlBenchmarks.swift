import Benchmark
import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardVault
import Logging

/// What the controls of issue 13 cost one verification, without HTTP: the whole
/// `VerificationService.verify` of a cached key, bare, and with a scope query,
/// an IP allowlist, three rate limits (one shared per owner) and a quota. The
/// difference is Keyward's own cost of the controls; docs/benchmarks.md puts it
/// beside the HTTP measurements of scripts/load-auth.sh.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )

    for controls in [false, true] {
        Benchmark("verify 1,000 cached keys \(controls ? "with every control" : "bare")") { benchmark, fixture in
            let requests = controls ? fixture.controlled : fixture.bare
            for index in benchmark.scaledIterations {
                blackHole(try await fixture.engine.verifier.verify(requests[index % requests.count]))
            }
        } setup: {
            try await ControlFixture.shared()
        }
    }
}

/// An engine over a SQLite store in a temporary folder with 1,000 bare keys
/// and 1,000 keys with every control, each verified once (so cached).
final class ControlFixture: Sendable {
    let engine: Engine
    let bare: [VerificationRequest]
    let controlled: [VerificationRequest]

    private init(engine: Engine, bare: [VerificationRequest], controlled: [VerificationRequest]) {
        self.engine = engine
        self.bare = bare
        self.controlled = controlled
    }

    nonisolated(unsafe) private static var made: ControlFixture?

    static func shared() async throws -> ControlFixture {
        if let made { return made }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keyward-control-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: folder + "/keyward.db")
        let source = MasterKeySource(environmentValue: nil, keyFile: folder + "/master.key")
        let engine = try await Engine.open(store: store, masterKeySource: source, logger: Logger(label: "bench")).engine
        _ = try await engine.keyspaces.create(name: "bench", KeyspaceChanges(), by: .system)
        let client = IPAddress("127.0.0.1")
        let query = try ScopeQuery(parsing: "docs:read AND (billing:read OR admin)")
        var bare: [VerificationRequest] = []
        var controlled: [VerificationRequest] = []
        for index in 0..<1_000 {
            let plain = try await engine.keys.create(in: "bench", KeyChanges(), by: .system)
            bare.append(VerificationRequest(key: plain.key.secret, client: client))
            let fields = KeyChanges(
                owner: .some("customer-\(index / 10)"), scopes: [try Scope(parsing: "docs:read"), try Scope(parsing: "billing:read")],
                ipAllowlist: [try IPRange(parsing: "127.0.0.0/8", field: "ip")],
                ratelimits: [try RateLimit(parsing: "100000000/1m"), try RateLimit(parsing: "1000000000/1h:owner"), try RateLimit(parsing: "1000000000/1d")],
                quota: .set(remaining: 1_000_000_000_000, refill: nil))
            let key = try await engine.keys.create(in: "bench", fields, by: .system)
            controlled.append(VerificationRequest(key: key.key.secret, scopes: query, client: client))
        }
        for request in bare + controlled {
            guard try await engine.verifier.verify(request).code == .valid else { throw KeywardError(.internalError, "a fixture key is not valid") }
        }
        let fixture = ControlFixture(engine: engine, bare: bare, controlled: controlled)
        made = fixture
        return fixture
    }
}
