import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `GET /v1/alerts` and `POST /v1/alerts/{id}/ack` (SPEC §5, §9).
struct AlertsController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.get("alerts") { request, context in
            _ = try context.require(ManagementScope.alertsRead)
            var filter = AlertFilter()
            filter.openOnly = try request.queryBool("open") ?? false
            filter.type = try request.queryString("type", maxLength: 32).map { text throws(KeywardError) in
                try AlertType(parsing: text, field: "type")
            }
            filter.keyID = try request.queryString("key", maxLength: 64)
            let page = try await engine.alerts.list(filter, try request.pageRequest())
            return try JSONBody.response(RecordViews.list(page.items.map(MonitoringViews.alert), nextCursor: page.nextCursor))
        }
        group.get("alerts/:id") { _, context in
            _ = try context.require(ManagementScope.alertsRead)
            return try JSONBody.response(MonitoringViews.alert(try await engine.alerts.get(try context.parameters.require("id"))))
        }
        group.post("alerts/:id/ack") { _, context in
            _ = try context.require(ManagementScope.alertsWrite)
            let alert = try await engine.alerts.acknowledge(try context.parameters.require("id"), by: context.audit)
            return try JSONBody.response(MonitoringViews.alert(alert))
        }
    }
}
