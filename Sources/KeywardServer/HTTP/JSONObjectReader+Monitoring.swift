import KeywardCore

extension JSONObjectReader {
    /// A keyspace's `onTheft`, `revokeUnusedAfter` and `anomalies` into `changes`
    /// (docs/monitoring.md#keyspace-policies).
    func monitoring(into changes: inout KeyspaceChanges) throws(KeywardError) {
        if let text = try string("onTheft", maxLength: 16) {
            guard let response = KeyspaceMonitoring.TheftResponse(rawValue: text) else {
                throw KeywardError(.invalidField, "expected alert or disable", field: qualified("onTheft"))
            }
            changes.onTheft = response
        }
        if has("revokeUnusedAfter") {
            let period = try duration("revokeUnusedAfter")
            if let period, period.seconds < KeyspaceMonitoring.minimumUnusedPeriod {
                throw KeywardError(.invalidField, "expected at least 1d (or null: never)", field: qualified("revokeUnusedAfter"))
            }
            changes.revokeUnusedAfter = .some(period)
        }
        switch members["anomalies"] {
        case nil: break
        case .null?:
            changes.spikeFactor = .some(nil)
            changes.spikeMinimum = .some(nil)
            changes.newNetworkAfter = .some(nil)
        case .object(let fields)?: try JSONObjectReader(members: fields, path: qualified("anomalies")).anomalyThresholds(into: &changes)
        case let other?:
            throw KeywardError(
                .invalidField, "expected an object {spikeFactor, spikeMinimum, newNetworkAfter} or null, found \(Self.kind(of: other))",
                field: qualified("anomalies"))
        }
    }

    /// Each threshold named: a value, or null for the server's; one not named stays.
    private func anomalyThresholds(into changes: inout KeyspaceChanges) throws(KeywardError) {
        try rejectUnknownFields(allowed: ["spikeFactor", "spikeMinimum", "newNetworkAfter"])
        if has("spikeFactor") { changes.spikeFactor = .some(try number("spikeFactor", in: AnomalyThresholds.spikeFactorRange)) }
        if has("spikeMinimum") {
            let range = AnomalyThresholds.spikeMinimumRange
            changes.spikeMinimum = .some(try integer("spikeMinimum", in: Int(range.lowerBound)...Int(range.upperBound)).map(Int64.init))
        }
        if has("newNetworkAfter") { changes.newNetworkAfter = .some(try duration("newNetworkAfter")) }
    }

    /// A finite number within `range`.
    func number(_ name: String, in range: ClosedRange<Double>) throws(KeywardError) -> Double? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let value)?:
            guard value.isFinite, range.contains(value) else {
                throw KeywardError(.invalidField, "expected a number from \(range.lowerBound) to \(range.upperBound)", field: qualified(name))
            }
            return value
        case let other?:
            throw KeywardError(.invalidField, "expected a number, found \(Self.kind(of: other))", field: qualified(name))
        }
    }
}
