import Foundation
import KeywardCore
import KeywardStore
import KeywardVault

/// The vault's operations (SPEC §5, §8, §11). Every version is sealed under
/// its own data key (`SecretSealer`) with its fingerprint beside it; every
/// write, delete and read of a value is audited with the path and version,
/// never the value. Who may touch which path is the caller's check
/// (`SecretAccess`), made before these are called.
public struct SecretService: Sendable {
    let store: any Store
    let audit: AuditLog
    let vault: VaultKeys
    let time: EngineClock

    /// A value read from the vault, with the version it came from.
    public struct Read: Sendable {
        public var version: SecretVersion
        public var value: [UInt8]
    }

    /// Stores `value` as the next version of `path`. `rotateEvery` nil keeps
    /// the setting, `.some(nil)` clears it. Audited as `secret.write`.
    public func set(_ path: SecretPath, value: [UInt8], rotateEvery: DurationText??, by context: AuditContext) async throws -> SecretRecord {
        guard value.count <= SecretLimits.maximumValueBytes else {
            throw KeywardError(.valueTooLarge, "a secret value is at most \(SecretLimits.maximumValueBytes) bytes (64 KiB)", field: "value")
        }
        let vault = self.vault
        let fingerprint = vault.fingerprinter.fingerprint(value)
        let now = time.now
        let version = try await audit.record { writer in
            // The keyring is read inside the write: writes are serialised (on every
            // node), so a keyring rotation's last check sees every version sealed under an old KEK.
            let keyring = try await vault.keyringAsStored(in: writer)
            let version = try await writer.putSecretVersion(path: path, rotateEvery: rotateEvery, at: now, by: context.actor.id) { number in
                let sealed = try SecretSealer.seal(value, path: path, version: number, keyring: keyring)
                return SealedValue(ciphertext: sealed.ciphertext, wrappedDataKey: sealed.wrappedDataKey, fingerprint: fingerprint)
            }
            var details: [String: JSONValue] = ["path": .string(path.rawValue), "version": .number(Double(version.version))]
            if let rotateEvery { details["rotateEvery"] = rotateEvery.map { .string($0.text) } ?? .null }
            return (version, [context.draft("secret.write", target: path.rawValue, at: now, details: details)])
        }
        guard let record = try await store.secret(path: path) else {
            // Deleted between the write and this read: answer with what was written.
            return SecretRecord(path: path, currentVersion: version.version, createdAt: now, updatedAt: now)
        }
        return record
    }

    /// The value of `path` at `version` (the current one when nil), opened
    /// with the keyring. The read is audited before the value is handed out;
    /// a value that does not decrypt is audited as `failed` and is a
    /// `DECRYPTION_FAILED` naming the path and version.
    public func read(_ path: SecretPath, version: Int?, by context: AuditContext) async throws -> Read {
        guard let stored = try await store.secretVersion(path: path, version: version) else {
            if let version, try await store.secret(path: path) != nil {
                throw KeywardError(.notFound, "the secret \(path) has no version \(version) (the newest \(SecretLimits.maximumVersions) are kept)")
            }
            throw Self.noSecret(path)
        }
        let now = time.now
        let details: [String: JSONValue] = ["path": .string(path.rawValue), "version": .number(Double(stored.version))]
        let value: [UInt8]
        do {
            value = try await vault.opening(from: store) { keyring in
                try SecretSealer.open(
                    SealedSecret(ciphertext: stored.ciphertext, wrappedDataKey: stored.wrappedDataKey), path: path, version: stored.version,
                    keyring: keyring)
            }
        } catch {
            var failed = context.draft("secret.read", target: path.rawValue, at: now, details: details)
            failed.outcome = .failed
            try? await audit.append([failed])
            throw error
        }
        try await audit.append([context.draft("secret.read", target: path.rawValue, at: now, details: details)])
        return Read(version: stored, value: value)
    }

    /// The secret's record (no value), or `NOT_FOUND`.
    public func get(_ path: SecretPath) async throws -> SecretRecord {
        guard let record = try await store.secret(path: path) else { throw Self.noSecret(path) }
        return record
    }

    /// Secrets whose path starts with `prefix`, in path order (records, no values).
    public func list(prefix: String, _ page: PageRequest) async throws -> Page<SecretRecord> {
        try await store.listSecrets(prefix: prefix, page)
    }

    /// The kept versions of `path`, newest first (when and by whom, no values).
    public func history(_ path: SecretPath) async throws -> [SecretVersion] {
        let versions = try await store.secretVersions(path: path)
        guard !versions.isEmpty else { throw Self.noSecret(path) }
        return versions
    }

    /// Deletes the secret and every version of it. Audited as `secret.delete`.
    public func delete(_ path: SecretPath, by context: AuditContext) async throws {
        let now = time.now
        let deleted = try await audit.record { writer in
            guard let record = try await writer.deleteSecret(path: path) else { return (false, []) }
            let details: [String: JSONValue] = ["path": .string(path.rawValue), "versions": .number(Double(record.currentVersion))]
            return (true, [context.draft("secret.delete", target: path.rawValue, at: now, details: details)])
        }
        guard deleted else { throw Self.noSecret(path) }
    }

    /// Secrets past their `rotateEvery` at `now` (the hygiene report's `overdueSecrets`).
    public func overdue(limit: Int = 1000) async throws -> [SecretRecord] {
        try await store.secretsDueForRotation(at: time.now, limit: limit)
    }

    static func noSecret(_ path: SecretPath) -> KeywardError {
        KeywardError(.notFound, "there is no secret at \(path)")
    }
}
