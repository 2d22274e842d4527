import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Testing

/// Two engines on one PostgreSQL database stand for two nodes with one master
/// key: a keyring rotated on one must not leave the other sealing values
/// under a KEK that no longer exists, nor failing to open rewrapped ones.
@Suite(
    "A keyring rotated on one PostgreSQL node", .needsPostgres,
    .timeLimit(.minutes(3)))
struct SharedKeyringTests {
    @Test("the other node seals with the new keyring and opens what was rewrapped; each reads what the other wrote")
    func rotationSeenByTheOtherNode() async throws {
        let url = try await ThrowawayPostgres.shared.newDatabase()
        let masterKey = MasterKey.generate()
        let folder = try TemporaryFolder("keyward-shared-keyring")
        defer { folder.remove() }
        func node() async throws -> Engine {
            let store = try await PostgresStore.open(url: url, poolSize: 2)
            let source = MasterKeySource(environmentValue: masterKey.base64, keyFile: folder.file("unused.key"))
            return try await Engine.open(store: store, masterKeySource: source, logger: Logger(label: "test")).engine
        }
        let a = try await node()
        let b = try await node()
        let before = try SecretPath(parsing: "app/before")
        let after = try SecretPath(parsing: "app/after")
        _ = try await a.secrets.set(before, value: Array("written before".utf8), rotateEvery: nil, by: .system)
        #expect(try await b.secrets.read(before, version: nil, by: .system).value == Array("written before".utf8))

        let rotation = try await a.keyringRotation.rotate(by: .system)
        #expect(rotation.fromKeyIDs != [rotation.toKeyID])
        // B writes at once, before it may have heard of the rotation: it seals with the keyring as stored.
        _ = try await b.secrets.set(after, value: Array("written after".utf8), rotateEvery: nil, by: .system)
        #expect(try await a.secrets.read(after, version: nil, by: .system).value == Array("written after".utf8), "A opens what B sealed")
        #expect(try await b.secrets.read(before, version: nil, by: .system).value == Array("written before".utf8), "B opens what was rewrapped")
        #expect(try await a.audit.verify().isIntact)
        try await a.shutdown()
        try await b.shutdown()
    }
}
