import KeywardCore

/// How administrators log in (docs/users.md): bcrypt's cost, how long a
/// session lasts, and when failed logins lock a user.
public struct UserPolicy: Sendable, Equatable {
    /// bcrypt's cost: 2^cost rounds (12: about a quarter of a second).
    public var bcryptCost: UInt8
    /// Seconds a session token lives.
    public var sessionLifetime: Double
    public var lockoutFailures: Int
    public var lockoutWindow: Double
    public var lockoutDuration: Double
    /// Roles whose users must have a second factor (`--require-mfa`): until they
    /// enrol, a login answers a session that can only enrol.
    public var requireMFA: Set<UserRole>
    /// The most of one core that password hashing may take (the rest waits); 1: no limit.
    /// A tenth keeps verification's throughput beside a flood of logins (docs/benchmarks.md).
    public var passwordCPUShare: Double = 0.1
    /// Vault paths (globs, as in `secrets:read:<glob>`) whose values a session reads only with step-up.
    public var stepUpSecrets: [String] = []

    public init(
        bcryptCost: UInt8 = 12, sessionLifetime: Double = 43_200, lockoutFailures: Int = 5, lockoutWindow: Double = 900,
        lockoutDuration: Double = 900,
        requireMFA: Set<UserRole> = []
    ) {
        self.requireMFA = requireMFA
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.lockoutFailures = lockoutFailures
        self.lockoutWindow = lockoutWindow
        self.lockoutDuration = lockoutDuration
    }
}
