import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `/v1/webhooks` (SPEC §5, §9): receivers of alerts. Creating and deleting
/// takes `alerts:write`, reading `alerts:read`; the signing secret is in the
/// create answer only.
struct WebhooksController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("webhooks") { request, context in
            _ = try context.require(ManagementScope.alertsWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["url", "events"])
            let url = try body.requiredString("url", maxLength: WebhookURL.maximumBytes)
            let events = try body.stringArray("events", maxCount: AlertType.allCases.count * 4, maxLength: 64)
            let created = try await engine.webhooks.create(url: url, events: events, by: context.audit)
            var view = MonitoringViews.webhook(created.webhook)
            view.set("secret", created.secret.text)
            return try JSONBody.response(view.object, status: .created)
        }
        group.get("webhooks") { _, context in
            _ = try context.require(ManagementScope.alertsRead)
            let webhooks = try await engine.webhooks.list()
            return try JSONBody.response(RecordViews.list(webhooks.map { MonitoringViews.webhook($0).object }, nextCursor: nil))
        }
        group.get("webhooks/:id") { _, context in
            _ = try context.require(ManagementScope.alertsRead)
            return try JSONBody.response(MonitoringViews.webhook(try await engine.webhooks.get(try context.parameters.require("id"))).object)
        }
        group.delete("webhooks/:id") { _, context in
            _ = try context.require(ManagementScope.alertsWrite)
            try await engine.webhooks.delete(try context.parameters.require("id"), by: context.audit)
            return Response(status: .noContent)
        }
        group.get("webhooks/:id/deliveries") { request, context in
            _ = try context.require(ManagementScope.alertsRead)
            let page = try await engine.webhooks.deliveries(try context.parameters.require("id"), try request.pageRequest())
            return try JSONBody.response(RecordViews.list(page.items.map(MonitoringViews.delivery), nextCursor: page.nextCursor))
        }
    }
}
