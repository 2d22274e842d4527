import Foundation
import KeywardCore

/// Where Keyward keeps its records. Few requirements, each one statement of
/// intent; every backend (SQLite now, PostgreSQL next) passes the same
/// conformance suite in KeywardTesting. Nothing here assumes a backend.
///
/// Errors are `KeywardError`s: `ALREADY_EXISTS` for a taken name, `NOT_FOUND`
/// for a change to a missing record, `CONFLICT` for a change the record's state
/// refuses, `STORAGE_FAILURE` for the rest. A call that returns has made its
/// change durable and published it on `changes`.
public protocol Store: StoreReader, StoreWriter {
    /// Every committed change, for caches (local writes now; PostgreSQL's
    /// `LISTEN/NOTIFY` from other nodes later).
    var changes: StoreChangeFeed { get }

    /// Runs `body` as one unit of work: its writes commit together or not at
    /// all, and their changes are published after the commit. `body` must use
    /// only the writer it is given (the store's own writes would wait for it).
    func unitOfWork<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T

    /// Whether other processes share this store (PostgreSQL): then global rate
    /// limits are counted in it; on a store one process owns they count in memory.
    var isShared: Bool { get }

    /// Charges each of `charges` to its fixed window, all or none, in one
    /// transaction: the counts after the charge, or nil (and nothing charged)
    /// when any would pass its limit. Every node of the store shares the
    /// counts (global rate limits).
    func chargeRateWindows(_ charges: [RateWindowCharge]) async throws -> [Int64]?

    /// Releases connections.
    func close() async throws
}

/// Where a chain check reads the audit log from: a store, or a copied
/// database file opened read-only (`SQLiteAuditFile`).
public protocol AuditEntrySource: Sendable {
    /// At most `limit` entries after `seq`, in order: the chain check reads the
    /// log in such batches, so its memory stays bounded.
    func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry]
}

/// The reads of a store.
public protocol StoreReader: AuditEntrySource {
    /// Whether the store holds nothing at all: no key hierarchy and no record
    /// (a new installation). A store whose hierarchy rows were deleted but that
    /// still holds keys or tokens is not empty.
    func isEmpty() async throws -> Bool

    /// A value of the key hierarchy (the sealed keyring, the wrapped pepper).
    func systemValue(_ name: String) async throws -> [UInt8]?

    /// A keyspace by id or by name.
    func keyspace(idOrName: String) async throws -> Keyspace?
    func listKeyspaces(_ page: PageRequest) async throws -> Page<Keyspace>

    func key(id: String) async throws -> KeyRecord?
    /// The key with this hash, with its keyspace's name, for verification.
    func verifiableKey(hash: KeyHash) async throws -> VerifiableKey?
    func listKeys(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord>
    /// At most `limit` key hashes after `after` (nil: from the first), in byte
    /// order: the known-key filter reads every hash in such pages.
    func keyHashes(after: KeyHash?, limit: Int) async throws -> [KeyHash]

    func token(id: String) async throws -> TokenRecord?
    func token(hash: KeyHash) async throws -> TokenRecord?
    func listTokens(_ page: PageRequest) async throws -> Page<TokenRecord>
    /// How many tokens exist (0 on a new installation).
    func tokenCount() async throws -> Int

    /// A user by id or by name.
    func user(idOrName: String) async throws -> UserRecord?
    func listUsers(_ page: PageRequest) async throws -> Page<UserRecord>

    /// A vault secret by path.
    func secret(path: SecretPath) async throws -> SecretRecord?
    /// Version `version` of a secret, or its current version when nil.
    func secretVersion(path: SecretPath, version: Int?) async throws -> SecretVersion?
    /// Secrets whose path starts with `prefix`, in path order; the cursor is a path.
    func listSecrets(prefix: String, _ page: PageRequest) async throws -> Page<SecretRecord>
    /// Every version of a secret, newest first (at most `SecretLimits.maximumVersions`).
    func secretVersions(path: SecretPath) async throws -> [SecretVersion]
    /// Secrets whose value is older than their `rotateEvery` at `time`, most
    /// overdue first (the hygiene report's `overdueSecrets`).
    func secretsDueForRotation(at time: Date, limit: Int) async throws -> [SecretRecord]
    /// Secrets marked compromised by a leak report, most recently marked first.
    func compromisedSecrets(limit: Int) async throws -> [SecretRecord]
    /// The versions whose value has this keyed hash (`SecretFingerprinter`).
    func secretVersions(fingerprint: [UInt8]) async throws -> [SecretVersion]

    /// The last entry of the audit log; nil while it is empty.
    func auditHead() async throws -> AuditEntry?
    func auditEntry(seq: Int64) async throws -> AuditEntry?
    /// Entries that match `filter`, in `seq` order; the cursor is a `seq`.
    func listAuditEntries(_ filter: AuditFilter, _ page: PageRequest) async throws -> Page<AuditEntry>

    /// The usage counts of `subject` whose bucket starts in `query`'s range,
    /// added up per bucket of its granularity and code (`keyID` is the
    /// subject's id in each).
    func usageCounts(_ subject: UsageSubject, _ query: UsageQuery) async throws -> [UsageCount]
    func alert(id: String) async throws -> Alert?
    /// Alerts that match `filter`, newest first; the cursor is opaque.
    func listAlerts(_ filter: AlertFilter, _ page: PageRequest) async throws -> Page<Alert>
    /// Every webhook, oldest first (at most `Webhook.maximumCount`).
    func webhooks() async throws -> [StoredWebhook]
    func webhook(id: String) async throws -> StoredWebhook?
    /// The recorded attempts of webhook `id`, newest first; the cursor is opaque.
    func webhookDeliveries(webhookID: String, _ page: PageRequest) async throws -> Page<WebhookDelivery>
}

/// The writes of a store, each one atomic: none reads a record, changes it in
/// memory and writes it back, so no write can undo another that ran beside it.
public protocol StoreWriter: Sendable {
    /// A value of the key hierarchy as this write sees it (inside a unit of
    /// work: after every write that committed before it, on every node).
    func systemValue(_ name: String) async throws -> [UInt8]?
    /// Stores `value` under `name` unless a value is there already, and returns
    /// the value stored (this one, or the one that won a race).
    func insertSystemValueIfAbsent(_ name: String, _ value: [UInt8]) async throws -> [UInt8]
    /// Sets a value, replacing any previous one (rewrapping after a rotation).
    func setSystemValue(_ name: String, _ value: [UInt8]) async throws
    /// Reads system value `name` inside this write and replaces it with what
    /// `rewrap` makes of it (nil: keep it). False when there is no such value.
    func rewrapSystemValue(_ name: String, _ rewrap: @Sendable ([UInt8]) throws -> [UInt8]?) async throws -> Bool
    /// Reads up to `limit` secret versions after `position`, in path and version
    /// order, inside this write, and replaces the wrapped data key of each one for
    /// which `rewrap` returns a new one (a keyring rotation). Returns how many were
    /// replaced and the position to go on from; nil when no version is left.
    func rewrapSecretVersions(after position: SecretVersionPosition?, limit: Int, _ rewrap: @Sendable (SecretVersion) throws -> [UInt8]?)
        async throws -> (rewrapped: Int, next: SecretVersionPosition?)

    func insertKeyspace(_ keyspace: Keyspace) async throws
    /// Applies `changes` to keyspace `id` and returns the keyspace as stored.
    func updateKeyspace(id: String, _ changes: KeyspaceChanges, at time: Date) async throws -> Keyspace
    /// Deletes an empty keyspace; `CONFLICT` when it still has keys. False when missing.
    func deleteKeyspace(id: String) async throws -> Bool

    func insertKey(_ key: KeyRecord) async throws
    /// Applies `changes` to key `id` and returns the key as stored. A revoked
    /// key is final: changing it is a `CONFLICT`, as is a stale `expectedVersion`.
    func updateKey(id: String, _ changes: KeyChanges, at time: Date) async throws -> KeyRecord
    /// Revokes key `id` at `time` unless it is revoked already (the first
    /// revocation stands). Nil when there is no such key.
    func revokeKey(id: String, at time: Date, reason: String?) async throws -> Revocation<KeyRecord>?
    /// Rotates key `id` in one transaction: reads it, refuses with `CONFLICT`
    /// unless it is active at `time` and was never rotated, inserts
    /// `successor(old)`, and links the two (`rotatedTo`, `rotatedFrom`); the old
    /// key then expires at `graceUntil`, never later than it would have. Nil
    /// when there is no such key.
    func rotateKey(id: String, at time: Date, graceUntil: Date, successor: @Sendable (KeyRecord) throws -> KeyRecord) async throws
        -> KeyRotation?
    /// Deletes the key record and returns what it was, or nil when missing.
    func deleteKey(id: String) async throws -> KeyRecord?
    /// Sets `lastUsedAt` of many keys at once, only ever forward (the usage recorder flushes here).
    func recordLastUsed(_ times: [String: Date]) async throws
    /// Takes up to `wanted` uses (at least `atLeast`, or none) from the quota
    /// of `budgetID` at `time`, applying a refill that is due first, and
    /// returns what it took; nil when that budget has no quota. Serialised
    /// with every other write: two reservations never take the same use.
    func reserveQuota(budgetID: String, wanted: Int64, atLeast: Int64, at time: Date) async throws -> QuotaGrant?
    /// Gives back `units` reserved but not spent, only while the quota is
    /// still of `generation` and in the refill period that ends at `periodEnd`.
    func releaseQuota(budgetID: String, units: Int64, generation: Int64, periodEnd: Date?) async throws

    /// Inserts a token. One whose `createdBy` names a token is inserted only
    /// while that token is not revoked (else `INVALID_TOKEN`), in one statement.
    func insertToken(_ token: TokenRecord) async throws
    /// Inserts `token` only if the store holds no token at all (the root token
    /// of a new installation); false when another start got there first.
    func insertFirstToken(_ token: TokenRecord) async throws -> Bool
    /// Revokes token `id` and every token minted under it, directly or not, at
    /// `time`; returns the tokens this call revoked (empty when all were revoked
    /// already), nil when there is no such token. When `keepingAnAdmin`, a
    /// revocation that would leave no active `admin` token is a `CONFLICT`
    /// (`LAST_ADMIN_TOKEN`) and changes nothing.
    func revokeToken(id: String, at time: Date, keepingAnAdmin: Bool) async throws -> [TokenRecord]?

    /// Inserts a user; a taken name is `ALREADY_EXISTS`.
    func insertUser(_ user: UserRecord) async throws
    /// Applies `changes` to user `id` (`NOT_FOUND` when missing). A new role or
    /// password, or disabling, revokes the user's sessions in the same
    /// transaction; they are returned.
    func updateUser(id: String, _ changes: UserChanges, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord])
    /// Begins a user's TOTP enrolment with its sealed secret; false when the
    /// user has a confirmed one already (or no such user).
    func beginTOTP(userID: String, sealedSecret: [UInt8], at time: Date) async throws -> Bool
    /// Confirms the pending enrolment at `step` and replaces the recovery codes; false when nothing is pending.
    func confirmTOTP(userID: String, step: Int64, recoveryHashes: [KeyHash], at time: Date) async throws -> Bool
    /// The replay guard: records `step` as used only when it is later than the last one used.
    func acceptTOTPStep(userID: String, step: Int64) async throws -> Bool
    /// Records that session `tokenID` proved a second factor at `time` (step-up); false when it is not active.
    func markSessionMFA(tokenID: String, at time: Date) async throws -> Bool
    /// Marks a recovery code used; false when unknown or used already.
    func useRecoveryCode(userID: String, hash: KeyHash, at time: Date) async throws -> Bool
    /// Replaces every sealed TOTP secret for which `rewrap` returns new bytes (a keyring rotation).
    func rewrapTOTPSecrets(_ rewrap: @Sendable (UserRecord, [UInt8]) throws -> [UInt8]?) async throws -> Int
    /// Deletes user `id` and revokes its sessions; nil when missing.
    func deleteUser(id: String, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord])?

    /// Adds the next version of the secret at `path` (1 for a new one) in one
    /// transaction: `seal` gets the version number and returns the sealed value
    /// bound to it. `rotateEvery` nil keeps the setting, `.some(nil)` clears it.
    /// A new version clears a compromise mark.
    /// Versions beyond `SecretLimits.maximumVersions` are dropped, oldest first.
    func putSecretVersion(
        path: SecretPath, rotateEvery: DurationText??, at time: Date, by actor: String,
        seal: @Sendable (Int) throws -> SealedValue
    ) async throws -> SecretVersion
    /// Deletes a secret and every version of it; the record it was, or nil.
    func deleteSecret(path: SecretPath) async throws -> SecretRecord?
    /// Marks a secret compromised at `time` by the report `source`, unless it
    /// is marked already; the record as it is now, or nil when there is none.
    func markSecretCompromised(path: SecretPath, at time: Date, source: String) async throws -> SecretRecord?

    /// Appends `drafts` after the log's current head, linked by `chain`, and
    /// returns them as stored. Appends are serialised (the head is read and
    /// extended inside the write), so the chain never forks; in a unit of work
    /// the entries commit with the change they describe, or neither does.
    func appendAudit(_ drafts: [AuditDraft], chain: AuditChain) async throws -> [AuditEntry]

    /// Adds `counts` to the usage table (a row of the same key, bucket, width
    /// and code grows by its count), in one statement per row.
    func addUsage(_ counts: [UsageCount]) async throws
    /// Rolls minute rows that start before `rollUpBefore` into hour rows, and
    /// deletes rows of any width that start before `deleteBefore` (seconds
    /// since 1970). Returns how many rows it removed.
    func compactUsage(rollUpBefore: Int64, deleteBefore: Int64) async throws -> Int
    /// Remembers each sighting's network for its key (at most
    /// `MonitoringLimits.maximumNetworksPerKey` per key), and returns the
    /// sightings that were new for a key already seen from another network at
    /// or before `historySince`: the new-network alerts.
    func noteKeyNetworks(_ sightings: [KeyNetworkSighting], historySince: Date) async throws -> [KeyNetworkSighting]
    /// Folds `signal` into the open alert of its type and subject, or opens
    /// one with id `newID`.
    func raiseAlert(_ signal: AlertSignal, newID: String) async throws -> AlertChange
    /// Acknowledges alert `id` at `time` (an acknowledged one stays as it was);
    /// nil when there is no such alert.
    func acknowledgeAlert(id: String, at time: Date, by actor: String) async throws -> AlertChange?
    /// Stores `webhook` unless the store holds `maximumCount` already (then false).
    func insertWebhook(_ webhook: StoredWebhook, maximumCount: Int) async throws -> Bool
    /// Deletes webhook `id` with its recorded attempts; nil when there is none.
    func deleteWebhook(id: String) async throws -> StoredWebhook?
    /// Records delivery attempts, keeping the newest `WebhookDelivery.keptPerWebhook`
    /// of each webhook; attempts for a webhook deleted meanwhile are dropped.
    func recordWebhookDeliveries(_ attempts: [WebhookDelivery]) async throws
    /// Replaces each webhook's sealed secret with what `rewrap` returns (nil:
    /// leave it), and returns how many were replaced.
    func rewrapWebhookSecrets(_ rewrap: @Sendable (StoredWebhook) throws -> [UInt8]?) async throws -> Int
}

/// A rotation: the old key as it is now (linked, with its grace expiry) and its successor.
public struct KeyRotation: Sendable {
    public var old: KeyRecord
    public var new: KeyRecord

    public init(old: KeyRecord, new: KeyRecord) {
        self.old = old
        self.new = new
    }
}

/// What a revocation did: the record as it is now, and whether this call revoked it.
public struct Revocation<Record: Sendable>: Sendable {
    public var record: Record
    /// False when the record was revoked before (its first revocation stands).
    public var isNew: Bool

    public init(record: Record, isNew: Bool) {
        self.record = record
        self.isNew = isNew
    }
}

extension KeywardError.Code {
    /// Revoking the last active admin token would lock the operator out.
    public static let lastAdminToken = Self("LAST_ADMIN_TOKEN", .conflict)
}

/// A place in the order of secret versions (path, then version).
public struct SecretVersionPosition: Sendable, Equatable {
    public var path: String
    public var version: Int

    public init(path: String, version: Int) {
        self.path = path
        self.version = version
    }
}
