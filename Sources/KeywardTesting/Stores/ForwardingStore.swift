import Foundation
import KeywardCore
import KeywardStore

/// A store that forwards every call to a real one; tests subclass it to count
/// or to fail particular calls (`CountingStore`, `FailingStore`).
open class ForwardingStore: Store, @unchecked Sendable {
    public let base: any Store

    public init(_ base: any Store) { self.base = base }

    open var changes: StoreChangeFeed { base.changes }
    open func unitOfWork<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await base.unitOfWork(body)
    }
    open func close() async throws { try await base.close() }

    open func isEmpty() async throws -> Bool { try await base.isEmpty() }
    open func systemValue(_ name: String) async throws -> [UInt8]? { try await base.systemValue(name) }
    open func keyspace(idOrName: String) async throws -> Keyspace? { try await base.keyspace(idOrName: idOrName) }
    open func listKeyspaces(_ page: PageRequest) async throws -> Page<Keyspace> { try await base.listKeyspaces(page) }
    open func key(id: String) async throws -> KeyRecord? { try await base.key(id: id) }
    open func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? { try await base.verifiableKey(hash: hash) }
    open func listKeys(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord> { try await base.listKeys(filter, page) }
    open func keyHashes(after: KeyHash?, limit: Int) async throws -> [KeyHash] { try await base.keyHashes(after: after, limit: limit) }
    open func secret(path: SecretPath) async throws -> SecretRecord? { try await base.secret(path: path) }
    open func secretVersion(path: SecretPath, version: Int?) async throws -> SecretVersion? {
        try await base.secretVersion(path: path, version: version)
    }
    open func listSecrets(prefix: String, _ page: PageRequest) async throws -> Page<SecretRecord> { try await base.listSecrets(prefix: prefix, page) }
    open func secretVersions(path: SecretPath) async throws -> [SecretVersion] { try await base.secretVersions(path: path) }
    open func putSecretVersion(
        path: SecretPath, rotateEvery: DurationText??, at time: Date, by actor: String, seal: @Sendable (Int) throws -> SealedValue
    ) async throws -> SecretVersion {
        try await base.putSecretVersion(path: path, rotateEvery: rotateEvery, at: time, by: actor, seal: seal)
    }
    open func deleteSecret(path: SecretPath) async throws -> SecretRecord? { try await base.deleteSecret(path: path) }
    open func rewrapSystemValue(_ name: String, _ rewrap: @Sendable ([UInt8]) throws -> [UInt8]?) async throws -> Bool {
        try await base.rewrapSystemValue(name, rewrap)
    }
    open func rewrapSecretVersions(after position: SecretVersionPosition?, limit: Int, _ rewrap: @Sendable (SecretVersion) throws -> [UInt8]?)
        async throws -> (rewrapped: Int, next: SecretVersionPosition?)
    {
        try await base.rewrapSecretVersions(after: position, limit: limit, rewrap)
    }
    open func secretsDueForRotation(at time: Date, limit: Int) async throws -> [SecretRecord] {
        try await base.secretsDueForRotation(at: time, limit: limit)
    }
    open func secretVersions(fingerprint: [UInt8]) async throws -> [SecretVersion] { try await base.secretVersions(fingerprint: fingerprint) }
    open func markSecretCompromised(path: SecretPath, at time: Date, source: String) async throws -> SecretRecord? {
        try await base.markSecretCompromised(path: path, at: time, source: source)
    }
    open func token(id: String) async throws -> TokenRecord? { try await base.token(id: id) }
    open func token(hash: KeyHash) async throws -> TokenRecord? { try await base.token(hash: hash) }
    open func listTokens(_ page: PageRequest) async throws -> Page<TokenRecord> { try await base.listTokens(page) }
    open func user(idOrName: String) async throws -> UserRecord? { try await base.user(idOrName: idOrName) }
    open func listUsers(_ page: PageRequest) async throws -> Page<UserRecord> { try await base.listUsers(page) }
    open func insertUser(_ user: UserRecord) async throws { try await base.insertUser(user) }
    open func beginTOTP(userID: String, sealedSecret: [UInt8], at time: Date) async throws -> Bool {
        try await base.beginTOTP(userID: userID, sealedSecret: sealedSecret, at: time)
    }
    open func confirmTOTP(userID: String, step: Int64, recoveryHashes: [KeyHash], at time: Date) async throws -> Bool {
        try await base.confirmTOTP(userID: userID, step: step, recoveryHashes: recoveryHashes, at: time)
    }
    open func acceptTOTPStep(userID: String, step: Int64) async throws -> Bool { try await base.acceptTOTPStep(userID: userID, step: step) }
    open func markSessionMFA(tokenID: String, at time: Date) async throws -> Bool { try await base.markSessionMFA(tokenID: tokenID, at: time) }
    open func useRecoveryCode(userID: String, hash: KeyHash, at time: Date) async throws -> Bool {
        try await base.useRecoveryCode(userID: userID, hash: hash, at: time)
    }
    open func rewrapTOTPSecrets(_ rewrap: @Sendable (UserRecord, [UInt8]) throws -> [UInt8]?) async throws -> Int {
        try await base.rewrapTOTPSecrets(rewrap)
    }
    open func updateUser(id: String, _ changes: UserChanges, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord]) {
        try await base.updateUser(id: id, changes, at: time)
    }
    open func deleteUser(id: String, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord])? {
        try await base.deleteUser(id: id, at: time)
    }
    open func tokenCount() async throws -> Int { try await base.tokenCount() }
    open func auditHead() async throws -> AuditEntry? { try await base.auditHead() }
    open func auditEntry(seq: Int64) async throws -> AuditEntry? { try await base.auditEntry(seq: seq) }
    open func listAuditEntries(_ filter: AuditFilter, _ page: PageRequest) async throws -> Page<AuditEntry> {
        try await base.listAuditEntries(filter, page)
    }
    open func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry] { try await base.auditEntries(after: seq, limit: limit) }

    open func insertSystemValueIfAbsent(_ name: String, _ value: [UInt8]) async throws -> [UInt8] {
        try await base.insertSystemValueIfAbsent(name, value)
    }
    open func setSystemValue(_ name: String, _ value: [UInt8]) async throws { try await base.setSystemValue(name, value) }
    open func insertKeyspace(_ keyspace: Keyspace) async throws { try await base.insertKeyspace(keyspace) }
    open func updateKeyspace(id: String, _ changes: KeyspaceChanges, at time: Date) async throws -> Keyspace {
        try await base.updateKeyspace(id: id, changes, at: time)
    }
    open func deleteKeyspace(id: String) async throws -> Bool { try await base.deleteKeyspace(id: id) }
    open func insertKey(_ key: KeyRecord) async throws { try await base.insertKey(key) }
    open func updateKey(id: String, _ changes: KeyChanges, at time: Date) async throws -> KeyRecord {
        try await base.updateKey(id: id, changes, at: time)
    }
    open func revokeKey(id: String, at time: Date, reason: String?) async throws -> Revocation<KeyRecord>? {
        try await base.revokeKey(id: id, at: time, reason: reason)
    }
    open func rotateKey(id: String, at time: Date, graceUntil: Date, successor: @Sendable (KeyRecord) throws -> KeyRecord) async throws
        -> KeyRotation?
    {
        try await base.rotateKey(id: id, at: time, graceUntil: graceUntil, successor: successor)
    }
    open func deleteKey(id: String) async throws -> KeyRecord? { try await base.deleteKey(id: id) }
    open func recordLastUsed(_ times: [String: Date]) async throws { try await base.recordLastUsed(times) }
    open func reserveQuota(budgetID: String, wanted: Int64, atLeast: Int64, at time: Date) async throws -> QuotaGrant? {
        try await base.reserveQuota(budgetID: budgetID, wanted: wanted, atLeast: atLeast, at: time)
    }
    open var isShared: Bool { base.isShared }
    open func chargeRateWindows(_ charges: [RateWindowCharge]) async throws -> [Int64]? { try await base.chargeRateWindows(charges) }
    open func releaseQuota(budgetID: String, units: Int64, generation: Int64, periodEnd: Date?) async throws {
        try await base.releaseQuota(budgetID: budgetID, units: units, generation: generation, periodEnd: periodEnd)
    }
    open func insertToken(_ token: TokenRecord) async throws { try await base.insertToken(token) }
    open func insertFirstToken(_ token: TokenRecord) async throws -> Bool { try await base.insertFirstToken(token) }
    open func revokeToken(id: String, at time: Date, keepingAnAdmin: Bool) async throws -> [TokenRecord]? {
        try await base.revokeToken(id: id, at: time, keepingAnAdmin: keepingAnAdmin)
    }
    open func appendAudit(_ drafts: [AuditDraft], chain: AuditChain) async throws -> [AuditEntry] {
        try await base.appendAudit(drafts, chain: chain)
    }
    open func compromisedSecrets(limit: Int) async throws -> [SecretRecord] { try await base.compromisedSecrets(limit: limit) }
    open func usageCounts(_ subject: UsageSubject, _ query: UsageQuery) async throws -> [UsageCount] {
        try await base.usageCounts(subject, query)
    }
    open func alert(id: String) async throws -> Alert? { try await base.alert(id: id) }
    open func listAlerts(_ filter: AlertFilter, _ page: PageRequest) async throws -> Page<Alert> { try await base.listAlerts(filter, page) }
    open func addUsage(_ counts: [UsageCount]) async throws { try await base.addUsage(counts) }
    open func compactUsage(rollUpBefore: Int64, deleteBefore: Int64) async throws -> Int {
        try await base.compactUsage(rollUpBefore: rollUpBefore, deleteBefore: deleteBefore)
    }
    open func noteKeyNetworks(_ sightings: [KeyNetworkSighting], historySince: Date) async throws -> [KeyNetworkSighting] {
        try await base.noteKeyNetworks(sightings, historySince: historySince)
    }
    open func raiseAlert(_ signal: AlertSignal, newID: String) async throws -> AlertChange { try await base.raiseAlert(signal, newID: newID) }
    open func acknowledgeAlert(id: String, at time: Date, by actor: String) async throws -> AlertChange? {
        try await base.acknowledgeAlert(id: id, at: time, by: actor)
    }
    open func webhooks() async throws -> [StoredWebhook] { try await base.webhooks() }
    open func webhook(id: String) async throws -> StoredWebhook? { try await base.webhook(id: id) }
    open func webhookDeliveries(webhookID: String, _ page: PageRequest) async throws -> Page<WebhookDelivery> {
        try await base.webhookDeliveries(webhookID: webhookID, page)
    }
    open func insertWebhook(_ webhook: StoredWebhook, maximumCount: Int) async throws -> Bool {
        try await base.insertWebhook(webhook, maximumCount: maximumCount)
    }
    open func deleteWebhook(id: String) async throws -> StoredWebhook? { try await base.deleteWebhook(id: id) }
    open func recordWebhookDeliveries(_ attempts: [WebhookDelivery]) async throws { try await base.recordWebhookDeliveries(attempts) }
    open func rewrapWebhookSecrets(_ rewrap: @Sendable (StoredWebhook) throws -> [UInt8]?) async throws -> Int {
        try await base.rewrapWebhookSecrets(rewrap)
    }
}
