import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine

/// `GET /v1/keys/{id}/usage` and `GET /v1/keyspaces/{id}/usage`: verification
/// counts by outcome (SPEC §5).
struct UsageController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.get("keys/:id/usage") { request, context in
            _ = try context.require(ManagementScope.keysRead)
            let id = try context.parameters.require("id")
            let query = try Self.query(from: request, now: engine.now)
            let buckets = try await engine.usageReports.key(id, query)
            return try JSONBody.response(MonitoringViews.usage(subject: ("keyId", id), query: query, buckets: buckets))
        }
        group.get("keyspaces/:id/usage") { request, context in
            _ = try context.require(ManagementScope.keyspacesRead)
            let id = try context.parameters.require("id")
            let query = try Self.query(from: request, now: engine.now)
            let (keyspace, buckets) = try await engine.usageReports.keyspace(id, query)
            return try JSONBody.response(MonitoringViews.usage(subject: ("keyspaceId", keyspace.id), query: query, buckets: buckets))
        }
    }

    /// `from` (default 24 h before `to`), `to` (default now), `granularity` (default minute).
    static func query(from request: Request, now: Date) throws(KeywardError) -> UsageQuery {
        let to = try request.queryString("to", maxLength: 64).map { text throws(KeywardError) in try Timestamp.parse(text, field: "to") } ?? now
        let from =
            try request.queryString("from", maxLength: 64).map { text throws(KeywardError) in try Timestamp.parse(text, field: "from") }
            ?? to.addingTimeInterval(-86_400)
        let granularity = try request.queryString("granularity", maxLength: 16).map { text throws(KeywardError) in
            try UsageGranularity(parsing: text)
        }
        return try UsageQuery(from: from, to: to, granularity: granularity ?? .minute)
    }
}
