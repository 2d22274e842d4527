import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Testing

@Suite("Engine bootstrap")
struct KeyHierarchyRaceTests {
    @Test("two starts racing on one empty store agree on one keyring, one pepper and one audit key")
    func racingStarts() async throws {
        let folder = try TemporaryFolder("keyward-engine")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        let source = MasterKeySource(environmentValue: MasterKey.generate().base64, keyFile: folder.file("unused.key"))
        let logger = Logger(label: "test")
        async let first = Engine.open(store: store, masterKeySource: source, logger: logger)
        async let second = Engine.open(store: store, masterKeySource: source, logger: logger)
        let (a, b) = try await (first, second)
        let key = APIKey.generate(prefix: .defaultKeyspace)
        #expect(a.engine.hasher.hash(key) == b.engine.hasher.hash(key))
        #expect(a.engine.audit.publicKey == b.engine.audit.publicKey)
        // A later start reads the same hierarchy.
        let again = try await Engine.open(store: store, masterKeySource: source, logger: logger)
        #expect(again.engine.hasher.hash(key) == a.engine.hasher.hash(key))
        try await store.close()
    }
}
