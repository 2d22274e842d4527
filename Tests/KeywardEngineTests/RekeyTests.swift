import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Testing

@Suite("Rekey", .serialized)
struct RekeyTests {
    struct Thrown: Error {}

    /// An engine on `folder/keyward.db` whose master key is the file `key`.
    static func open(_ folder: TemporaryFolder, key: String = "keyward.key") async throws -> Engine {
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        do {
            let source = MasterKeySource(environmentValue: nil, keyFile: folder.file(key))
            return try await Engine.open(store: store, masterKeySource: source, logger: Logger(label: "test")).engine
        } catch {
            throw error
        }
    }

    /// Secrets and a key, for reading back.
    static func fill(_ engine: Engine) async throws -> String {
        for index in 0..<5 {
            _ = try await engine.secrets.set(
                try SecretPath(parsing: "app/s\(index)"), value: Array("rekey-\(index)".utf8), rotateEvery: nil, by: .system)
        }
        _ = try await engine.keyspaces.create(name: "ks", KeyspaceChanges(), by: .system)
        return try await engine.keys.create(in: "ks", KeyChanges(), by: .system).key.secret
    }

    static func expectReadable(_ engine: Engine, key: String) async throws {
        for index in 0..<5 {
            let read = try await engine.secrets.read(try SecretPath(parsing: "app/s\(index)"), version: nil, by: .system)
            #expect(read.value == Array("rekey-\(index)".utf8))
        }
        #expect(try await engine.verifier.verify(VerificationRequest(key: key)).code == .valid)
        #expect(try await engine.audit.verify().isIntact)
    }

    /// Opening fails with MASTER_KEY.
    static func expectRefused(_ folder: TemporaryFolder, key: String) async throws {
        do {
            let engine = try await open(folder, key: key)
            try await engine.store.close()
            Issue.record("the store opened with \(key)")
        } catch let error as KeywardError {
            #expect(error.code == .masterKey || error.code == .decryptionFailed, "\(error)")
        }
    }

    @Test("a rekey seals the keyring under a new key, made with mode 0600, and puts it in the server's key file; the old key opens nothing")
    func rekeys() async throws {
        let folder = try TemporaryFolder("keyward-rekey")
        defer { folder.remove() }
        let engine = try await Self.open(folder)
        let key = try await Self.fill(engine)
        let oldKey = try String(contentsOfFile: folder.file("keyward.key"), encoding: .utf8)
        let result = try await engine.rekey.rekey(newKeyFile: folder.file("new.key"), by: .system)
        #expect(result.createdKeyFile)
        #expect(result.replacedKeyFile == folder.file("keyward.key"))
        let newKey = try String(contentsOfFile: folder.file("new.key"), encoding: .utf8)
        // Compared as Bools, so that a failure never prints a key.
        let changed = newKey != oldKey
        let replaced = try String(contentsOfFile: folder.file("keyward.key"), encoding: .utf8) == newKey
        #expect(changed, "the new key is the old one")
        #expect(replaced, "the key file does not hold the new key")
        let mode = try FileManager.default.attributesOfItem(atPath: folder.file("new.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try await Self.expectReadable(engine, key: key)
        #expect(try await engine.audit.list(AuditFilter(action: "keyring.rekey"), PageRequest()).items.count == 1)
        // The same key again is refused; the file in use is refused.
        await #expect(throws: KeywardError.self) { _ = try await engine.rekey.rekey(newKeyFile: folder.file("new.key"), by: .system) }
        await #expect(throws: KeywardError.self) { _ = try await engine.rekey.rekey(newKeyFile: folder.file("keyward.key"), by: .system) }
        try await engine.store.close()

        let reopened = try await Self.open(folder)
        try await Self.expectReadable(reopened, key: key)
        try await reopened.store.close()
        try oldKey.write(toFile: folder.file("old.key"), atomically: true, encoding: .utf8)
        chmod(folder.file("old.key"), 0o600)
        try await Self.expectRefused(folder, key: "old.key")
    }

    @Test("stopped before the write, the old key opens the store; after it, the new key file does; never neither")
    func crashes() async throws {
        for point in ["loaded", "stored", "replaced"] {
            let folder = try TemporaryFolder("keyward-rekey-crash")
            defer { folder.remove() }
            let engine = try await Self.open(folder)
            let key = try await Self.fill(engine)
            do {
                _ = try await engine.rekey.rekey(newKeyFile: folder.file("new.key"), by: .system) { if $0 == point { throw Thrown() } }
                Issue.record("the rekey did not stop at \(point)")
            } catch is Thrown {}
            try await engine.store.close()
            switch point {
            case "loaded":
                let reopened = try await Self.open(folder)
                try await Self.expectReadable(reopened, key: key)
                try await reopened.store.close()
            case "stored":
                // The configured file still holds the old key, which no longer opens the store; the new file does.
                try await Self.expectRefused(folder, key: "keyward.key")
                let reopened = try await Self.open(folder, key: "new.key")
                try await Self.expectReadable(reopened, key: key)
                try await reopened.store.close()
            default:
                let reopened = try await Self.open(folder)
                try await Self.expectReadable(reopened, key: key)
                try await reopened.store.close()
            }
        }
    }

    @Test("a rekey and a rotation never run together")
    func exclusive() async throws {
        let folder = try TemporaryFolder("keyward-rekey-rotate")
        defer { folder.remove() }
        let engine = try await Self.open(folder)
        let key = try await Self.fill(engine)
        async let rotated = try? engine.keyringRotation.rotate(by: .system)
        async let rekeyed = try? engine.rekey.rekey(newKeyFile: folder.file("new.key"), by: .system)
        let done = (await rotated != nil ? 1 : 0) + (await rekeyed != nil ? 1 : 0)
        #expect(done >= 1)
        try await Self.expectReadable(engine, key: key)
        try await engine.store.close()
        let reopened = try await Self.open(folder)
        try await Self.expectReadable(reopened, key: key)
        try await reopened.store.close()
    }
}
