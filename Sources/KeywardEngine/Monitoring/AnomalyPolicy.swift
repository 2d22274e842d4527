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
