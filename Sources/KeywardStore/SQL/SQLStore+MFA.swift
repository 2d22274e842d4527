import Foundation
import KeywardCore
import NIOCore

extension SQLStore {
    public func beginTOTP(userID: String, sealedSecret: [UInt8], at time: Date) async throws -> Bool {
        try await transaction { try await $0.beginTOTP(userID: userID, sealedSecret: sealedSecret, at: time) }
    }

    public func confirmTOTP(userID: String, step: Int64, recoveryHashes: [KeyHash], at time: Date) async throws -> Bool {
        try await transaction { try await $0.confirmTOTP(userID: userID, step: step, recoveryHashes: recoveryHashes, at: time) }
    }

    public func acceptTOTPStep(userID: String, step: Int64) async throws -> Bool {
        try await transaction { try await $0.acceptTOTPStep(userID: userID, step: step) }
    }

    public func markSessionMFA(tokenID: String, at time: Date) async throws -> Bool {
        try await transaction { try await $0.markSessionMFA(tokenID: tokenID, at: time) }
    }

    public func useRecoveryCode(userID: String, hash: KeyHash, at time: Date) async throws -> Bool {
        try await transaction { try await $0.useRecoveryCode(userID: userID, hash: hash, at: time) }
    }

    public func rewrapTOTPSecrets(_ rewrap: @Sendable (UserRecord, [UInt8]) throws -> [UInt8]?) async throws -> Int {
        try await transaction { try await $0.rewrapTOTPSecrets(rewrap) }
    }
}

extension SQLWriter {
    /// Starts (or restarts, before confirmation) a user's enrolment: a confirmed
    /// one is kept (false), so a stolen session cannot swap the second factor.
    func beginTOTP(userID: String, sealedSecret: [UInt8], at time: Date) async throws -> Bool {
        try await query(
            """
            UPDATE users SET totp_secret = ?, totp_confirmed_at = NULL, totp_last_step = NULL, updated_at = ?
            WHERE id = ? AND totp_confirmed_at IS NULL
            """,
            [.blob(sealedSecret), .time(time), .text(userID)])
        return try await changedRows() > 0
    }

    /// Confirms the pending enrolment with the step of its first code and stores
    /// the recovery codes' hashes; false when there is none or it was confirmed.
    func confirmTOTP(userID: String, step: Int64, recoveryHashes: [KeyHash], at time: Date) async throws -> Bool {
        try await query(
            """
            UPDATE users SET totp_confirmed_at = ?, totp_last_step = ?, updated_at = ?
            WHERE id = ? AND totp_secret IS NOT NULL AND totp_confirmed_at IS NULL
            """,
            [.time(time), .integer(Int(step)), .time(time), .text(userID)])
        guard try await changedRows() > 0 else { return false }
        try await query("DELETE FROM recovery_codes WHERE user_id = ?", [.text(userID)])
        for hash in recoveryHashes {
            try await query("INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)", [.text(userID), .hash(hash)])
        }
        return true
    }

    /// Takes `step` as the user's last accepted one only if it is later than
    /// the last: one statement, so two logins with one code cannot both pass.
    func acceptTOTPStep(userID: String, step: Int64) async throws -> Bool {
        try await query(
            "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_confirmed_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < ?)",
            [.integer(Int(step)), .text(userID), .integer(Int(step))])
        return try await changedRows() > 0
    }

    func markSessionMFA(tokenID: String, at time: Date) async throws -> Bool {
        guard let row = try await query("SELECT hash FROM tokens WHERE id = ? AND revoked_at IS NULL", [.text(tokenID)]).first else { return false }
        try await query("UPDATE tokens SET mfa_at = ? WHERE id = ?", [.time(time), .text(tokenID)])
        changes.note(.token(try row.keyHash("hash")))
        return true
    }

    /// Uses a recovery code once: false when it is unknown or was used.
    func useRecoveryCode(userID: String, hash: KeyHash, at time: Date) async throws -> Bool {
        try await query(
            "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at IS NULL", [.time(time), .text(userID), .hash(hash)])
        return try await changedRows() > 0
    }

    func rewrapTOTPSecrets(_ rewrap: @Sendable (UserRecord, [UInt8]) throws -> [UInt8]?) async throws -> Int {
        var replaced = 0
        for row in try await query("SELECT * FROM users WHERE totp_secret IS NOT NULL ORDER BY id") {
            let user = try SQLStore.user(from: row)
            guard let sealed = user.totp?.sealedSecret, let rewrapped = try rewrap(user, sealed) else { continue }
            try await query("UPDATE users SET totp_secret = ? WHERE id = ?", [.blob(rewrapped), .text(user.id)])
            replaced += 1
        }
        return replaced
    }
}
