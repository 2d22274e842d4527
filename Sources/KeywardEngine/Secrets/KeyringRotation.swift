import Foundation
import KeywardCore
import KeywardStore
import KeywardVault

/// `POST /v1/sys/keyring/rotate` (SPEC §8): a new KEK, everything the old ones
/// wrap rewrapped under it while reads and verifications go on, then the old
/// KEKs destroyed.
///
/// Crash-safe by one invariant: the stored keyring always holds every KEK that
/// any stored blob names. The steps, each committed on its own:
/// 1. the keyring with the new KEK added (and current) is stored, and used in memory;
/// 2. the pepper, the audit keys and the match key are rewrapped, in one write;
/// 3. the data keys of the vault's versions are rewrapped, `batchSize` to a write;
/// 4. in one write: every blob is checked again (a version sealed by a write that
///    began before step 1 is rewrapped now), the keyring without the old KEKs is
///    stored, and `keyring.rotate` is audited.
/// A crash (`kill -9`) between any two steps leaves a store that opens with the
/// keyring it holds; rotating again finishes the work.
public final class KeyringRotation: Sendable {
    let store: any Store
    let audit: AuditLog
    let vault: VaultKeys
    let time: EngineClock
    init(store: any Store, audit: AuditLog, vault: VaultKeys, time: EngineClock) {
        self.store = store
        self.audit = audit
        self.vault = vault
        self.time = time
    }

    /// Data keys rewrapped per write in step 3.
    public static let batchSize = 200

    /// What a rotation did.
    public struct Result: Sendable {
        public var fromKeyIDs: [UInt32]
        public var toKeyID: UInt32
        public var rewrappedValues: Int
        public var rewrappedDataKeys: Int
    }

    /// Runs a rotation. `faultPoint` is called after each step with its name
    /// (`added`, `system-values`, `data-keys-N`, `destroyed`); a test throws from
    /// it to stop the rotation there, as a crash would.
    public func rotate(by context: AuditContext, faultPoint: @Sendable (String) throws -> Void = { _ in }) async throws -> Result {
        try await vault.changingKeyring("the rotation") { try await run(by: context, faultPoint: faultPoint) }
    }

    private func run(by context: AuditContext, faultPoint: @Sendable (String) throws -> Void) async throws -> Result {
        // 1. The new KEK, stored beside the old ones before anything uses it.
        let before = vault.keyring
        var next = before
        let newID = next.addKey()
        let masterKey = vault.masterKey
        let sealedNext = try next.sealed(under: masterKey)
        try await store.setSystemValue(KeyHierarchy.keyringName, sealedNext)
        vault.replace(with: next)
        try faultPoint("added")

        // 2. The values of the key hierarchy.
        let keyring = next
        try await store.unitOfWork { writer in try await Self.rewrapHierarchy(writer, keyring: keyring) }
        let rewrappedValues = KeyHierarchy.wrappedValues.count
        try faultPoint("system-values")

        // 3. The vault's data keys, a batch to a write.
        var rewrappedDataKeys = 0
        var position: SecretVersionPosition?
        var batch = 0
        repeat {
            let step = try await store.rewrapSecretVersions(after: position, limit: Self.batchSize) { version in
                try Self.rewrapped(version, keyring: keyring)
            }
            rewrappedDataKeys += step.rewrapped
            position = step.next
            batch += 1
            try faultPoint("data-keys-\(batch)")
        } while position != nil

        // 4. The last check and the old KEKs' end, in one write.
        let rewrappedBefore = rewrappedDataKeys
        var final = next
        final.destroyOldKeys()
        let sealedFinal = try final.sealed(under: masterKey)
        let now = time.now
        let late = try await audit.record { writer -> (Int, [AuditDraft]) in
            var late = 0
            try await Self.rewrapHierarchy(writer, keyring: keyring)
            var position: SecretVersionPosition?
            repeat {
                let step = try await writer.rewrapSecretVersions(after: position, limit: 1000) { version in
                    try Self.rewrapped(version, keyring: keyring)
                }
                late += step.rewrapped
                position = step.next
            } while position != nil
            late += try await writer.rewrapWebhookSecrets { stored in
                try Self.rewrapped(stored.sealedSecret, context: WebhookService.secretContext(stored.webhook.id), keyring: keyring)
            }
            late += try await writer.rewrapTOTPSecrets { user, sealed in
                try Self.rewrapped(sealed, context: SecondFactor.secretContext(user.id), keyring: keyring)
            }
            try await writer.setSystemValue(KeyHierarchy.keyringName, sealedFinal)
            let details: [String: JSONValue] = [
                "from": .array(before.keyIDs.map { .number(Double($0)) }), "to": .number(Double(newID)),
                "dataKeys": .number(Double(rewrappedBefore + late)), "values": .number(Double(rewrappedValues)),
            ]
            return (late, [context.draft("keyring.rotate", target: "keyring", at: now, details: details)])
        }
        vault.replace(with: final)
        try faultPoint("destroyed")
        return Result(fromKeyIDs: before.keyIDs, toKeyID: newID, rewrappedValues: rewrappedValues, rewrappedDataKeys: rewrappedDataKeys + late)
    }

    /// The pepper, the audit keys and the match key, each rewrapped under the current KEK unless it already is.
    static func rewrapHierarchy(_ writer: any StoreWriter, keyring: Keyring) async throws {
        for (name, valueContext) in KeyHierarchy.wrappedValues {
            _ = try await writer.rewrapSystemValue(name) { blob in try rewrapped(blob, context: valueContext, keyring: keyring) }
        }
    }

    /// `blob` wrapped under the current KEK, or nil when it already is.
    static func rewrapped(_ blob: [UInt8], context: String, keyring: Keyring) throws(KeywardError) -> [UInt8]? {
        guard try SealedBlob.keyID(of: blob) != keyring.currentID else { return nil }
        return try keyring.wrap(try keyring.unwrap(blob, context: context), context: context)
    }

    /// The version's data key wrapped under the current KEK, or nil when it already is.
    static func rewrapped(_ version: SecretVersion, keyring: Keyring) throws(KeywardError) -> [UInt8]? {
        let sealed = SealedSecret(ciphertext: version.ciphertext, wrappedDataKey: version.wrappedDataKey)
        guard try sealed.keyEncryptionKeyID() != keyring.currentID else { return nil }
        return try SecretSealer.rewrap(sealed, path: version.path, version: version.version, keyring: keyring).wrappedDataKey
    }
}
