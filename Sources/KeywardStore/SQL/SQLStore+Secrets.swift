import Foundation
import KeywardCore

extension SQLStore {
    public func secret(path: SecretPath) async throws -> SecretRecord? {
        try await read("SELECT * FROM secrets WHERE path = ?", [.text(path.rawValue)]).first.map(Self.secret(from:))
    }

    public func secretVersion(path: SecretPath, version: Int?) async throws -> SecretVersion? {
        let rows: [SQLRow]
        if let version {
            rows = try await read("SELECT * FROM secret_versions WHERE path = ? AND version = ?", [.text(path.rawValue), .integer(version)])
        } else {
            rows = try await read(
                "SELECT v.* FROM secret_versions v JOIN secrets s ON s.path = v.path AND s.current_version = v.version WHERE s.path = ?",
                [.text(path.rawValue)])
        }
        return try rows.first.map(Self.secretVersion(from:))
    }

    public func listSecrets(prefix: String, _ page: PageRequest) async throws -> Page<SecretRecord> {
        // A prefix match by range, so `%` and `_` in a prefix mean themselves.
        let rows = try await read(
            "SELECT * FROM secrets WHERE path > ? AND substr(path, 1, CAST(? AS INTEGER)) = ? ORDER BY path LIMIT ?",
            [.text(page.cursor ?? ""), .integer(prefix.unicodeScalars.count), .text(prefix), .integer(page.limit + 1)])
        return page.page(from: try rows.map(Self.secret(from:)), id: \.path.rawValue)
    }

    public func secretVersions(path: SecretPath) async throws -> [SecretVersion] {
        try await read("SELECT * FROM secret_versions WHERE path = ? ORDER BY version DESC", [.text(path.rawValue)]).map(Self.secretVersion(from:))
    }

    public func secretsDueForRotation(at time: Date, limit: Int) async throws -> [SecretRecord] {
        try await read(
            "SELECT * FROM secrets WHERE rotation_due_at IS NOT NULL AND rotation_due_at <= ? ORDER BY rotation_due_at, path LIMIT ?",
            [.time(time), .integer(max(0, limit))]
        ).map(Self.secret(from:))
    }

    public func compromisedSecrets(limit: Int) async throws -> [SecretRecord] {
        try await read(
            "SELECT * FROM secrets WHERE compromised_at IS NOT NULL ORDER BY compromised_at DESC, path LIMIT ?", [.integer(max(0, limit))]
        ).map(Self.secret(from:))
    }

    public func secretVersions(fingerprint: [UInt8]) async throws -> [SecretVersion] {
        try await read("SELECT * FROM secret_versions WHERE fingerprint = ? ORDER BY path, version", [.blob(fingerprint)])
            .map(Self.secretVersion(from:))
    }

    static func secret(from row: SQLRow) throws -> SecretRecord {
        SecretRecord(
            path: try SecretPath(parsing: try row.string("path")), currentVersion: try row.int("current_version"),
            rotateEvery: try row.optionalString("rotate_every").map { text throws(KeywardError) in try DurationText(parsing: text) },
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), compromisedAt: row.optionalDate("compromised_at"),
            compromisedSource: try row.optionalString("compromised_source"))
    }

    static func secretVersion(from row: SQLRow) throws -> SecretVersion {
        SecretVersion(
            path: try SecretPath(parsing: try row.string("path")), version: try row.int("version"), ciphertext: try row.bytes("ciphertext"),
            wrappedDataKey: try row.bytes("wrapped_key"), createdAt: try row.date("created_at"), createdBy: try row.string("created_by"))
    }
}

extension SQLWriter {
    func putSecretVersion(
        path: SecretPath, rotateEvery: DurationText??, at time: Date, by actor: String, seal: @Sendable (Int) throws -> SealedValue
    ) async throws -> SecretVersion {
        // Inside this transaction nothing else writes: the version read is the one to follow.
        let current = try await query("SELECT current_version, rotate_every FROM secrets WHERE path = ?", [.text(path.rawValue)]).first
        let version = (try current?.int("current_version") ?? 0) + 1
        let sealed = try seal(version)
        let every: DurationText?
        if let rotateEvery {
            every = rotateEvery
        } else {
            every = try current?.optionalString("rotate_every").map { text throws(KeywardError) in try DurationText(parsing: text) }
        }
        let dueAt = every.map { time.addingTimeInterval($0.timeInterval) }
        if current == nil {
            try await query(
                "INSERT INTO secrets (path, current_version, rotate_every, rotation_due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(path.rawValue), .integer(version), .optional(every?.text), .optional(dueAt), .time(time), .time(time)])
        } else {
            try await query(
                """
                UPDATE secrets SET current_version = ?, updated_at = ?, rotate_every = ?, rotation_due_at = ?,
                    compromised_at = NULL, compromised_source = NULL WHERE path = ?
                """,
                [.integer(version), .time(time), .optional(every?.text), .optional(dueAt), .text(path.rawValue)])
        }
        try await query(
            "INSERT INTO secret_versions (path, version, ciphertext, wrapped_key, fingerprint, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .text(path.rawValue), .integer(version), .blob(sealed.ciphertext), .blob(sealed.wrappedDataKey),
                .blob(sealed.fingerprint), .time(time), .text(actor),
            ])
        try await query(
            "DELETE FROM secret_versions WHERE path = ? AND version <= ?", [.text(path.rawValue), .integer(version - SecretLimits.maximumVersions)])
        return SecretVersion(
            path: path, version: version, ciphertext: sealed.ciphertext, wrappedDataKey: sealed.wrappedDataKey, createdAt: time, createdBy: actor)
    }

    func deleteSecret(path: SecretPath) async throws -> SecretRecord? {
        guard let row = try await query("SELECT * FROM secrets WHERE path = ?", [.text(path.rawValue)]).first else { return nil }
        try await query("DELETE FROM secret_versions WHERE path = ?", [.text(path.rawValue)])
        try await query("DELETE FROM secrets WHERE path = ?", [.text(path.rawValue)])
        return try SQLStore.secret(from: row)
    }

    func markSecretCompromised(path: SecretPath, at time: Date, source: String) async throws -> SecretRecord? {
        try await query(
            "UPDATE secrets SET compromised_at = ?, compromised_source = ? WHERE path = ? AND compromised_at IS NULL",
            [.time(time), .text(source), .text(path.rawValue)])
        return try await query("SELECT * FROM secrets WHERE path = ?", [.text(path.rawValue)]).first.map(SQLStore.secret(from:))
    }

    func rewrapSecretVersions(after position: SecretVersionPosition?, limit: Int, _ rewrap: @Sendable (SecretVersion) throws -> [UInt8]?)
        async throws -> (rewrapped: Int, next: SecretVersionPosition?)
    {
        let rows = try await query(
            "SELECT * FROM secret_versions WHERE path > ? OR (path = ? AND version > ?) ORDER BY path, version LIMIT ?",
            [.text(position?.path ?? ""), .text(position?.path ?? ""), .integer(position?.version ?? 0), .integer(max(1, limit))])
        var rewrapped = 0
        var last: SecretVersionPosition?
        for row in rows {
            let version = try SQLStore.secretVersion(from: row)
            last = SecretVersionPosition(path: version.path.rawValue, version: version.version)
            guard let wrapped = try rewrap(version) else { continue }
            try await query(
                "UPDATE secret_versions SET wrapped_key = ? WHERE path = ? AND version = ?",
                [.blob(wrapped), .text(version.path.rawValue), .integer(version.version)])
            rewrapped += 1
        }
        return (rewrapped, rows.count < max(1, limit) ? nil : last)
    }
}
