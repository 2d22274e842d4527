import Foundation
import KeywardCore

/// The SQLite schema, as numbered migrations applied once each, in order, each
/// in its own transaction. docs/schema.md describes the tables.
enum SQLiteSchema {
    static let migrations: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE system_values (
                    name TEXT PRIMARY KEY,
                    value BLOB NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE keyspaces (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    prefix TEXT NOT NULL,
                    default_scopes TEXT NOT NULL,
                    max_lifetime TEXT,
                    rotation_period TEXT,
                    require_expiry INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE keys (
                    id TEXT PRIMARY KEY,
                    keyspace_id TEXT NOT NULL REFERENCES keyspaces(id),
                    hash BLOB NOT NULL UNIQUE,
                    start TEXT NOT NULL,
                    name TEXT,
                    owner TEXT,
                    scopes TEXT NOT NULL,
                    meta TEXT NOT NULL,
                    expires_at INTEGER,
                    enabled INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    last_used_at INTEGER,
                    revoked_at INTEGER,
                    revoke_reason TEXT,
                    rotated_from TEXT,
                    rotated_to TEXT
                )
                """,
                "CREATE INDEX keys_by_keyspace ON keys (keyspace_id, id)",
                "CREATE INDEX keys_by_owner ON keys (owner, id)",
                """
                CREATE TABLE tokens (
                    id TEXT PRIMARY KEY,
                    hash BLOB NOT NULL UNIQUE,
                    start TEXT NOT NULL,
                    name TEXT,
                    scopes TEXT NOT NULL,
                    expires_at INTEGER,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    revoked_at INTEGER
                )
                """,
            ]
        ),
        (
            2,
            [
                // Atomic, conditional updates: a change can name the version it expects.
                "ALTER TABLE keys ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
                // Revoking a token revokes what it minted.
                "CREATE INDEX tokens_by_creator ON tokens (created_by)",
            ]
        ),
        (
            3,
            [
                // The tamper-evident audit log (docs/audit.md): `hash` chains with the
                // audit key, `digest` is the public chain that checkpoints sign.
                """
                CREATE TABLE audit_entries (
                    seq INTEGER PRIMARY KEY,
                    time INTEGER NOT NULL,
                    actor_kind TEXT NOT NULL,
                    actor_id TEXT NOT NULL,
                    actor_start TEXT,
                    action TEXT NOT NULL,
                    target TEXT,
                    outcome TEXT NOT NULL,
                    source_ip TEXT,
                    details TEXT NOT NULL,
                    hash BLOB NOT NULL,
                    digest BLOB NOT NULL
                )
                """,
                // One index: a record's history. Filters by time or actor scan in
                // seq order (every index costs each audited change a page write).
                "CREATE INDEX audit_by_target ON audit_entries (target, seq)",
            ]
        ),
        (
            4,
            [
                // IP allowlists (CIDR texts as a JSON array; empty: anywhere), per key and as keyspace defaults.
                "ALTER TABLE keys ADD COLUMN ip_allowlist TEXT NOT NULL DEFAULT '[]'",
                "ALTER TABLE keyspaces ADD COLUMN ip_allowlist TEXT NOT NULL DEFAULT '[]'",
            ]
        ),
        (
            5,
            [
                // Rate limits (a JSON array of {name, limit, window, per}), per key and as keyspace defaults.
                "ALTER TABLE keys ADD COLUMN ratelimits TEXT NOT NULL DEFAULT '[]'",
                "ALTER TABLE keyspaces ADD COLUMN ratelimits TEXT NOT NULL DEFAULT '[]'",
                // The budget a key spends: its own id, or the first key of its rotation line.
                "ALTER TABLE keys ADD COLUMN budget_id TEXT NOT NULL DEFAULT ''",
                "UPDATE keys SET budget_id = id",
                "CREATE INDEX keys_by_budget ON keys (budget_id)",
                // The rotation period in milliseconds, so a list of overdue keys is one query
                // (filled from `rotation_period` by `fillRotationPeriods`).
                "ALTER TABLE keyspaces ADD COLUMN rotation_period_ms INTEGER",
                // Quotas, one per budget: every key of a rotation line spends the same one.
                """
                CREATE TABLE quotas (
                    budget_id TEXT PRIMARY KEY,
                    remaining INTEGER NOT NULL,
                    refill_amount INTEGER,
                    refill_interval TEXT,
                    refilled_at INTEGER,
                    generation INTEGER NOT NULL
                )
                """,
            ]
        ),
        (
            6,
            [
                // The vault (docs/vault.md): one row per secret, one per sealed version.
                """
                CREATE TABLE secrets (
                    path TEXT PRIMARY KEY,
                    current_version INTEGER NOT NULL,
                    rotate_every TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE secret_versions (
                    path TEXT NOT NULL REFERENCES secrets(path) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    ciphertext BLOB NOT NULL,
                    wrapped_key BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    PRIMARY KEY (path, version)
                )
                """,
            ]
        ),
        (
            7,
            [
                // Rotation reminders by query (the hygiene report), leak marks, and
                // the keyed hash of each value that a leak report is compared with.
                "ALTER TABLE secrets ADD COLUMN rotation_due_at INTEGER",
                "ALTER TABLE secrets ADD COLUMN compromised_at INTEGER",
                "ALTER TABLE secrets ADD COLUMN compromised_source TEXT",
                "CREATE INDEX secrets_rotation_due ON secrets (rotation_due_at) WHERE rotation_due_at IS NOT NULL",
                "ALTER TABLE secret_versions ADD COLUMN fingerprint BLOB",
                "CREATE INDEX secret_versions_fingerprint ON secret_versions (fingerprint)",
            ]
        ),
        (
            8,
            [
                // Monitoring (docs/monitoring.md): verification counts per key, minute
                // (or hour, once rolled up) and code; the networks each key was used
                // from; alerts, of which at most one per type and subject is open.
                """
                CREATE TABLE usage_counts (
                    key_id TEXT NOT NULL,
                    keyspace_id TEXT NOT NULL,
                    bucket_start INTEGER NOT NULL,
                    width INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (key_id, bucket_start, width, code)
                ) WITHOUT ROWID
                """,
                "CREATE INDEX usage_counts_keyspace ON usage_counts (keyspace_id, bucket_start)",
                "CREATE INDEX usage_counts_age ON usage_counts (width, bucket_start)",
                """
                CREATE TABLE key_networks (
                    key_id TEXT NOT NULL,
                    network TEXT NOT NULL,
                    first_seen_at INTEGER NOT NULL,
                    PRIMARY KEY (key_id, network)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE alerts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    key_id TEXT,
                    keyspace_id TEXT,
                    source TEXT,
                    secret_path TEXT,
                    first_seen_at INTEGER NOT NULL,
                    last_seen_at INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    details TEXT NOT NULL,
                    acknowledged_at INTEGER,
                    acknowledged_by TEXT
                )
                """,
                "CREATE UNIQUE INDEX alerts_open ON alerts (type, subject) WHERE acknowledged_at IS NULL",
            ]
        ),
        (
            9,
            [
                // Webhooks (docs/monitoring.md): receivers of alerts with their sealed
                // signing secrets, and the attempts to deliver to them.
                """
                CREATE TABLE webhooks (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    url TEXT NOT NULL,
                    events TEXT,
                    sealed_secret BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    created_by TEXT
                )
                """,
                """
                CREATE TABLE webhook_deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    webhook_id TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    alert_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    attempted_at INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    status_code INTEGER,
                    error TEXT,
                    duration_ms INTEGER NOT NULL
                )
                """,
                "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, seq)",
            ]
        ),
        (
            10,
            [
                // A keyspace's monitoring policy (docs/monitoring.md#keyspace-policies) as
                // canonical JSON: thresholds, onTheft, revokeUnusedAfter. '{}': the defaults.
                "ALTER TABLE keyspaces ADD COLUMN monitoring TEXT NOT NULL DEFAULT '{}'",
                // Keys unused since a time, per keyspace (revokeUnusedAfter and the hygiene report).
                "CREATE INDEX keys_by_last_use ON keys (keyspace_id, last_used_at)",
            ]
        ),
        (
            11,
            [
                // Administrators who log in (docs/users.md); sessions are tokens whose
                // created_by is the user's id.
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    enabled INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL
                )
                """
            ]
        ),
        (
            12,
            [
                // TOTP MFA (docs/users.md): the secret sealed by the keyring, when the first
                // code confirmed it, and the last step accepted (each code is good once).
                "ALTER TABLE users ADD COLUMN totp_secret BLOB",
                "ALTER TABLE users ADD COLUMN totp_confirmed_at INTEGER",
                "ALTER TABLE users ADD COLUMN totp_last_step INTEGER",
                // When a session last proved a second factor (step-up: fresh for 5 minutes).
                "ALTER TABLE tokens ADD COLUMN mfa_at INTEGER",
                // Alerts about a user (user.locked).
                "ALTER TABLE alerts ADD COLUMN user_id TEXT",
                // Single-use recovery codes, as keyed hashes.
                """
                CREATE TABLE recovery_codes (
                    user_id TEXT NOT NULL,
                    hash BLOB NOT NULL,
                    used_at INTEGER,
                    PRIMARY KEY (user_id, hash)
                )
                """,
            ]
        ),
        (
            13,
            [
                // Where a keyspace counts rate limits: 'local' (each node in memory) or
                // 'global' (rate_windows, one count for every node of a shared store).
                "ALTER TABLE keyspaces ADD COLUMN rate_limit_mode TEXT NOT NULL DEFAULT 'local'",
                """
                CREATE TABLE rate_windows (
                    scope TEXT NOT NULL,
                    name TEXT NOT NULL,
                    window_start INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (scope, name, window_start)
                ) WITHOUT ROWID
                """,
            ]
        ),
        (
            14,
            [
                // How long the keyspace's keys verify from a node's cache while a shared
                // store is out of reach (a duration such as 5m); NULL: fail closed.
                "ALTER TABLE keyspaces ADD COLUMN fail_open_for TEXT"
            ]
        ),
    ]
}
