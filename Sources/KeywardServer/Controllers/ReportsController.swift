import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine

/// `GET /v1/reports/hygiene` (SPEC §5): keys and secrets that deserve a look.
struct ReportsController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.get("reports/hygiene") { request, context in
            _ = try context.require(ManagementScope.reportsRead)
            let unusedFor = try Self.duration(request, "unusedFor", default: "30d")
            let expiringWithin = try Self.duration(request, "expiringWithin", default: "7d")
            let report = try await engine.hygiene.report(unusedFor: unusedFor, expiringWithin: expiringWithin)
            return try JSONBody.response(MonitoringViews.hygiene(report))
        }
    }

    static func duration(_ request: Request, _ name: String, default text: String) throws(KeywardError) -> DurationText {
        try DurationText(parsing: try request.queryString(name, maxLength: 32) ?? text, field: name)
    }
}
