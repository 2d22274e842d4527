import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Testing

@Suite("Audit of failed verifications")
struct AuditRecorderTests {
    /// An engine on a real SQLite file with a manual clock at the start of a minute.
    static func withEngine(_ body: (Engine, ManualClock) async throws -> Void) async throws {
        let folder = try TemporaryFolder("keyward-audit")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        let clock = ManualClock(Date(timeIntervalSince1970: 1_789_999_980))
        let source = MasterKeySource(environmentValue: MasterKey.generate().base64, keyFile: folder.file("unused.key"))
        let engine = try await Engine.open(store: store, masterKeySource: source, clock: clock, logger: Logger(label: "test")).engine
        do {
            try await body(engine, clock)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// Every entry with `action`, all pages.
    static func entries(_ engine: Engine, action: String) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var cursor: String?
        repeat {
            let page = try await engine.audit.list(AuditFilter(action: action), PageRequest(limit: 1000, cursor: cursor))
            entries += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return entries
    }

    @Test("a flush that returns has written what was noted before it, also when another flush took it first (40 rounds)")
    func flushWaitsForTheOneInFlight() async throws {
        try await Self.withEngine { engine, clock in
            for round in 0..<40 {
                _ = try await engine.verifier.verify(VerificationRequest(key: "not a key \(round)", client: IPAddress("203.0.113.9")))
                clock.advance(by: 60)
                // The background flush takes the closed minute first; this one must wait for it.
                let background = Task { await engine.auditRecorder.flush() }
                await Task.yield()
                await engine.auditRecorder.flush()
                let counted = try await Self.entries(engine, action: "verification.malformed").compactMap { $0.details["count"]?.intValue }
                #expect(counted.reduce(0, +) == round + 1, "round \(round)")
                await background.value
            }
        }
    }

    @Test("REVOKED is one entry at the next flush; MALFORMED and NOT_FOUND are counted per source and minute, written when it closes")
    func aggregation() async throws {
        try await Self.withEngine { engine, clock in
            let keyspace = try await engine.keyspaces.create(name: "audit", KeyspaceChanges(), by: .system)
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            _ = try await engine.keys.revoke(created.record.id, reason: nil, by: .system)
            let attacker = IPAddress("203.0.113.7")
            let other = IPAddress("198.51.100.2")
            for _ in 0..<5 { _ = try await engine.verifier.verify(VerificationRequest(key: "not a key", client: attacker)) }
            for _ in 0..<3 {
                _ = try await engine.verifier.verify(VerificationRequest(key: APIKey.generate(prefix: keyspace.prefix).secret, client: other))
            }
            let revoked = try await engine.verifier.verify(VerificationRequest(key: created.key.secret, client: other))
            #expect(revoked.code == .revoked)
            _ = try await engine.verifier.verify(VerificationRequest(key: "still not a key", client: attacker))

            clock.advance(by: 30)
            await engine.auditRecorder.flush()
            let single = try await Self.entries(engine, action: "verification.revoked")
            #expect(single.count == 1)
            #expect(single.first?.target == created.record.id)
            #expect(single.first?.actor == AuditActor(kind: .client, id: "198.51.100.2"))
            #expect(single.first?.outcome == "denied")
            // The minute is still open: no counts yet.
            #expect(try await Self.entries(engine, action: "verification.malformed").isEmpty)

            clock.advance(by: 31)
            await engine.auditRecorder.flush()
            let malformed = try await Self.entries(engine, action: "verification.malformed")
            #expect(malformed.count == 1)
            #expect(malformed.first?.sourceIP == "203.0.113.7")
            #expect(malformed.first?.details["count"] == .number(6))
            #expect(malformed.first?.details["minute"] == .string("2026-09-21T14:13:00Z"))
            let notFound = try await Self.entries(engine, action: "verification.not_found")
            #expect(notFound.first?.details["count"] == .number(3))
            #expect(notFound.first?.sourceIP == "198.51.100.2")
            // Flushing again writes nothing twice.
            await engine.auditRecorder.flush()
            #expect(try await Self.entries(engine, action: "verification.malformed").count == 1)
            #expect(try await engine.audit.verify().isIntact)
        }
    }

    @Test("a flood from many sources stays bounded and loses no count")
    func flood() async throws {
        try await Self.withEngine { engine, clock in
            let sources = AuditRecorder.maximumBuckets + 500
            for index in 0..<sources {
                let address = IPAddress("10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)")
                engine.auditRecorder.noteVerification(.malformed, key: nil, client: address, at: clock.now())
            }
            clock.advance(by: 60)
            await engine.auditRecorder.flush()
            let entries = try await Self.entries(engine, action: "verification.malformed")
            #expect(entries.count <= AuditRecorder.maximumBuckets + 1)
            let total = entries.reduce(0) { $0 + ($1.details["count"]?.intValue ?? 0) }
            #expect(total == sources)
            #expect(entries.contains { $0.actor.id == "other" })
        }
    }

    @Test("a block noted while the queue is full is counted, not dropped")
    func blockOverflow() async throws {
        try await Self.withEngine { engine, clock in
            let client = IPAddress("198.51.100.4")
            for _ in 0..<AuditRecorder.maximumPending {
                engine.auditRecorder.noteVerification(.revoked, key: nil, client: client, at: clock.now())
            }
            let attacker = try #require(IPAddress("203.0.113.66"))
            engine.auditRecorder.noteBlock(SourceBlocker.Event(source: attacker, until: clock.now(), began: true), at: clock.now())
            clock.advance(by: 60)
            await engine.auditRecorder.flush()
            let blocked = try await Self.entries(engine, action: "source.blocked")
            #expect(blocked.count == 1)
            #expect(blocked.first?.details["count"] == .number(1))
            #expect(blocked.first?.sourceIP == "203.0.113.66")
        }
    }

    @Test("shutdown writes the counts of the minute still open")
    func shutdownFlushes() async throws {
        let folder = try TemporaryFolder("keyward-audit")
        defer { folder.remove() }
        let path = folder.file("keyward.db")
        let source = MasterKeySource(environmentValue: MasterKey.generate().base64, keyFile: folder.file("unused.key"))
        let engine = try await Engine.open(store: try await SQLiteStore.open(path: path), masterKeySource: source, logger: Logger(label: "test"))
            .engine
        _ = try await engine.verifier.verify(VerificationRequest(key: "nope", client: IPAddress("192.0.2.1")))
        try await engine.shutdown()
        let reopened = try await SQLiteStore.open(path: path)
        let entries = try await reopened.listAuditEntries(AuditFilter(action: "verification.malformed"), PageRequest()).items
        #expect(entries.first?.details["count"] == .number(1))
        try await reopened.close()
    }
}
