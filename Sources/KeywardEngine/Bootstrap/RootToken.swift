import Foundation
import KeywardCore
import KeywardStore
import KeywardVault

/// The root management token (scope `admin`): made on the first start of an
/// empty store, or again by `keyward root-token` when an operator with the store
/// and its master key has lost every admin token.
///
/// The token is written to its file (mode 0600) before it is stored, so a
/// failed write leaves no admin token that nobody has. A token file that
/// already exists belongs to another store (a second database, a test run) and
/// is never overwritten on first start; the new token goes beside it instead.
public enum RootToken {
    public struct Created: Sendable {
        public var token: APIKey
        public var record: TokenRecord
        /// The file the token was written to.
        public var file: String
        /// Whether `file` is not the token file because that one already existed.
        public var besideExistingFile: Bool
    }

    /// The first start's root token, or nil when the store has tokens already
    /// (or another server starting beside this one made it first).
    public static func createIfNeeded(engine: Engine, tokenFile: String) async throws -> Created? {
        guard try await engine.store.tokenCount() == 0 else { return nil }
        let (token, record) = engine.tokens.make(
            scopes: [ManagementScope.admin], name: "root", expiresAt: nil, createdBy: "bootstrap", at: engine.now)
        let taken = FileManager.default.fileExists(atPath: tokenFile)
        let file = taken ? "\(tokenFile).\(record.id)" : tokenFile
        try KeyFile.writeNew(path: file, contents: token.secret + "\n")
        let inserted: Bool
        do {
            inserted = try await engine.audit.record { writer in
                guard try await writer.insertFirstToken(record) else { return (false, []) }
                let details = AuditDetails.token(record).merging(["root": .bool(true)]) { _, new in new }
                return (true, [AuditContext.system.draft("token.create", target: record.id, at: record.createdAt, details: details)])
            }
        } catch {
            unlink(file)
            throw error
        }
        guard inserted else {
            unlink(file)
            return nil
        }
        return Created(token: token, record: record, file: file, besideExistingFile: taken)
    }

    /// A new root token for an operator locked out (`keyward root-token`): it
    /// replaces the token file's contents.
    public static func recover(engine: Engine, tokenFile: String) async throws -> Created {
        let (token, record) = engine.tokens.make(
            scopes: [ManagementScope.admin], name: "root (recovered)", expiresAt: nil, createdBy: "root-token", at: engine.now)
        try KeyFile.writeNew(path: tokenFile, contents: token.secret + "\n", replacing: true)
        do {
            let details = AuditDetails.token(record).merging(["root": .bool(true), "recovered": .bool(true)]) { _, new in new }
            try await engine.audit.record { writer in
                try await writer.insertToken(record)
                return ((), [AuditContext.system.draft("token.create", target: record.id, at: record.createdAt, details: details)])
            }
        } catch {
            unlink(tokenFile)
            throw error
        }
        return Created(token: token, record: record, file: tokenFile, besideExistingFile: false)
    }
}
