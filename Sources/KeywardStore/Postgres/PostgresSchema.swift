/// The PostgreSQL schema. Migrations share their numbers with SQLite's
/// (`SQLiteSchema`): PostgreSQL support began at SQLite's migration 12, so its
/// first migration creates, in one step, the tables SQLite reached by then;
/// a later change to the schema is a migration of the same number in both.
///
/// Types: `BIGINT` for integers (times are milliseconds since 1970, flags 0
/// and 1, as in SQLite, so both backends run the same statements), `BYTEA`
/// for bytes, and `TEXT COLLATE "C"` for text, which orders byte by byte as
/// SQLite does (paging by id and path depends on it). docs/schema.md
/// describes the tables.
enum PostgresSchema {
    static let migrations: [(version: Int, statements: [String])] = [
        (
            12,
            [
                """
                CREATE TABLE system_values (
                    name TEXT COLLATE "C" PRIMARY KEY,
                    value BYTEA NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE keyspaces (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT COLLATE "C" NOT NULL UNIQUE,
                    prefix TEXT COLLATE "C" NOT NULL,
                    default_scopes TEXT COLLATE "C" NOT NULL,
                    max_lifetime TEXT COLLATE "C",
                    rotation_period TEXT COLLATE "C",
                    require_expiry BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    ip_allowlist TEXT COLLATE "C" NOT NULL DEFAULT '[]',
                    ratelimits TEXT COLLATE "C" NOT NULL DEFAULT '[]',
                    rotation_period_ms BIGINT,
                    monitoring TEXT COLLATE "C" NOT NULL DEFAULT '{}'
                )
                """,
                """
                CREATE TABLE keys (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    keyspace_id TEXT COLLATE "C" NOT NULL REFERENCES keyspaces(id),
                    hash BYTEA NOT NULL UNIQUE,
                    start TEXT COLLATE "C" NOT NULL,
                    name TEXT COLLATE "C",
                    owner TEXT COLLATE "C",
                    scopes TEXT COLLATE "C" NOT NULL,
                    meta TEXT COLLATE "C" NOT NULL,
                    expires_at BIGINT,
                    enabled BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    last_used_at BIGINT,
                    revoked_at BIGINT,
                    revoke_reason TEXT COLLATE "C",
                    rotated_from TEXT COLLATE "C",
                    rotated_to TEXT COLLATE "C",
                    version BIGINT NOT NULL DEFAULT 1,
                    ip_allowlist TEXT COLLATE "C" NOT NULL DEFAULT '[]',
                    ratelimits TEXT COLLATE "C" NOT NULL DEFAULT '[]',
                    budget_id TEXT COLLATE "C" NOT NULL DEFAULT ''
                )
                """,
                "CREATE INDEX keys_by_keyspace ON keys (keyspace_id, id)",
                "CREATE INDEX keys_by_owner ON keys (owner, id)",
                "CREATE INDEX keys_by_budget ON keys (budget_id)",
                "CREATE INDEX keys_by_last_use ON keys (keyspace_id, last_used_at)",
                """
                CREATE TABLE quotas (
                    budget_id TEXT COLLATE "C" PRIMARY KEY,
                    remaining BIGINT NOT NULL,
                    refill_amount BIGINT,
                    refill_interval TEXT COLLATE "C",
                    refilled_at BIGINT,
                    generation BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE tokens (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    hash BYTEA NOT NULL UNIQUE,
                    start TEXT COLLATE "C" NOT NULL,
                    name TEXT COLLATE "C",
                    scopes TEXT COLLATE "C" NOT NULL,
                    expires_at BIGINT,
                    created_at BIGINT NOT NULL,
                    created_by TEXT COLLATE "C" NOT NULL,
                    revoked_at BIGINT,
                    mfa_at BIGINT
                )
                """,
                "CREATE INDEX tokens_by_creator ON tokens (created_by)",
                """
                CREATE TABLE audit_entries (
                    seq BIGINT PRIMARY KEY,
                    time BIGINT NOT NULL,
                    actor_kind TEXT COLLATE "C" NOT NULL,
                    actor_id TEXT COLLATE "C" NOT NULL,
                    actor_start TEXT COLLATE "C",
                    action TEXT COLLATE "C" NOT NULL,
                    target TEXT COLLATE "C",
                    outcome TEXT COLLATE "C" NOT NULL,
                    source_ip TEXT COLLATE "C",
                    details TEXT COLLATE "C" NOT NULL,
                    hash BYTEA NOT NULL,
                    digest BYTEA NOT NULL
                )
                """,
                "CREATE INDEX audit_by_target ON audit_entries (target, seq)",
                """
                CREATE TABLE secrets (
                    path TEXT COLLATE "C" PRIMARY KEY,
                    current_version BIGINT NOT NULL,
                    rotate_every TEXT COLLATE "C",
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    rotation_due_at BIGINT,
                    compromised_at BIGINT,
                    compromised_source TEXT COLLATE "C"
                )
                """,
                "CREATE INDEX secrets_rotation_due ON secrets (rotation_due_at) WHERE rotation_due_at IS NOT NULL",
                """
                CREATE TABLE secret_versions (
                    path TEXT COLLATE "C" NOT NULL REFERENCES secrets(path) ON DELETE CASCADE,
                    version BIGINT NOT NULL,
                    ciphertext BYTEA NOT NULL,
                    wrapped_key BYTEA NOT NULL,
                    created_at BIGINT NOT NULL,
                    created_by TEXT COLLATE "C" NOT NULL,
                    fingerprint BYTEA,
                    PRIMARY KEY (path, version)
                )
                """,
                "CREATE INDEX secret_versions_fingerprint ON secret_versions (fingerprint)",
                """
                CREATE TABLE usage_counts (
                    key_id TEXT COLLATE "C" NOT NULL,
                    keyspace_id TEXT COLLATE "C" NOT NULL,
                    bucket_start BIGINT NOT NULL,
                    width BIGINT NOT NULL,
                    code TEXT COLLATE "C" NOT NULL,
                    count BIGINT NOT NULL,
                    PRIMARY KEY (key_id, bucket_start, width, code)
                )
                """,
                "CREATE INDEX usage_counts_keyspace ON usage_counts (keyspace_id, bucket_start)",
                "CREATE INDEX usage_counts_age ON usage_counts (width, bucket_start)",
                """
                CREATE TABLE key_networks (
                    key_id TEXT COLLATE "C" NOT NULL,
                    network TEXT COLLATE "C" NOT NULL,
                    first_seen_at BIGINT NOT NULL,
                    PRIMARY KEY (key_id, network)
                )
                """,
                """
                CREATE TABLE alerts (
                    seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    id TEXT COLLATE "C" NOT NULL UNIQUE,
                    type TEXT COLLATE "C" NOT NULL,
                    severity TEXT COLLATE "C" NOT NULL,
                    subject TEXT COLLATE "C" NOT NULL,
                    key_id TEXT COLLATE "C",
                    keyspace_id TEXT COLLATE "C",
                    source TEXT COLLATE "C",
                    secret_path TEXT COLLATE "C",
                    first_seen_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    count BIGINT NOT NULL,
                    details TEXT COLLATE "C" NOT NULL,
                    acknowledged_at BIGINT,
                    acknowledged_by TEXT COLLATE "C",
                    user_id TEXT COLLATE "C"
                )
                """,
                "CREATE UNIQUE INDEX alerts_open ON alerts (type, subject) WHERE acknowledged_at IS NULL",
                """
                CREATE TABLE webhooks (
                    seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    id TEXT COLLATE "C" NOT NULL UNIQUE,
                    url TEXT COLLATE "C" NOT NULL,
                    events TEXT COLLATE "C",
                    sealed_secret BYTEA NOT NULL,
                    created_at BIGINT NOT NULL,
                    created_by TEXT COLLATE "C"
                )
                """,
                """
                CREATE TABLE webhook_deliveries (
                    seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    webhook_id TEXT COLLATE "C" NOT NULL,
                    event_id TEXT COLLATE "C" NOT NULL,
                    alert_id TEXT COLLATE "C" NOT NULL,
                    type TEXT COLLATE "C" NOT NULL,
                    attempt BIGINT NOT NULL,
                    attempted_at BIGINT NOT NULL,
                    outcome TEXT COLLATE "C" NOT NULL,
                    status_code BIGINT,
                    error TEXT COLLATE "C",
                    duration_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, seq)",
                """
                CREATE TABLE users (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT COLLATE "C" NOT NULL UNIQUE,
                    role TEXT COLLATE "C" NOT NULL,
                    password_hash TEXT COLLATE "C" NOT NULL,
                    enabled BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    created_by TEXT COLLATE "C" NOT NULL,
                    totp_secret BYTEA,
                    totp_confirmed_at BIGINT,
                    totp_last_step BIGINT
                )
                """,
                """
                CREATE TABLE recovery_codes (
                    user_id TEXT COLLATE "C" NOT NULL,
                    hash BYTEA NOT NULL,
                    used_at BIGINT,
                    PRIMARY KEY (user_id, hash)
                )
                """,
            ]
        ),
        (
            13,
            [
                "ALTER TABLE keyspaces ADD COLUMN rate_limit_mode TEXT COLLATE \"C\" NOT NULL DEFAULT 'local'",
                """
                CREATE TABLE rate_windows (
                    scope TEXT COLLATE "C" NOT NULL,
                    name TEXT COLLATE "C" NOT NULL,
                    window_start BIGINT NOT NULL,
                    count BIGINT NOT NULL,
                    PRIMARY KEY (scope, name, window_start)
                )
                """,
            ]
        ),
        (14, ["ALTER TABLE keyspaces ADD COLUMN fail_open_for TEXT COLLATE \"C\""]),
    ]
}
