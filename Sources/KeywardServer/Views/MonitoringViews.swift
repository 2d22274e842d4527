import Foundation
import KeywardCore

/// The JSON of usage answers and alerts (SPEC §5).
enum MonitoringViews {
    /// `{"keyId" | "keyspaceId", "granularity", "from", "to", "buckets": [{"start", "counts": {"VALID": 20, …}}]}`;
    /// `counts` holds only the codes that occurred.
    static func usage(subject: (name: String, id: String), query: UsageQuery, buckets: [UsageBucket]) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set(subject.name, subject.id)
        view.set("granularity", query.granularity.rawValue)
        view.set("from", query.from)
        view.set("to", query.to)
        view.set(
            "buckets",
            .array(
                buckets.map { bucket in
                    var counts: [String: JSONValue] = [:]
                    for (code, count) in bucket.counts where count > 0 { counts[code.rawValue] = .number(Double(count)) }
                    return .object(["start": .string(Timestamp.format(bucket.start)), "counts": .object(counts)])
                }))
        return view.object
    }

    /// `{id, type, severity, keyId?, keyspaceId?, source?, secretPath?, firstSeenAt, lastSeenAt, count, details, acknowledged, acknowledgedAt?, acknowledgedBy?}`.
    static func alert(_ alert: Alert) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("id", alert.id)
        view.set("type", alert.type.rawValue)
        view.set("severity", alert.severity.rawValue)
        view.set("keyId", alert.keyID)
        view.set("keyspaceId", alert.keyspaceID)
        view.set("source", alert.source)
        view.set("secretPath", alert.secretPath)
        view.set("firstSeenAt", alert.firstSeenAt)
        view.set("lastSeenAt", alert.lastSeenAt)
        view.set("count", Int(alert.count))
        view.set("details", .object(alert.details))
        view.set("acknowledged", !alert.isOpen)
        view.set("acknowledgedAt", alert.acknowledgedAt)
        view.set("acknowledgedBy", alert.acknowledgedBy)
        return view.object
    }
}
