import Foundation
import KeywardCore
import NIOCore

extension SQLStore {
    public func webhooks() async throws -> [StoredWebhook] {
        try await read("SELECT * FROM webhooks ORDER BY seq LIMIT ?", [.integer(Webhook.maximumCount * 2)]).map(Self.webhook(from:))
    }

    public func webhook(id: String) async throws -> StoredWebhook? {
        try await read("SELECT * FROM webhooks WHERE id = ?", [.text(id)]).first.map(Self.webhook(from:))
    }

    public func webhookDeliveries(webhookID: String, _ page: PageRequest) async throws -> Page<WebhookDelivery> {
        var conditions = SQLConditions()
        conditions.equal("webhook_id", webhookID)
        if let cursor = page.cursor {
            guard let seq = Int(cursor), seq > 0 else { throw KeywardError(.invalidCursor, "is not a cursor of this list", field: "cursor") }
            conditions.add("seq < ?", .integer(seq))
        }
        let rows = try await read(
            "SELECT * FROM webhook_deliveries WHERE \(conditions.sql) ORDER BY seq DESC LIMIT ?", conditions.binds + [.integer(page.limit + 1)])
        let attempts = try rows.map { row in (try row.int("seq"), try Self.delivery(from: row)) }
        let paged = page.page(from: attempts, id: { String($0.0) })
        return Page(items: paged.items.map(\.1), nextCursor: paged.nextCursor)
    }

    public func insertWebhook(_ webhook: StoredWebhook, maximumCount: Int) async throws -> Bool {
        try await transaction { try await $0.insertWebhook(webhook, maximumCount: maximumCount) }
    }

    public func deleteWebhook(id: String) async throws -> StoredWebhook? {
        try await transaction { try await $0.deleteWebhook(id: id) }
    }

    public func recordWebhookDeliveries(_ attempts: [WebhookDelivery]) async throws {
        guard !attempts.isEmpty else { return }
        try await transaction { try await $0.recordWebhookDeliveries(attempts) }
    }

    public func rewrapWebhookSecrets(_ rewrap: @Sendable (StoredWebhook) throws -> [UInt8]?) async throws -> Int {
        try await transaction { try await $0.rewrapWebhookSecrets(rewrap) }
    }

    static func webhook(from row: SQLRow) throws -> StoredWebhook {
        let id = try row.string("id")
        let url: WebhookURL
        let events: [AlertType]?
        do {
            // Checked when it was created; read back as it was accepted then.
            url = try WebhookURL(parsing: try row.string("url"), allowPrivate: true)
            events = try row.optionalString("events").map { text in
                try RecordCoding.decode([String].self, text).map { try AlertType(parsing: $0, field: "events") }
            }
        } catch {
            throw KeywardError(.storageFailure, "the stored webhook \(id) has a damaged URL or event list")
        }
        return StoredWebhook(
            webhook: Webhook(id: id, url: url, events: events, createdAt: try row.date("created_at"), createdBy: row.optionalString("created_by")),
            sealedSecret: try row.bytes("sealed_secret"))
    }

    static func delivery(from row: SQLRow) throws -> WebhookDelivery {
        guard let type = AlertType(rawValue: try row.string("type")),
            let outcome = WebhookDelivery.Outcome(rawValue: try row.string("outcome"))
        else { throw KeywardError(.storageFailure, "a stored webhook delivery has an unknown type or outcome") }
        return WebhookDelivery(
            webhookID: try row.string("webhook_id"), eventID: try row.string("event_id"), alertID: try row.string("alert_id"), type: type,
            attempt: try row.int("attempt"), attemptedAt: try row.date("attempted_at"), outcome: outcome,
            statusCode: row.optionalInt64("status_code").map(Int.init), error: row.optionalString("error"),
            durationMilliseconds: try row.int("duration_ms"))
    }
}

extension SQLWriter {
    func insertWebhook(_ stored: StoredWebhook, maximumCount: Int) async throws -> Bool {
        let count = try await query("SELECT COUNT(*) AS n FROM webhooks")[0].int("n")
        guard count < maximumCount else { return false }
        let webhook = stored.webhook
        let events = try webhook.events.map { try RecordCoding.json($0.map(\.rawValue)) }
        try await query(
            "INSERT INTO webhooks (id, url, events, sealed_secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(webhook.id), .text(webhook.url.text), .optional(events), .blob(stored.sealedSecret),
                .time(webhook.createdAt), .optional(webhook.createdBy),
            ])
        return true
    }

    func deleteWebhook(id: String) async throws -> StoredWebhook? {
        guard let row = try await query("SELECT * FROM webhooks WHERE id = ?", [.text(id)]).first else { return nil }
        let webhook = try SQLStore.webhook(from: row)
        try await query("DELETE FROM webhooks WHERE id = ?", [.text(id)])
        try await query("DELETE FROM webhook_deliveries WHERE webhook_id = ?", [.text(id)])
        return webhook
    }

    func recordWebhookDeliveries(_ attempts: [WebhookDelivery]) async throws {
        var touched: Set<String> = []
        for attempt in attempts {
            try await query(
                """
                INSERT INTO webhook_deliveries (webhook_id, event_id, alert_id, type, attempt, attempted_at, outcome, status_code, error, duration_ms)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = ?)
                """,
                [
                    .text(attempt.webhookID), .text(attempt.eventID), .text(attempt.alertID), .text(attempt.type.rawValue),
                    .integer(attempt.attempt), .time(attempt.attemptedAt), .text(attempt.outcome.rawValue),
                    attempt.statusCode.map { .integer($0) } ?? .null, .optional(attempt.error), .integer(attempt.durationMilliseconds),
                    .text(attempt.webhookID),
                ])
            touched.insert(attempt.webhookID)
        }
        for webhookID in touched {
            try await query(
                """
                DELETE FROM webhook_deliveries WHERE webhook_id = ? AND seq <= (
                    SELECT seq FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
                """, [.text(webhookID), .text(webhookID), .integer(WebhookDelivery.keptPerWebhook)])
        }
    }

    func rewrapWebhookSecrets(_ rewrap: @Sendable (StoredWebhook) throws -> [UInt8]?) async throws -> Int {
        var replaced = 0
        for row in try await query("SELECT * FROM webhooks ORDER BY seq") {
            let stored = try SQLStore.webhook(from: row)
            guard let sealed = try rewrap(stored) else { continue }
            try await query(
                "UPDATE webhooks SET sealed_secret = ? WHERE id = ?", [.blob(sealed), .text(stored.webhook.id)])
            replaced += 1
        }
        return replaced
    }
}
