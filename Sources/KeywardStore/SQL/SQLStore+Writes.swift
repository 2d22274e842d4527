import Foundation
import KeywardCore

/// Each write of the store is one transaction around the same write of `SQLWriter`.
extension SQLStore {
    public func insertSystemValueIfAbsent(_ name: String, _ value: [UInt8]) async throws -> [UInt8] {
        try await transaction { try await $0.insertSystemValueIfAbsent(name, value) }
    }

    public func setSystemValue(_ name: String, _ value: [UInt8]) async throws {
        try await transaction { try await $0.setSystemValue(name, value) }
    }

    public func rewrapSystemValue(_ name: String, _ rewrap: @Sendable ([UInt8]) throws -> [UInt8]?) async throws -> Bool {
        try await transaction { try await $0.rewrapSystemValue(name, rewrap) }
    }

    public func rewrapSecretVersions(after position: SecretVersionPosition?, limit: Int, _ rewrap: @Sendable (SecretVersion) throws -> [UInt8]?)
        async throws -> (rewrapped: Int, next: SecretVersionPosition?)
    {
        try await transaction { try await $0.rewrapSecretVersions(after: position, limit: limit, rewrap) }
    }

    public func insertKeyspace(_ keyspace: Keyspace) async throws {
        try await transaction { try await $0.insertKeyspace(keyspace) }
    }

    public func updateKeyspace(id: String, _ changes: KeyspaceChanges, at time: Date) async throws -> Keyspace {
        try await transaction { try await $0.updateKeyspace(id: id, changes, at: time) }
    }

    public func deleteKeyspace(id: String) async throws -> Bool {
        try await transaction { try await $0.deleteKeyspace(id: id) }
    }

    public func insertKey(_ key: KeyRecord) async throws {
        try await transaction { try await $0.insertKey(key) }
    }

    public func updateKey(id: String, _ changes: KeyChanges, at time: Date) async throws -> KeyRecord {
        try await transaction { try await $0.updateKey(id: id, changes, at: time) }
    }

    public func revokeKey(id: String, at time: Date, reason: String?) async throws -> Revocation<KeyRecord>? {
        try await transaction { try await $0.revokeKey(id: id, at: time, reason: reason) }
    }

    public func rotateKey(id: String, at time: Date, graceUntil: Date, successor: @Sendable (KeyRecord) throws -> KeyRecord) async throws
        -> KeyRotation?
    {
        try await transaction { try await $0.rotateKey(id: id, at: time, graceUntil: graceUntil, successor: successor) }
    }

    public func deleteKey(id: String) async throws -> KeyRecord? {
        try await transaction { try await $0.deleteKey(id: id) }
    }

    public func recordLastUsed(_ times: [String: Date]) async throws {
        guard !times.isEmpty else { return }
        try await transaction { try await $0.recordLastUsed(times) }
    }

    public func reserveQuota(budgetID: String, wanted: Int64, atLeast: Int64, at time: Date) async throws -> QuotaGrant? {
        try await transaction { try await $0.reserveQuota(budgetID: budgetID, wanted: wanted, atLeast: atLeast, at: time) }
    }

    public func chargeRateWindows(_ charges: [RateWindowCharge]) async throws -> [Int64]? {
        guard !charges.isEmpty else { return [] }
        do {
            // Counts change no record a cache holds: nothing to announce.
            return try await database.counterTransaction { statements in
                try await SQLWriter(statements: statements, changes: ChangeCollector(), auditHead: nil).chargeRateWindows(charges)
            }
        } catch is RateWindowRefused {
            return nil
        } catch let failure as SQLFailure {
            throw failure.storeError("a write to the store failed")
        }
    }

    public func releaseQuota(budgetID: String, units: Int64, generation: Int64, periodEnd: Date?) async throws {
        try await transaction { try await $0.releaseQuota(budgetID: budgetID, units: units, generation: generation, periodEnd: periodEnd) }
    }

    public func putSecretVersion(
        path: SecretPath, rotateEvery: DurationText??, at time: Date, by actor: String, seal: @Sendable (Int) throws -> SealedValue
    ) async throws -> SecretVersion {
        try await transaction { try await $0.putSecretVersion(path: path, rotateEvery: rotateEvery, at: time, by: actor, seal: seal) }
    }

    public func deleteSecret(path: SecretPath) async throws -> SecretRecord? {
        try await transaction { try await $0.deleteSecret(path: path) }
    }

    public func markSecretCompromised(path: SecretPath, at time: Date, source: String) async throws -> SecretRecord? {
        try await transaction { try await $0.markSecretCompromised(path: path, at: time, source: source) }
    }

    public func insertToken(_ token: TokenRecord) async throws {
        try await transaction { try await $0.insertToken(token) }
    }

    public func insertFirstToken(_ token: TokenRecord) async throws -> Bool {
        try await transaction { try await $0.insertFirstToken(token) }
    }

    public func revokeToken(id: String, at time: Date, keepingAnAdmin: Bool) async throws -> [TokenRecord]? {
        try await transaction { try await $0.revokeToken(id: id, at: time, keepingAnAdmin: keepingAnAdmin) }
    }

    public func appendAudit(_ drafts: [AuditDraft], chain: AuditChain) async throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        return try await transaction { try await $0.appendAudit(drafts, chain: chain) }
    }
}
