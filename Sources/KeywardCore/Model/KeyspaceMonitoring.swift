import Foundation

/// What a keyspace asks of monitoring (docs/monitoring.md#keyspace-policies):
/// its own anomaly thresholds (each unset one is the server's), what a strong
/// theft signal does to the key it is about, and when unused keys are revoked.
public struct KeyspaceMonitoring: Sendable, Equatable {
    /// What happens on a strong theft signal (a revoked, expired or rotated-out
    /// key used from a new network; a leak report).
    public enum TheftResponse: String, Sendable, CaseIterable {
        /// Raise the alert only.
        case alert
        /// Also disable the live key of the signal's rotation line, audited.
        case disable
    }

    public var onTheft: TheftResponse
    /// Active keys unused this long (or never used and this old) are revoked by a job.
    public var revokeUnusedAfter: DurationText?
    public var anomalies: AnomalyThresholds

    /// The shortest `revokeUnusedAfter`: shorter would revoke keys between two uses.
    public static let minimumUnusedPeriod: Int64 = 86_400

    public init(onTheft: TheftResponse = .alert, revokeUnusedAfter: DurationText? = nil, anomalies: AnomalyThresholds = AnomalyThresholds()) {
        self.onTheft = onTheft
        self.revokeUnusedAfter = revokeUnusedAfter
        self.anomalies = anomalies
    }
}

/// A keyspace's own anomaly thresholds; nil: the server's (`serve --spike-factor`, …).
public struct AnomalyThresholds: Sendable, Equatable {
    public var spikeFactor: Double?
    public var spikeMinimum: Int64?
    public var newNetworkAfter: DurationText?

    public static let spikeFactorRange: ClosedRange<Double> = 1...1_000_000
    public static let spikeMinimumRange: ClosedRange<Int64> = 1...1_000_000_000

    public init(spikeFactor: Double? = nil, spikeMinimum: Int64? = nil, newNetworkAfter: DurationText? = nil) {
        self.spikeFactor = spikeFactor
        self.spikeMinimum = spikeMinimum
        self.newNetworkAfter = newNetworkAfter
    }

    /// The server's rule with this keyspace's thresholds in place of its own.
    public func rule(over server: RateBaseline.Rule) -> RateBaseline.Rule {
        var rule = server
        if let spikeFactor { rule.factor = spikeFactor }
        if let spikeMinimum { rule.minimumRequests = spikeMinimum }
        return rule
    }

    /// Seconds of history a key needs before a new network alerts.
    public func networkHistory(over server: Double) -> Double {
        newNetworkAfter.map { Double($0.seconds) } ?? server
    }
}

extension KeyspaceMonitoring {
    /// The policy as JSON, as the API shows it and the store keeps it:
    /// `{"onTheft", "revokeUnusedAfter", "anomalies": {"spikeFactor", "spikeMinimum", "newNetworkAfter"}}`,
    /// unset thresholds absent.
    public var json: JSONValue {
        var anomalies: [String: JSONValue] = [:]
        if let factor = self.anomalies.spikeFactor { anomalies["spikeFactor"] = .number(factor) }
        if let minimum = self.anomalies.spikeMinimum { anomalies["spikeMinimum"] = .number(Double(minimum)) }
        if let after = self.anomalies.newNetworkAfter { anomalies["newNetworkAfter"] = .string(after.text) }
        return .object([
            "onTheft": .string(onTheft.rawValue), "revokeUnusedAfter": revokeUnusedAfter.map { .string($0.text) } ?? .null,
            "anomalies": .object(anomalies),
        ])
    }

    /// Reads what `json` wrote; fields missing are the defaults.
    public init(json: JSONValue) throws(KeywardError) {
        guard let members = json.objectValue else { throw Self.damaged("not an object") }
        self.init()
        if let text = members["onTheft"]?.stringValue {
            guard let response = TheftResponse(rawValue: text) else { throw Self.damaged("onTheft") }
            onTheft = response
        }
        revokeUnusedAfter = try members["revokeUnusedAfter"]?.stringValue.map { text throws(KeywardError) in try DurationText(parsing: text) }
        if let anomalies = members["anomalies"]?.objectValue {
            if case .number(let factor)? = anomalies["spikeFactor"] { self.anomalies.spikeFactor = factor }
            if case .number(let minimum)? = anomalies["spikeMinimum"] { self.anomalies.spikeMinimum = Int64(exactly: minimum.rounded()) }
            self.anomalies.newNetworkAfter = try anomalies["newNetworkAfter"]?.stringValue.map { text throws(KeywardError) in
                try DurationText(parsing: text)
            }
        }
    }

    private static func damaged(_ what: String) -> KeywardError {
        KeywardError(.storageFailure, "a keyspace's stored monitoring policy does not read back (\(what))")
    }
}
