import Foundation
import KeywardCore
import KeywardStore
import KeywardVault

/// Webhooks as operators manage them (SPEC §5, §9): created with a secret shown
/// once and sealed under the keyring, listed without it, deleted; each change
/// audited with the host, never the full URL (its path may be a credential).
public struct WebhookService: Sendable {
    let store: any Store
    let audit: AuditLog
    let vault: VaultKeys
    let policy: WebhookPolicy
    let time: EngineClock

    /// A new webhook and its secret (shown once).
    public struct Created: Sendable {
        public var webhook: Webhook
        public var secret: WebhookSecret
    }

    public func create(url text: String, events: [String]?, by context: AuditContext) async throws -> Created {
        let url = try WebhookURL(parsing: text, field: "url", allowPrivate: policy.allowPrivate)
        let events = try events.map { names throws(KeywardError) in try Webhook.parseEvents(names, field: "events") }
        let now = time.now
        let webhook = Webhook(id: RecordID.make(.webhook), url: url, events: events, createdAt: now, createdBy: context.actor.id)
        let secret = WebhookSecret.generate()
        let vault = self.vault
        let inserted = try await audit.record { writer -> (Bool, [AuditDraft]) in
            // Sealed inside the write, with the keyring as stored (see `VaultKeys.keyringAsStored(in:)`).
            let sealed = try await vault.keyringAsStored(in: writer).wrap(secret.bytes, context: Self.secretContext(webhook.id))
            let stored = StoredWebhook(webhook: webhook, sealedSecret: sealed)
            guard try await writer.insertWebhook(stored, maximumCount: Webhook.maximumCount) else { return (false, []) }
            var details: [String: JSONValue] = ["host": .string(url.host)]
            details["events"] = events.map { .array($0.map { .string($0.rawValue) }) } ?? .string("all")
            return (true, [context.draft("webhook.create", target: webhook.id, at: now, details: details)])
        }
        guard inserted else {
            throw KeywardError(.conflict, "a store holds at most \(Webhook.maximumCount) webhooks; remove one first")
        }
        return Created(webhook: webhook, secret: secret)
    }

    public func list() async throws -> [Webhook] {
        try await store.webhooks().map(\.webhook)
    }

    public func get(_ id: String) async throws -> Webhook {
        guard let stored = try await store.webhook(id: id) else { throw Self.noWebhook(id) }
        return stored.webhook
    }

    /// Deletes webhook `id` and its recorded attempts; deliveries under way stop
    /// before their next attempt. Audited as `webhook.delete`.
    public func delete(_ id: String, by context: AuditContext) async throws {
        let now = time.now
        let deleted = try await audit.record { writer -> (StoredWebhook?, [AuditDraft]) in
            guard let deleted = try await writer.deleteWebhook(id: id) else { return (nil, []) }
            let details: [String: JSONValue] = ["host": .string(deleted.webhook.url.host)]
            return (deleted, [context.draft("webhook.delete", target: id, at: now, details: details)])
        }
        guard deleted != nil else { throw Self.noWebhook(id) }
    }

    public func deliveries(_ id: String, _ page: PageRequest) async throws -> Page<WebhookDelivery> {
        guard try await store.webhook(id: id) != nil else { throw Self.noWebhook(id) }
        return try await store.webhookDeliveries(webhookID: id, page)
    }

    /// The secret of `stored`, opened with the keyring.
    static func secret(of stored: StoredWebhook, keyring: Keyring) throws(KeywardError) -> WebhookSecret {
        let bytes = try keyring.unwrap(stored.sealedSecret, context: secretContext(stored.webhook.id))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw KeywardError(.decryptionFailed, "the secret of webhook \(stored.webhook.id) is damaged")
        }
        return WebhookSecret(text: text)
    }

    /// What a webhook's sealed secret is bound to: moved to another webhook, it does not open.
    static func secretContext(_ id: String) -> String { "keyward:webhook-secret:\(id)" }

    static func noWebhook(_ id: String) -> KeywardError {
        KeywardError(.notFound, "there is no webhook \(id)")
    }
}
