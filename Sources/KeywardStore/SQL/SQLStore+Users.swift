import Foundation
import KeywardCore

extension SQLStore {
    public func user(idOrName: String) async throws -> UserRecord? {
        try await read("SELECT * FROM users WHERE id = ? OR name = ? LIMIT 1", [.text(idOrName), .text(idOrName)]).first.map(Self.user(from:))
    }

    public func listUsers(_ page: PageRequest) async throws -> Page<UserRecord> {
        let rows = try await read("SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?", [.text(page.cursor ?? ""), .integer(page.limit + 1)])
        return page.page(from: try rows.map(Self.user(from:)), id: \.id)
    }

    public func insertUser(_ user: UserRecord) async throws {
        try await transaction { try await $0.insertUser(user) }
    }

    public func updateUser(id: String, _ changes: UserChanges, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord]) {
        try await transaction { try await $0.updateUser(id: id, changes, at: time) }
    }

    public func deleteUser(id: String, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord])? {
        try await transaction { try await $0.deleteUser(id: id, at: time) }
    }

    static func user(from row: SQLRow) throws -> UserRecord {
        let roleText = try row.string("role")
        guard let role = UserRole(rawValue: roleText) else { throw KeywardError(.storageFailure, "a stored user has an unknown role") }
        var user = UserRecord(
            id: try row.string("id"), name: try row.string("name"), role: role, passwordHash: try row.string("password_hash"),
            enabled: try row.bool("enabled"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            createdBy: try row.string("created_by"))
        if let sealed = row.optionalBytes("totp_secret") {
            user.totp = TOTPEnrolment(
                sealedSecret: sealed, confirmedAt: row.optionalDate("totp_confirmed_at"), lastStep: row.optionalInt64("totp_last_step"))
        }
        return user
    }
}

extension SQLWriter {
    func insertUser(_ user: UserRecord) async throws {
        do {
            try await query(
                """
                INSERT INTO users (id, name, role, password_hash, enabled, created_at, updated_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(user.id), .text(user.name), .text(user.role.rawValue), .text(user.passwordHash), .bool(user.enabled), .time(user.createdAt),
                    .time(user.updatedAt), .text(user.createdBy),
                ])
        } catch  where Self.isConstraint(error, .unique) {
            throw KeywardError(.alreadyExists, "a user named \(user.name) already exists", field: "name")
        }
    }

    func updateUser(id: String, _ change: UserChanges, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord]) {
        var assignments = ["updated_at = ?"]
        var binds: [SQLValue] = [.time(time)]
        if let role = change.role {
            assignments.append("role = ?")
            binds.append(.text(role.rawValue))
        }
        if let enabled = change.enabled {
            assignments.append("enabled = ?")
            binds.append(.bool(enabled))
        }
        if let hash = change.passwordHash {
            assignments.append("password_hash = ?")
            binds.append(.text(hash))
        }
        if change.resetSecondFactor {
            assignments.append("totp_secret = NULL, totp_confirmed_at = NULL, totp_last_step = NULL")
            try await query("DELETE FROM recovery_codes WHERE user_id = ?", [.text(id)])
        }
        try await query("UPDATE users SET \(assignments.joined(separator: ", ")) WHERE id = ?", binds + [.text(id)])
        guard let row = try await query("SELECT * FROM users WHERE id = ?", [.text(id)]).first else {
            throw KeywardError(.notFound, "no user \(id)")
        }
        // A new role, a new password or a disabled user: the sessions made before end now.
        let ends = change.role != nil || change.passwordHash != nil || change.enabled == false || change.resetSecondFactor
        return (try SQLStore.user(from: row), ends ? try await revokeSessions(ofUser: id, at: time) : [])
    }

    func deleteUser(id: String, at time: Date) async throws -> (user: UserRecord, revokedSessions: [TokenRecord])? {
        guard let row = try await query("SELECT * FROM users WHERE id = ?", [.text(id)]).first else { return nil }
        let sessions = try await revokeSessions(ofUser: id, at: time)
        try await query("DELETE FROM users WHERE id = ?", [.text(id)])
        try await query("DELETE FROM recovery_codes WHERE user_id = ?", [.text(id)])
        return (try SQLStore.user(from: row), sessions)
    }

    /// Revokes every session of the user, with what each minted.
    private func revokeSessions(ofUser id: String, at time: Date) async throws -> [TokenRecord] {
        let sessions = try await query("SELECT id FROM tokens WHERE created_by = ? AND revoked_at IS NULL", [.text(id)]).map { try $0.string("id") }
        var revoked: [TokenRecord] = []
        for session in sessions { revoked += try await revokeToken(id: session, at: time, keepingAnAdmin: false) ?? [] }
        return revoked
    }
}
