import Crypto
import Foundation
import KeywardCore
import KeywardStore

/// TOTP MFA of users (docs/users.md): enrolment by the user's own session,
/// confirmation by a first code (which also makes ten single-use recovery
/// codes), and the check a login makes. The secret is sealed by the keyring
/// and bound to the user's id; recovery codes are kept as keyed hashes.
public struct SecondFactor: Sendable {
    let store: any Store
    let audit: AuditLog
    let vault: VaultKeys
    let hasher: KeyHasher
    let time: EngineClock
    static let recoveryCodes = 10

    /// A pending enrolment: the secret in base32 (for typing) and the `otpauth://` URI.
    public struct Enrolment: Sendable {
        public var secret: String
        public var uri: String
    }

    /// Begins enrolment for the user of `session`; a user with a confirmed
    /// second factor is a `CONFLICT` (an admin resets it: `PATCH /v1/users/{id}` with `"mfa": null`).
    public func enroll(session: TokenRecord, sourceIP: String?) async throws -> Enrolment {
        let user = try await Self.user(of: session, store: store)
        var secret = [UInt8](repeating: 0, count: TOTP.secretBytes)
        var generator = SystemRandomNumberGenerator()
        for index in secret.indices { secret[index] = generator.next() }
        let now = time.now
        let context = AuditContext(actor: .token(session), sourceIP: sourceIP)
        let vault = self.vault
        let generated = secret
        let began = try await audit.record { writer in
            // Sealed inside the write, with the keyring as stored (see `VaultKeys.keyringAsStored(in:)`).
            let sealed = try await vault.keyringAsStored(in: writer).wrap(generated, context: Self.secretContext(user.id))
            guard try await writer.beginTOTP(userID: user.id, sealedSecret: sealed, at: now) else { return (false, []) }
            return (true, [context.draft("user.mfa_enroll", target: user.id, at: now)])
        }
        guard began else {
            throw KeywardError(.conflict, "this user has a confirmed second factor; an admin resets it before a new enrolment")
        }
        return Enrolment(secret: Base32.encode(secret), uri: TOTP.provisioningURI(secret: secret, account: user.name))
    }

    /// Confirms the pending enrolment with a first code and answers the recovery codes, shown once.
    public func confirm(session: TokenRecord, code: String, sourceIP: String?) async throws -> [String] {
        let user = try await Self.user(of: session, store: store)
        guard let enrolment = user.totp, enrolment.confirmedAt == nil else {
            throw KeywardError(.conflict, "there is no enrolment to confirm; POST /v1/mfa/totp first")
        }
        let now = time.now
        guard let step = TOTP.matchingStep(code, secret: try await secret(of: user.id, enrolment), at: now) else {
            throw KeywardError(.invalidCode, "the code does not match; check the authenticator's clock and try the next code")
        }
        let codes = (0..<Self.recoveryCodes).map { _ in Self.makeRecoveryCode() }
        let hashes = codes.map { recoveryHash($0, userID: user.id) }
        let context = AuditContext(actor: .token(session), sourceIP: sourceIP)
        let confirmed = try await audit.record { writer in
            guard try await writer.confirmTOTP(userID: user.id, step: step, recoveryHashes: hashes, at: now) else { return (false, []) }
            return (true, [context.draft("user.mfa_confirm", target: user.id, at: now, details: ["recoveryCodes": .number(Double(codes.count))])])
        }
        guard confirmed else { throw KeywardError(.conflict, "the enrolment was confirmed or replaced meanwhile") }
        return codes
    }

    /// What a login's `code` proves for `user`: nothing needed (no confirmed
    /// second factor), or a TOTP code of a step not used before, or an unused
    /// recovery code. Throws `MFA_REQUIRED` without a code, `INVALID_CODE` for a bad one.
    func check(_ code: String?, for user: UserRecord) async throws {
        guard let enrolment = user.totp, enrolment.confirmedAt != nil else { return }
        guard let code, !code.isEmpty else {
            throw KeywardError(.mfaRequired, "this user has a second factor: send the code of the authenticator (or a recovery code) as code")
        }
        let invalid = KeywardError(.invalidCode, "the code is wrong or was used already")
        let now = time.now
        if let step = TOTP.matchingStep(code, secret: try await secret(of: user.id, enrolment), at: now) {
            guard try await store.acceptTOTPStep(userID: user.id, step: step) else { throw invalid }
            return
        }
        guard code.utf8.count <= 64, try await store.useRecoveryCode(userID: user.id, hash: recoveryHash(code, userID: user.id), at: now) else {
            throw invalid
        }
    }

    private func secret(of userID: String, _ enrolment: TOTPEnrolment) async throws -> [UInt8] {
        try await vault.opening(from: store) { keyring in try keyring.unwrap(enrolment.sealedSecret, context: Self.secretContext(userID)) }
    }

    /// A recovery code's keyed hash, bound to its user; case and dashes do not count.
    private func recoveryHash(_ code: String, userID: String) -> KeyHash {
        let normalized = code.lowercased().filter { $0 != "-" && $0 != " " }
        return hasher.hash(secret: "keyward-recovery\u{0}\(userID)\u{0}\(normalized)")
    }

    /// Ten base32 characters in two groups: 50 bits, `abcde-fghij`.
    static func makeRecoveryCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        let characters = (0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))] }
        return String(characters[0..<5]) + "-" + String(characters[5..<10])
    }

    /// What a user's sealed TOTP secret is bound to: copied to another user, it does not open.
    static func secretContext(_ userID: String) -> String { "keyward:totp-secret:\(userID)" }

    static func user(of session: TokenRecord, store: any Store) async throws -> UserRecord {
        guard let userID = session.userID else {
            throw KeywardError(.conflict, "a second factor belongs to a user: log in (keyward login) and enrol with the session")
        }
        guard let user = try await store.user(idOrName: userID) else { throw UserService.noUser(userID) }
        return user
    }
}
