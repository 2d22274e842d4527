import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    static func webhook(_ id: String, events: [AlertType]? = nil, secret: [UInt8] = [1, 2, 3]) throws -> StoredWebhook {
        StoredWebhook(
            webhook: Webhook(
                id: id, url: try WebhookURL(parsing: "https://hooks.example.com/\(id)"), events: events, createdAt: RecordFixtures.epoch,
                createdBy: "tok_a"),
            sealedSecret: secret)
    }

    static func attempt(_ webhook: String, _ number: Int, _ outcome: WebhookDelivery.Outcome = .failed) -> WebhookDelivery {
        WebhookDelivery(
            webhookID: webhook, eventID: "evt_1", alertID: "alr_1", type: .keyLeaked, attempt: number,
            attemptedAt: RecordFixtures.epoch.addingTimeInterval(Double(number)), outcome: outcome, statusCode: outcome == .delivered ? 200 : 500,
            error: outcome == .delivered ? nil : "the receiver answered 500", durationMilliseconds: 12)
    }

    static let webhookCases: [Case] = [
        Case("webhooks read back as written, oldest first, up to the store's limit; 8 parallel inserts at the limit keep it") { store in
            #expect(try await store.insertWebhook(try webhook("wh_a", events: [.keyLeaked, .rateSpike]), maximumCount: 3))
            #expect(try await store.insertWebhook(try webhook("wh_b"), maximumCount: 3))
            #expect(try await store.webhooks().map(\.webhook.id) == ["wh_a", "wh_b"])
            #expect(try await store.webhook(id: "wh_a") == (try webhook("wh_a", events: [.keyLeaked, .rateSpike])))
            #expect(try await store.webhook(id: "wh_b")?.webhook.events == nil, "no list: every type")
            let inserted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 { group.addTask { try await store.insertWebhook(try webhook("wh_p\(index)"), maximumCount: 3) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(inserted == 1)
            #expect(try await store.webhooks().count == 3)
        },
        Case("attempts list newest first, keep the newest per webhook, and go with their webhook") { store in
            #expect(try await store.insertWebhook(try webhook("wh_a"), maximumCount: 10))
            try await store.recordWebhookDeliveries([attempt("wh_a", 1), attempt("wh_a", 2, .delivered), attempt("wh_gone", 1)])
            let page = try await store.webhookDeliveries(webhookID: "wh_a", PageRequest(limit: 1))
            #expect(page.items == [attempt("wh_a", 2, .delivered)])
            let rest = try await store.webhookDeliveries(webhookID: "wh_a", PageRequest(limit: 10, cursor: page.nextCursor))
            #expect(rest.items == [attempt("wh_a", 1)] && rest.nextCursor == nil)
            #expect(try await store.webhookDeliveries(webhookID: "wh_gone", PageRequest()).items.isEmpty, "an attempt for no webhook is dropped")
            try await store.recordWebhookDeliveries((3...(WebhookDelivery.keptPerWebhook + 5)).map { attempt("wh_a", $0) })
            let kept = try await store.webhookDeliveries(webhookID: "wh_a", PageRequest(limit: 1000))
            #expect(kept.items.count == WebhookDelivery.keptPerWebhook && kept.nextCursor == nil)
            #expect(kept.items.first?.attempt == WebhookDelivery.keptPerWebhook + 5)
            #expect(try await store.deleteWebhook(id: "wh_a")?.webhook.id == "wh_a")
            #expect(try await store.deleteWebhook(id: "wh_a") == nil)
            #expect(try await store.webhookDeliveries(webhookID: "wh_a", PageRequest()).items.isEmpty)
        },
        Case("rewrapping replaces the sealed secrets it is given, and only those") { store in
            #expect(try await store.insertWebhook(try webhook("wh_a", secret: [1]), maximumCount: 10))
            #expect(try await store.insertWebhook(try webhook("wh_b", secret: [2]), maximumCount: 10))
            let replaced = try await store.rewrapWebhookSecrets { stored in stored.sealedSecret == [1] ? [9, 9] : nil }
            #expect(replaced == 1)
            #expect(try await store.webhook(id: "wh_a")?.sealedSecret == [9, 9])
            #expect(try await store.webhook(id: "wh_b")?.sealedSecret == [2])
        },
    ]
}
