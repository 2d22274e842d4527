import Hummingbird
import KeywardCore
import KeywardStore

/// `/v1/keys`: issue, read, change, revoke and delete keys. The plaintext key
/// appears once, in the answer to its creation.
struct KeysController {
    let services: KeywardServices

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("keys") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: Self.fieldNames.union(["keyspace"]), later: Self.laterFieldNames)
            let keyspaceRef = try body.requiredString("keyspace", maxLength: 64)
            let (secret, record, keyspace) = try await services.createKey(in: keyspaceRef, try Self.fields(from: body))
            var view = RecordViews.key(record, keyspaceName: keyspace.name, now: services.now)
            view.set("key", secret.secret)
            return JSONBody.response(view.object, status: .created)
        }
        group.get("keys") { request, context in
            _ = try context.require(ManagementScope.keysRead)
            var filter = KeyFilter(now: services.now)
            if let keyspace = try request.queryString("keyspace", maxLength: 64) {
                filter.keyspaceId = try await services.keyspace(keyspace).id
            }
            filter.owner = try request.queryString("owner")
            if let state = try request.queryString("state", maxLength: 16) {
                guard let parsed = KeyState(rawValue: state) else {
                    throw KeywardError(.invalidField, "expected active, disabled, expired or revoked", field: "state")
                }
                filter.state = parsed
            }
            let page = try await services.store.listKeys(filter, try request.pageRequest())
            let names = try await services.keyspaceNames(for: page.items)
            let now = services.now
            let items = page.items.map { RecordViews.key($0, keyspaceName: names[$0.keyspaceId] ?? $0.keyspaceId, now: now).object }
            return JSONBody.response(RecordViews.list(items, nextCursor: page.nextCursor))
        }
        group.get("keys/:id") { _, context in
            _ = try context.require(ManagementScope.keysRead)
            return try await view(of: try await services.key(try context.parameters.require("id")))
        }
        group.patch("keys/:id") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: Self.fieldNames, later: Self.laterFieldNames)
            return try await view(of: try await services.updateKey(try context.parameters.require("id"), try Self.fields(from: body)))
        }
        group.post("keys/:id/revoke") { request, context in
            _ = try context.require(ManagementScope.keysWrite)
            let body = try await JSONBody.optionalObject(of: request)
            try body.rejectUnknownFields(allowed: ["reason"])
            return try await view(
                of: try await services.revokeKey(try context.parameters.require("id"), reason: try body.string("reason", maxLength: 512)))
        }
        group.delete("keys/:id") { _, context in
            _ = try context.require(ManagementScope.keysWrite)
            try await services.deleteKey(try context.parameters.require("id"))
            return Response(status: .noContent)
        }
    }

    private func view(of record: KeyRecord) async throws -> Response {
        let names = try await services.keyspaceNames(for: [record])
        return JSONBody.response(RecordViews.key(record, keyspaceName: names[record.keyspaceId] ?? record.keyspaceId, now: services.now).object)
    }

    static let fieldNames: Set<String> = ["name", "owner", "scopes", "meta", "expiresAt", "enabled"]
    static let laterFieldNames: Set<String> = ["ratelimits", "ipAllowlist", "quota"]

    static func fields(from body: JSONObjectReader) throws(KeywardError) -> KeyFields {
        var fields = KeyFields()
        if body.has("name") { fields.name = .some(try body.string("name")) }
        if body.has("owner") { fields.owner = .some(try body.string("owner")) }
        fields.scopes = try body.scopes("scopes")
        if body.isNull("meta") {
            fields.meta = [:]
        } else {
            fields.meta = try body.object("meta")
        }
        if body.has("expiresAt") { fields.expiresAt = .some(try body.date("expiresAt")) }
        fields.enabled = try body.bool("enabled")
        return fields
    }
}
