import Foundation
import KeywardCore

/// The thresholds of the anomaly detectors (docs/monitoring.md).
public struct AnomalyPolicy: Sendable, Equatable {
    /// A key's rate against its own baseline (`RateBaseline`).
    public var rateSpike: RateBaseline.Rule
    /// A key counts as having history once it was first seen from some network
    /// at least this many seconds ago; only then does a new network alert.
    public var networkHistory: Double

    public init(rateSpike: RateBaseline.Rule = RateBaseline.Rule(), networkHistory: Double = 86_400) {
        self.rateSpike = rateSpike
        self.networkHistory = networkHistory
    }
}

/// How long usage is kept (docs/monitoring.md): minutes for `minuteDays`,
/// then rolled up into hours, kept for `days` in all.
public struct UsageRetention: Sendable, Equatable {
    public var minuteDays: Int
    public var days: Int

    public init(minuteDays: Int = 7, days: Int = 90) {
        self.minuteDays = max(1, minuteDays)
        self.days = max(self.minuteDays, days)
    }
}

/// What the engine's monitoring is set to: the detectors' thresholds and the usage retention.
public struct MonitoringPolicy: Sendable, Equatable {
    public var anomalies: AnomalyPolicy
    public var retention: UsageRetention

    public init(anomalies: AnomalyPolicy = AnomalyPolicy(), retention: UsageRetention = UsageRetention()) {
        self.anomalies = anomalies
        self.retention = retention
    }
}

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
