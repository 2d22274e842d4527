import Crypto
import Foundation
import KeywardCore
import KeywardStore

/// The tamper-evident log of SPEC §9: how services write entries together
/// with their changes, and how the log is read, checked and checkpointed.
///
/// Failure policy (docs/threat-model.md): a management action whose entry
/// cannot be written fails with 503 `AUDIT_UNAVAILABLE` and changes nothing,
/// because the change and its entry are one unit of work. Verification never
/// waits for the log (see `AuditRecorder`).
public struct AuditLog: Sendable {
    let store: any Store
    let chain: AuditChain
    let signingKey: Curve25519.Signing.PrivateKey
    let time: EngineClock
    let metrics: EngineMetrics

    /// How many entries the chain check reads at a time.
    static let checkBatch = 2000

    /// Runs `body` in one unit of work and appends the entries it returns in
    /// the same unit: both commit, or neither does.
    func record<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> (T, [AuditDraft])) async throws -> T {
        let chain = self.chain
        do {
            let (result, appended) = try await store.unitOfWork { writer in
                let (result, drafts) = try await body(writer)
                if !drafts.isEmpty { _ = try await writer.appendAudit(drafts, chain: chain) }
                return (result, drafts.count)
            }
            metrics.auditAppended(appended)
            return result
        } catch let error as KeywardError where error.code == .storageFailure {
            throw Self.unavailable(error)
        }
    }

    /// Appends entries that describe no change of their own (failed
    /// verifications, refused calls, recovered tokens).
    func append(_ drafts: [AuditDraft]) async throws {
        guard !drafts.isEmpty else { return }
        do {
            _ = try await store.appendAudit(drafts, chain: chain)
            metrics.auditAppended(drafts.count)
        } catch let error as KeywardError where error.code == .storageFailure {
            throw Self.unavailable(error)
        }
    }

    static func unavailable(_ error: KeywardError) -> KeywardError {
        KeywardError(
            .auditUnavailable, "the audit log cannot be written (\(error.message)), so the action was not carried out; nothing was changed")
    }

    public func list(_ filter: AuditFilter, _ page: PageRequest) async throws -> Page<AuditEntry> {
        try await store.listAuditEntries(filter, page)
    }

    /// The key that verifies checkpoints (32 raw bytes).
    public var publicKey: [UInt8] { Array(signingKey.publicKey.rawRepresentation) }

    /// Signs the head of the log after appending an `audit.checkpoint` entry,
    /// so the checkpoint covers its own making.
    public func checkpoint(by context: AuditContext) async throws -> AuditCheckpoint {
        let now = time.now
        let chain = self.chain
        let entries = try await record { writer in
            (try await writer.appendAudit([context.draft("audit.checkpoint", target: nil, at: now)], chain: chain), [AuditDraft]())
        }
        metrics.auditAppended(entries.count)
        guard let last = entries.last else { throw KeywardError(.internalError, "the checkpoint entry was not written") }
        return try AuditCheckpoint.sign(seq: last.seq, hash: last.hash, digest: last.digest, time: now, key: signingKey)
    }

    /// Checks the whole log in one pass, in batches; against `checkpoint` (whose
    /// signature the caller checked) it also detects truncation and rewriting.
    public func verify(against checkpoint: AuditCheckpoint? = nil) async throws -> AuditVerification {
        try await Self.verify(reader: store, chain: chain, against: checkpoint)
    }

    /// The check over any reader: the server's store, or a copied database
    /// opened by `audit verify --from-file` (then without `chain`).
    public static func verify(reader: any AuditEntrySource, chain: AuditChain?, against checkpoint: AuditCheckpoint?) async throws
        -> AuditVerification
    {
        var check = AuditChainCheck(chain: chain)
        var atCheckpoint: (hash: [UInt8], digest: [UInt8])?
        var after: Int64 = 0
        reading: while true {
            let batch = try await reader.auditEntries(after: after, limit: checkBatch)
            for entry in batch {
                guard check.feed(entry) else { break reading }
                if entry.seq == checkpoint?.seq { atCheckpoint = (entry.hash, entry.digest) }
            }
            guard let last = batch.last, batch.count == checkBatch else { break }
            after = last.seq
        }
        check.finish(against: checkpoint, entryAtCheckpoint: atCheckpoint)
        return AuditVerification(checked: check.checked, headSeq: check.last.seq, headHash: check.last.hash, problem: check.problem)
    }
}

/// What a chain check found.
public struct AuditVerification: Sendable {
    public var checked: Int64
    public var headSeq: Int64
    public var headHash: [UInt8]
    /// The first break; nil when the log is intact.
    public var problem: AuditChainProblem?

    public var isIntact: Bool { problem == nil }
}

extension KeywardError.Code {
    /// The audit log cannot be written: the management action fails closed.
    public static let auditUnavailable = Self("AUDIT_UNAVAILABLE", .unavailable)
}
