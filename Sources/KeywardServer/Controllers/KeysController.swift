import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `/v1/keys`: issue, read, change, revoke and delete keys. The plaintext key
/// appears once, in the answer to its creation.
struct KeysController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("keys") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: Self.fieldNames.union(["keyspace"]))
            let keyspaceRef = try body.requiredString("keyspace", maxLength: 64)
            let created = try await engine.keys.create(in: keyspaceRef, try Self.changes(from: body), by: context.audit)
            var view = RecordViews.key(
                created.record, keyspaceName: created.keyspace.name, rotationPeriod: created.keyspace.rotationPeriod, now: engine.now)
            view.set("key", created.key.secret)
            return try JSONBody.response(view.object, status: .created)
        }
        group.get("keys") { request, context in
            _ = try context.require(ManagementScope.keysRead)
            var filter = KeyFilter(now: engine.now)
            if let keyspace = try request.queryString("keyspace", maxLength: 64) {
                filter.keyspaceId = try await engine.keyspaces.get(keyspace).id
            }
            filter.owner = try request.queryString("owner")
            if let state = try request.queryString("state", maxLength: 16) {
                guard let parsed = KeyState(rawValue: state) else {
                    throw KeywardError(.invalidField, "expected active, disabled, expired or revoked", field: "state")
                }
                filter.state = parsed
            }
            filter.rotationOverdue = try request.queryBool("overdue") ?? false
            let page = try await engine.keys.list(filter, try request.pageRequest())
            let keyspaces = try await engine.keyspaces.keyspaces(for: page.items)
            let now = engine.now
            let items = page.items.map { Self.view(of: $0, in: keyspaces, now: now).object }
            return try JSONBody.response(RecordViews.list(items, nextCursor: page.nextCursor))
        }
        group.get("keys/:id") { _, context in
            _ = try context.require(ManagementScope.keysRead)
            return try await view(of: try await engine.keys.get(try context.parameters.require("id")))
        }
        group.patch("keys/:id") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: Self.fieldNames)
            return try await view(
                of: try await engine.keys.update(try context.parameters.require("id"), try Self.changes(from: body), by: context.audit))
        }
        group.post("keys/:id/revoke") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.optionalObject(of: request)
            try body.rejectUnknownFields(allowed: ["reason"])
            let revocation = try await engine.keys.revoke(
                try context.parameters.require("id"), reason: try body.string("reason", maxLength: 512), by: context.audit)
            return try await view(of: revocation.record)
        }
        group.post("keys/:id/rotate") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.optionalObject(of: request)
            try body.rejectUnknownFields(allowed: ["gracePeriod"])
            let grace = try Self.gracePeriod(try body.string("gracePeriod", maxLength: 32))
            let created = try await engine.keys.rotate(try context.parameters.require("id"), grace: grace, by: context.audit)
            var view = RecordViews.key(
                created.record, keyspaceName: created.keyspace.name, rotationPeriod: created.keyspace.rotationPeriod, now: engine.now)
            view.set("key", created.key.secret)
            return try JSONBody.response(view.object, status: .created)
        }
        group.delete("keys/:id") { _, context in
            _ = try context.require(ManagementScope.keysWrite)
            try await engine.keys.delete(try context.parameters.require("id"), by: context.audit)
            return Response(status: .noContent)
        }
    }

    private func view(of record: KeyRecord) async throws -> Response {
        let keyspaces = try await engine.keyspaces.keyspaces(for: [record])
        return try JSONBody.response(Self.view(of: record, in: keyspaces, now: engine.now).object)
    }

    private static func view(of record: KeyRecord, in keyspaces: [String: Keyspace], now: Date) -> JSONObjectBuilder {
        let keyspace = keyspaces[record.keyspaceId]
        return RecordViews.key(record, keyspaceName: keyspace?.name ?? record.keyspaceId, rotationPeriod: keyspace?.rotationPeriod, now: now)
    }

    /// A rotation's grace: a duration (`24h`), `0` to end the old key at once, or 24 hours when absent.
    static func gracePeriod(_ text: String?) throws(KeywardError) -> Double {
        guard let text else { return 86_400 }
        if text == "0" { return 0 }
        return try DurationText(parsing: text, field: "gracePeriod").timeInterval
    }

    static let fieldNames: Set<String> = ["name", "owner", "scopes", "ipAllowlist", "ratelimits", "quota", "meta", "expiresAt", "enabled"]

    static func changes(from body: JSONObjectReader) throws(KeywardError) -> KeyChanges {
        var changes = KeyChanges()
        if body.has("name") { changes.name = .some(try body.string("name")) }
        if body.has("owner") { changes.owner = .some(try body.string("owner")) }
        changes.scopes = try body.scopes("scopes")
        changes.ipAllowlist = body.isNull("ipAllowlist") ? [] : try body.ipRanges("ipAllowlist")
        changes.ratelimits = body.isNull("ratelimits") ? [] : try body.rateLimits("ratelimits")
        changes.quota = try body.quotaChange("quota")
        if body.isNull("meta") {
            changes.meta = [:]
        } else {
            changes.meta = try body.object("meta", maxDepth: JSONLimits.maximumMetaDepth)
        }
        if body.has("expiresAt") { changes.expiresAt = .some(try body.date("expiresAt")) }
        changes.enabled = try body.bool("enabled")
        return changes
    }
}
