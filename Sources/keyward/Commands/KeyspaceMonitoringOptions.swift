import ArgumentParser
import KeywardCore

/// A keyspace's monitoring policy on the command line (docs/monitoring.md#keyspace-policies).
/// The server checks every value; `default` sends a threshold back to the server's,
/// `never` clears `--revoke-unused-after`.
struct KeyspaceMonitoringOptions: ParsableArguments {
    @Option(name: .customLong("on-theft"), help: "On a strong theft signal: alert (default) or disable the live key of the line.")
    var onTheft: String?

    @Option(name: .customLong("revoke-unused-after"), help: "Revoke keys unused this long, such as 90d (at least 1d); never: keep them.")
    var revokeUnusedAfter: String?

    @Option(name: .customLong("spike-factor"), help: "This keyspace's rate-spike factor; default: the server's.")
    var spikeFactor: String?

    @Option(name: .customLong("spike-minimum"), help: "This keyspace's fewest answers in a spike minute; default: the server's.")
    var spikeMinimum: String?

    @Option(name: .customLong("new-network-after"), help: "History a key needs before a new network alerts, such as 12h; default: the server's.")
    var newNetworkAfter: String?

    func apply(to body: inout [String: JSONValue]) {
        if let onTheft { body["onTheft"] = .string(onTheft) }
        if let revokeUnusedAfter { body["revokeUnusedAfter"] = revokeUnusedAfter == "never" ? .null : .string(revokeUnusedAfter) }
        var anomalies: [String: JSONValue] = [:]
        if let spikeFactor { anomalies["spikeFactor"] = Self.number(spikeFactor) }
        if let spikeMinimum { anomalies["spikeMinimum"] = Self.number(spikeMinimum) }
        if let newNetworkAfter { anomalies["newNetworkAfter"] = newNetworkAfter == "default" ? .null : .string(newNetworkAfter) }
        if !anomalies.isEmpty { body["anomalies"] = .object(anomalies) }
    }

    /// A number as JSON; `default` is null, and text that is no number goes as text,
    /// so the server's 400 names the field.
    private static func number(_ text: String) -> JSONValue {
        if text == "default" { return .null }
        guard let value = Double(text), value.isFinite else { return .string(text) }
        return .number(value)
    }
}
