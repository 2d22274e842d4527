import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Testing

@Suite("Keyring rotation", .serialized)
struct KeyringRotationTests {
    /// A store on a real SQLite file in `folder` with a fixed master key.
    struct Fixture {
        let folder: TemporaryFolder
        let masterKey = MasterKey.generate()

        func open() async throws -> Engine {
            let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
            let source = MasterKeySource(environmentValue: masterKey.base64, keyFile: folder.file("unused.key"))
            return try await Engine.open(store: store, masterKeySource: source, logger: Logger(label: "test")).engine
        }
    }

    struct Thrown: Error {}

    /// 250 versions over 50 paths (two batches of data keys), and a key.
    static func fill(_ engine: Engine) async throws -> (values: [String: [UInt8]], key: String) {
        var values: [String: [UInt8]] = [:]
        for index in 0..<50 {
            let path = try SecretPath(parsing: "app/secret\(index)")
            for version in 1...5 {
                let value = Array("value \(index) v\(version) \(UUID().uuidString)".utf8)
                _ = try await engine.secrets.set(path, value: value, rotateEvery: nil, by: .system)
                values["\(path)#\(version)"] = value
            }
        }
        _ = try await engine.keyspaces.create(name: "ks", KeyspaceChanges(), by: .system)
        let key = try await engine.keys.create(in: "ks", KeyChanges(), by: .system).key.secret
        return (values, key)
    }

    /// Every version opens to its value, the key verifies, the audit chain is whole.
    static func expectReadable(_ engine: Engine, _ values: [String: [UInt8]], key: String) async throws {
        for (name, value) in values {
            let parts = name.split(separator: "#")
            let read = try await engine.secrets.read(try SecretPath(parsing: String(parts[0])), version: Int(parts[1]), by: .system)
            #expect(read.value == value, "\(name)")
        }
        #expect(try await engine.verifier.verify(VerificationRequest(key: key)).code == .valid)
        #expect(try await engine.audit.verify().isIntact)
    }

    /// The KEK ids that the stored blobs name.
    static func keyIDs(_ engine: Engine) async throws -> Set<UInt32> {
        var ids = Set<UInt32>()
        for (name, _) in KeyHierarchy.wrappedValues {
            ids.insert(try SealedBlob.keyID(of: try #require(try await engine.store.systemValue(name))))
        }
        for index in 0..<50 {
            for version in try await engine.store.secretVersions(path: try SecretPath(parsing: "app/secret\(index)")) {
                ids.insert(try SealedBlob.keyID(of: version.wrappedDataKey))
            }
        }
        return ids
    }

    @Test("a rotation rewraps every data key and hierarchy value under a new KEK and destroys the old one; nothing changes for readers")
    func rotates() async throws {
        let fixture = Fixture(folder: try TemporaryFolder("keyward-rotate"))
        defer { fixture.folder.remove() }
        let engine = try await fixture.open()
        let (values, key) = try await Self.fill(engine)
        #expect(try await Self.keyIDs(engine) == [1])
        let result = try await engine.keyringRotation.rotate(by: .system)
        #expect(result.fromKeyIDs == [1])
        #expect(result.toKeyID == 2)
        #expect(result.rewrappedDataKeys == 250)
        #expect(engine.vault.keyring.keyIDs == [2])
        #expect(try await Self.keyIDs(engine) == [2])
        try await Self.expectReadable(engine, values, key: key)
        let entries = try await engine.audit.list(AuditFilter(action: "keyring.rotate"), PageRequest()).items
        #expect(entries.count == 1)
        try await engine.store.close()
        // From disk, with the same master key: the stored keyring holds only KEK 2, and it opens everything.
        let reopened = try await fixture.open()
        #expect(reopened.vault.keyring.keyIDs == [2])
        try await Self.expectReadable(reopened, values, key: key)
        #expect(try await reopened.keyringRotation.rotate(by: .system).toKeyID == 3)
        try await Self.expectReadable(reopened, values, key: key)
        try await reopened.store.close()
    }

    @Test(
        "a rotation stopped after any step leaves a store that opens and reads everything; the next rotation finishes",
        arguments: ["added", "system-values", "data-keys-1", "data-keys-2", "destroyed"])
    func crashes(at point: String) async throws {
        let fixture = Fixture(folder: try TemporaryFolder("keyward-rotate-crash"))
        defer { fixture.folder.remove() }
        let engine = try await fixture.open()
        let (values, key) = try await Self.fill(engine)
        do {
            _ = try await engine.keyringRotation.rotate(by: .system) { reached in if reached == point { throw Thrown() } }
            Issue.record("the rotation did not stop at \(point)")
        } catch is Thrown {}
        try await engine.store.close()

        let reopened = try await fixture.open()
        try await Self.expectReadable(reopened, values, key: key)
        // The stored keyring holds every KEK a stored blob names.
        #expect(try await Self.keyIDs(reopened).isSubset(of: Set(reopened.vault.keyring.keyIDs)), "\(point)")
        let finished = try await reopened.keyringRotation.rotate(by: .system)
        #expect(reopened.vault.keyring.keyIDs == [finished.toKeyID])
        #expect(try await Self.keyIDs(reopened) == [finished.toKeyID])
        try await Self.expectReadable(reopened, values, key: key)
        try await reopened.store.close()
    }

    @Test("reads and writes beside a rotation all succeed, and every version written meanwhile is readable afterwards")
    func concurrent() async throws {
        let fixture = Fixture(folder: try TemporaryFolder("keyward-rotate-race"))
        defer { fixture.folder.remove() }
        let engine = try await fixture.open()
        let (values, key) = try await Self.fill(engine)
        let written = try await withThrowingTaskGroup(of: [String: [UInt8]].self) { group in
            group.addTask {
                _ = try await engine.keyringRotation.rotate(by: .system)
                return [:]
            }
            for reader in 0..<8 {
                group.addTask {
                    for round in 0..<40 {
                        let path = try SecretPath(parsing: "app/secret\((reader * 7 + round) % 50)")
                        _ = try await engine.secrets.read(path, version: nil, by: .system)
                    }
                    return [:]
                }
            }
            group.addTask {
                var written: [String: [UInt8]] = [:]
                for round in 0..<40 {
                    let value = Array("during \(round)".utf8)
                    let record = try await engine.secrets.set(
                        try SecretPath(parsing: "during/w\(round % 5)"), value: value, rotateEvery: nil, by: .system)
                    written["during/w\(round % 5)#\(record.currentVersion)"] = value
                }
                return written
            }
            return try await group.reduce(into: [String: [UInt8]]()) { $0.merge($1) { new, _ in new } }
        }
        #expect(written.count == 40)
        #expect(engine.vault.keyring.keyIDs == [2])
        try await Self.expectReadable(engine, values.merging(written) { new, _ in new }, key: key)
        // A second rotation while one runs is refused.
        async let first = engine.keyringRotation.rotate(by: .system)
        async let second = engine.keyringRotation.rotate(by: .system)
        let outcomes = [try? await first, try? await second]
        #expect(outcomes.compactMap { $0 }.count >= 1)
        try await engine.store.close()
    }
}
