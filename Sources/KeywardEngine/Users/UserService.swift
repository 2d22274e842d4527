import Foundation
import KeywardCore
import KeywardStore
import Logging

/// Administrators with roles, and their logins (docs/users.md). A login checks
/// the password with bcrypt (`PasswordHashing`) and answers a session: a
/// `kwm_` token with the role's scopes that ends after `sessionLifetime`.
/// A failed login answers `INVALID_CREDENTIALS` whatever failed, after the
/// same bcrypt work; five failures in 15 minutes lock the name for 15 minutes
/// (`LoginThrottle`), and every failure also counts against the caller's
/// address (`SourceBlocker`). Management tokens never lock: an attacker
/// guessing passwords cannot lock the operator's CLI out.
public struct UserService: Sendable {
    let store: any Store
    let audit: AuditLog
    let tokens: TokenService
    let passwords: PasswordHashing
    let secondFactor: SecondFactor
    let throttle: LoginThrottle
    let blocker: SourceBlocker
    let sessionLifetime: Double
    let requireMFA: Set<UserRole>
    /// Vault path globs whose values need step-up (`serve --step-up-secrets`).
    public let stepUpSecrets: [String]
    let time: EngineClock
    let logger: Logger
    /// Raises `user.locked` when a lock begins.
    let alerts: AlertService

    /// A session just made: the token (its only copy), its record and its user.
    public struct Session: Sendable {
        public var token: APIKey
        public var record: TokenRecord
        public var user: UserRecord
        /// The role needs a second factor the user has not enrolled: this session
        /// has no scopes and can only enrol (`POST /v1/mfa/totp`) and log out.
        public var enrolmentOnly: Bool
    }

    public func create(name: String, role: UserRole, password: String, by context: AuditContext) async throws -> UserRecord {
        try KeywardName.validate(name, field: "name")
        try PasswordPolicy.check(password, userName: name)
        let hash = try await passwords.hash(password)
        let now = time.now
        let user = UserRecord(
            id: RecordID.make(.user), name: name, role: role, passwordHash: hash, createdAt: now, updatedAt: now, createdBy: context.actor.id)
        try await audit.record { writer in
            try await writer.insertUser(user)
            return ((), [context.draft("user.create", target: user.id, at: now, details: Self.details(user))])
        }
        return user
    }

    public func get(_ idOrName: String) async throws -> UserRecord {
        guard let user = try await store.user(idOrName: idOrName) else { throw Self.noUser(idOrName) }
        return user
    }

    public func list(_ page: PageRequest) async throws -> Page<UserRecord> {
        try await store.listUsers(page)
    }

    /// Changes role, state or password; any of them ends the user's sessions.
    public func update(
        _ idOrName: String, role: UserRole?, enabled: Bool?, password: String?, resetSecondFactor: Bool = false, by context: AuditContext
    ) async throws -> UserRecord {
        let user = try await get(idOrName)
        var changes = UserChanges(role: role, enabled: enabled, resetSecondFactor: resetSecondFactor)
        if let password {
            try PasswordPolicy.check(password, userName: user.name)
            changes.passwordHash = try await passwords.hash(password)
        }
        let now = time.now
        var details: [String: JSONValue] = [:]
        if let role { details["role"] = .string(role.rawValue) }
        if let enabled { details["enabled"] = .bool(enabled) }
        if password != nil { details["passwordChanged"] = .bool(true) }
        if resetSecondFactor { details["mfaReset"] = .bool(true) }
        return try await audit.record { [changes, details] writer in
            let (updated, ended) = try await writer.updateUser(id: user.id, changes, at: now)
            var entry = details
            if !ended.isEmpty { entry["sessionsEnded"] = .number(Double(ended.count)) }
            return (updated, [context.draft("user.update", target: user.id, at: now, details: entry)])
        }
    }

    public func delete(_ idOrName: String, by context: AuditContext) async throws {
        let user = try await get(idOrName)
        let now = time.now
        let deleted = try await audit.record { writer in
            guard let (deleted, ended) = try await writer.deleteUser(id: user.id, at: now) else { return (false, []) }
            var entry = Self.details(deleted)
            entry["sessionsEnded"] = .number(Double(ended.count))
            return (true, [context.draft("user.delete", target: user.id, at: now, details: entry)])
        }
        guard deleted else { throw Self.noUser(idOrName) }
    }

    /// Checks `password` (and `code`, for a user with a second factor) for
    /// user `name` and makes a session, or throws `INVALID_CREDENTIALS`,
    /// `MFA_REQUIRED`, `INVALID_CODE`, `USER_LOCKED` or `SOURCE_BLOCKED`. A
    /// wrong code counts as a failed login.
    public func login(name: String, password: String, code: String? = nil, client: IPAddress?) async throws -> Session {
        let started = time.now
        if let until = blocker.blockedUntil(client, at: started) {
            throw KeywardError(.loginSourceBlocked, "too many failures from this address; try again later", retryAfter: Self.seconds(until, started))
        }
        if let until = throttle.lockedUntil(name, at: started) {
            throw KeywardError(.userLocked, "this user is locked after repeated failed logins", retryAfter: Self.seconds(until, started))
        }
        let found = name.utf8.count <= KeywardName.maximumLength ? try await store.user(idOrName: name) : nil
        let user = found.flatMap { $0.name == name ? $0 : nil }
        let matches = try await passwords.verify(password, against: user?.passwordHash)
        let now = time.now
        let context = AuditContext(actor: user.map(AuditActor.user) ?? .client(client), sourceIP: client?.description)
        guard let user, matches, user.enabled else {
            try await noteFailure(
                name: name, user: user, reason: user == nil ? "unknown user" : (matches ? "disabled" : "wrong password"), client: client,
                context: context, at: now)
            throw KeywardError(.invalidCredentials, "the name or the password is wrong")
        }
        do {
            try await secondFactor.check(code, for: user)
        } catch let error as KeywardError where error.code == .invalidCode {
            try await noteFailure(name: name, user: user, reason: "wrong code", client: client, context: context, at: now)
            throw error
        }
        throttle.clear(name)
        let enrolmentOnly = requireMFA.contains(user.role) && !user.requiresSecondFactor
        let (secret, made) = tokens.make(
            scopes: enrolmentOnly ? [] : user.role.scopes, name: (enrolmentOnly ? "enrolment: " : "session: ") + user.name,
            expiresAt: now.addingTimeInterval(enrolmentOnly ? min(sessionLifetime, 900) : sessionLifetime), createdBy: user.id, at: now)
        var proved = made
        // A login with a second factor counts as step-up for the next 5 minutes.
        if user.requiresSecondFactor { proved.mfaAt = now }
        let record = proved
        try await audit.record { writer in
            try await writer.insertToken(record)
            var details = AuditDetails.token(record)
            details["role"] = .string(user.role.rawValue)
            return ((), [context.draft("user.login", target: user.id, at: now, details: details)])
        }
        return Session(token: secret, record: record, user: user, enrolmentOnly: enrolmentOnly)
    }

    /// Ends the session `token` (the caller's own); a token that is no session is a `CONFLICT`.
    public func logout(_ token: TokenRecord, sourceIP: String?) async throws {
        guard let userID = token.userID else {
            throw KeywardError(.conflict, "this token is not a login session; revoke management tokens with DELETE /v1/tokens/{id}")
        }
        let now = time.now
        let context = AuditContext(actor: .token(token), sourceIP: sourceIP)
        try await audit.record { writer in
            let revoked = try await writer.revokeToken(id: token.id, at: now, keepingAnAdmin: false) ?? []
            return ((), [context.draft("user.logout", target: userID, at: now, details: ["sessionsEnded": .number(Double(revoked.count))])])
        }
    }

    /// Step-up (docs/users.md): a dangerous action by a login session needs a
    /// second factor proved within `stepUpWindow` seconds, at its login or by
    /// `otp` (`X-Keyward-OTP`), which then counts for the next ones too.
    /// Tokens that are not sessions are machine credentials and pass.
    public func requireFreshMFA(_ token: TokenRecord, otp: String?, client: IPAddress?) async throws {
        guard let userID = token.userID else { return }
        let now = time.now
        if let proved = token.mfaAt, now.timeIntervalSince(proved) <= Self.stepUpWindow { return }
        guard let user = try await store.user(idOrName: userID), user.enabled else {
            throw KeywardError(.invalidToken, "the management token is not valid")
        }
        guard user.requiresSecondFactor else {
            throw KeywardError(
                .mfaRequired, "this action needs a second factor; enrol one first (keyward mfa enroll), then send a code in X-Keyward-OTP")
        }
        guard let otp, !otp.isEmpty else {
            throw KeywardError(.mfaRequired, "this action needs a fresh second factor: send a code of the authenticator in X-Keyward-OTP")
        }
        if let until = throttle.lockedUntil(user.name, at: now) {
            throw KeywardError(.userLocked, "this user is locked after repeated failures", retryAfter: Self.seconds(until, now))
        }
        do {
            try await secondFactor.check(otp, for: user)
        } catch let error as KeywardError where error.code == .invalidCode {
            let context = AuditContext(actor: .token(token), sourceIP: client?.description)
            try await noteFailure(name: user.name, user: user, reason: "wrong step-up code", client: client, context: context, at: now)
            throw error
        }
        _ = try await store.markSessionMFA(tokenID: token.id, at: now)
    }

    /// How long a proved second factor lets a session act without another code.
    public static let stepUpWindow: Double = 300

    private func noteFailure(
        name: String, user: UserRecord?, reason: String, client: IPAddress?, context: AuditContext, at now: Date
    ) async throws {
        let lockedUntil = throttle.noteFailure(name, at: now)
        _ = blocker.noteFailure(client, at: now)
        var drafts = [
            AuditDraft(
                time: now, actor: context.actor, action: "user.login", target: user?.id, outcome: .denied, sourceIP: context.sourceIP,
                details: ["reason": .string(reason)])
        ]
        if let lockedUntil {
            logger.warning("user locked after failed logins", metadata: ["user": "\(user?.id ?? "unknown")"])
            drafts.append(
                AuditDraft(
                    time: now, actor: .system, action: "user.lock", target: user?.id, outcome: .success, sourceIP: context.sourceIP,
                    details: ["until": .string(Timestamp.format(lockedUntil))]))
        }
        try await audit.append(drafts)
        if let lockedUntil, let user {
            await alerts.raise([
                AlertSignal(
                    type: .userLocked, source: client?.description, userID: user.id, time: now,
                    details: ["user": .string(user.name), "until": .string(Timestamp.format(lockedUntil))])
            ])
        }
    }

    static func details(_ user: UserRecord) -> [String: JSONValue] {
        ["name": .string(user.name), "role": .string(user.role.rawValue), "enabled": .bool(user.enabled)]
    }

    static func seconds(_ until: Date, _ now: Date) -> Int { max(1, Int(until.timeIntervalSince(now).rounded(.up))) }

    static func noUser(_ idOrName: String) -> KeywardError {
        KeywardError(.notFound, "no " + EchoedID.describe(idOrName, kind: .user, noun: "user"))
    }
}

extension KeywardError.Code {
    /// Logins from an address blocked after repeated failures (429).
    public static let loginSourceBlocked = Self("SOURCE_BLOCKED", .throttled)
}
