import Foundation
import KeywardCore
import KeywardStore
import KeywardVault

/// `POST /v1/sys/rekey` (SPEC §8): the keyring sealed again under a new master
/// key, in one write, with its `keyring.rekey` entry.
///
/// Never neither key: until that write commits, the old master key opens the
/// store; from then on the new one does, and it is already in its file. When
/// the server's key came from a key file, that file is then replaced by the new
/// key in one rename, so the next start needs no new flag. A crash between the
/// write and the rename leaves the new key in the new file: start once with
/// `--master-key-file NEW`.
public final class Rekey: Sendable {
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

    public struct Result: Sendable {
        /// The file that holds the new master key.
        public var newKeyFile: String
        /// Whether this rekey made that file (a new random key).
        public var createdKeyFile: Bool
        /// The configured key file, now holding the new key; nil when the key
        /// came from `KEYWARD_MASTER_KEY` (which the operator must change).
        public var replacedKeyFile: String?
    }

    /// Rekeys under the key in `newKeyFile` (made when missing). `faultPoint`
    /// is called with `loaded`, `stored` and `replaced`; a test throws from it
    /// to stop there, as a crash would.
    public func rekey(newKeyFile: String, by context: AuditContext, faultPoint: @Sendable (String) throws -> Void = { _ in }) async throws
        -> Result
    {
        try await vault.changingKeyring("the rekey") {
            let path = (newKeyFile as NSString).standardizingPath
            let source = vault.masterKeySource
            let configured = (source.keyFile as NSString).standardizingPath
            guard source.usesEnvironment || path != configured else {
                throw KeywardError(
                    .invalidField, "the new master key file must not be the key file in use (\(configured))", field: "newMasterKeyFile")
            }
            let (newKey, created) = try MasterKeySource.loadOrCreate(path: path)
            guard !constantTimeEquals(Array(newKey.base64.utf8), Array(vault.masterKey.base64.utf8)) else {
                throw KeywardError(.conflict, "\(path) holds the master key in use; a rekey needs a new one")
            }
            try faultPoint("loaded")
            let sealed = try vault.keyring.sealed(under: newKey)
            let now = time.now
            try await audit.record { writer in
                try await writer.setSystemValue(KeyHierarchy.keyringName, sealed)
                let details: [String: JSONValue] = ["newMasterKeyFile": .string(path), "created": .bool(created)]
                return ((), [context.draft("keyring.rekey", target: "keyring", at: now, details: details)])
            }
            vault.replace(masterKey: newKey)
            try faultPoint("stored")
            var replaced: String?
            if !source.usesEnvironment {
                try KeyFile.replace(path: configured, contents: newKey.base64 + "\n")
                replaced = configured
            }
            try faultPoint("replaced")
            return Result(newKeyFile: path, createdKeyFile: created, replacedKeyFile: replaced)
        }
    }
}
