import Foundation
import KeywardCore
import KeywardEngine

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

    /// `{id, type, severity, subject, keyId?, keyspaceId?, source?, secretPath?, firstSeenAt, lastSeenAt, count, details, acknowledged, acknowledgedAt?, acknowledgedBy?}`.
    static func alert(_ alert: Alert) -> JSONValue { alert.json }

    /// `{id, url, events (null: every type), createdAt, createdBy}`; never the secret.
    static func webhook(_ webhook: Webhook) -> JSONObjectBuilder {
        var view = JSONObjectBuilder()
        view.set("id", webhook.id)
        view.set("url", webhook.url.text)
        view.set("events", webhook.events.map { .array($0.map { .string($0.rawValue) }) } ?? .null)
        view.set("createdAt", webhook.createdAt)
        view.set("createdBy", webhook.createdBy)
        return view
    }

    /// `{webhookId, eventId, alertId, type, attempt, attemptedAt, outcome, statusCode, error, durationMs}`.
    static func delivery(_ delivery: WebhookDelivery) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("webhookId", delivery.webhookID)
        view.set("eventId", delivery.eventID)
        view.set("alertId", delivery.alertID)
        view.set("type", delivery.type.rawValue)
        view.set("attempt", delivery.attempt)
        view.set("attemptedAt", delivery.attemptedAt)
        view.set("outcome", delivery.outcome.rawValue)
        view.set("statusCode", delivery.statusCode)
        view.set("error", delivery.error)
        view.set("durationMs", delivery.durationMilliseconds)
        return view.object
    }

    /// `{"generatedAt", "unusedFor", "expiringWithin", "limit", "truncated": [section…], "sections": {…}}`.
    static func hygiene(_ report: HygieneReport) -> JSONValue {
        let now = report.generatedAt
        func key(_ record: KeyRecord) -> JSONValue {
            var view = JSONObjectBuilder()
            view.set("id", record.id)
            view.set("name", record.name)
            view.set("keyspace", report.keyspaceNames[record.keyspaceId] ?? record.keyspaceId)
            view.set("start", record.start)
            view.set("owner", record.owner)
            view.set("createdAt", record.createdAt)
            view.set("lastUsedAt", record.lastUsedAt)
            view.set("expiresAt", record.expiresAt)
            view.set("ageDays", Int(now.timeIntervalSince(record.createdAt) / 86_400))
            return view.object
        }
        func secret(_ record: SecretRecord) -> JSONValue {
            var view = JSONObjectBuilder()
            view.set("path", record.path.rawValue)
            view.set("rotateEvery", record.rotateEvery?.text)
            view.set("lastRotatedAt", record.updatedAt)
            view.set("rotationDueAt", record.rotationDueAt)
            view.set("compromisedAt", record.compromisedAt)
            view.set("compromisedSource", record.compromisedSource)
            return view.object
        }
        let keySections: [(String, HygieneReport.Keys)] = [
            ("stale", report.stale), ("neverUsed", report.neverUsed), ("expiringSoon", report.expiringSoon),
            ("pastRotation", report.pastRotation), ("noExpiry", report.noExpiry), ("unrestricted", report.unrestricted),
        ]
        var sections: [String: JSONValue] = [:]
        for (name, section) in keySections { sections[name] = .array(section.keys.map(key)) }
        let secretSections = [("overdueSecrets", report.overdueSecrets), ("compromisedSecrets", report.compromisedSecrets)]
        for (name, section) in secretSections { sections[name] = .array(section.secrets.map(secret)) }
        let truncated = keySections.filter { $0.1.truncated }.map(\.0) + secretSections.filter { $0.1.truncated }.map(\.0)
        var view = JSONObjectBuilder()
        view.set("generatedAt", report.generatedAt)
        view.set("unusedFor", report.unusedFor.text)
        view.set("expiringWithin", report.expiringWithin.text)
        view.set("limit", HygieneReport.sectionLimit)
        view.set("truncated", .array(truncated.map(JSONValue.string)))
        view.set("sections", .object(sections))
        return view.object
    }
}
