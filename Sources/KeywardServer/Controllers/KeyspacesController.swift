import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `/v1/keyspaces`: keyspaces and the defaults of their keys.
struct KeyspacesController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("keyspaces") { request, context in
            _ = try context.require(ManagementScope.keyspacesWrite)
            let body = try await JSONBody.object(of: request)
            let name = try body.requiredString("name", maxLength: KeywardName.maximumLength)
            let keyspace = try await engine.keyspaces.create(name: name, try Self.changes(from: body), by: context.audit)
            return try JSONBody.response(RecordViews.keyspace(keyspace).object, status: .created)
        }
        group.get("keyspaces") { request, context in
            _ = try context.require(ManagementScope.keyspacesRead)
            let page = try await engine.keyspaces.list(try request.pageRequest())
            return try JSONBody.response(RecordViews.list(page.items.map { RecordViews.keyspace($0).object }, nextCursor: page.nextCursor))
        }
        group.get("keyspaces/:id") { _, context in
            _ = try context.require(ManagementScope.keyspacesRead)
            let keyspace = try await engine.keyspaces.get(try context.parameters.require("id"))
            return try JSONBody.response(RecordViews.keyspace(keyspace).object)
        }
        group.patch("keyspaces/:id") { request, context in
            _ = try context.require(ManagementScope.keyspacesWrite)
            let body = try await JSONBody.object(of: request)
            let keyspace = try await engine.keyspaces.update(try context.parameters.require("id"), try Self.changes(from: body), by: context.audit)
            return try JSONBody.response(RecordViews.keyspace(keyspace).object)
        }
        group.delete("keyspaces/:id") { request, context in
            _ = try context.require(ManagementScope.keyspacesWrite)
            try await context.requireStepUp(request, engine: engine)
            try await engine.keyspaces.delete(try context.parameters.require("id"), by: context.audit)
            return Response(status: .noContent)
        }
    }

    static let fieldNames: Set<String> = [
        "name", "prefix", "scopes", "ipAllowlist", "ratelimits", "maxLifetime", "rotationPeriod", "requireExpiry", "onTheft", "revokeUnusedAfter",
        "anomalies", "rateLimitMode", "failOpenFor",
    ]

    static func changes(from body: JSONObjectReader) throws(KeywardError) -> KeyspaceChanges {
        try body.rejectUnknownFields(allowed: fieldNames)
        var changes = KeyspaceChanges()
        changes.name = try body.string("name", maxLength: KeywardName.maximumLength)
        if let name = changes.name { try KeywardName.validate(name, field: "name") }
        if let prefix = try body.string("prefix", maxLength: 64) { changes.prefix = try KeyPrefix(keyspacePrefix: prefix) }
        changes.defaultScopes = try body.scopes("scopes")
        changes.ipAllowlist = body.isNull("ipAllowlist") ? [] : try body.ipRanges("ipAllowlist")
        changes.ratelimits = body.isNull("ratelimits") ? [] : try body.rateLimits("ratelimits")
        if body.has("maxLifetime") { changes.maxLifetime = .some(try body.duration("maxLifetime")) }
        if body.has("rotationPeriod") { changes.rotationPeriod = .some(try body.duration("rotationPeriod")) }
        changes.requireExpiry = try body.bool("requireExpiry")
        if let mode = try body.string("rateLimitMode", maxLength: 16) {
            changes.rateLimitMode = try RateLimitMode(parsing: mode, field: "rateLimitMode")
        }
        if body.has("failOpenFor") {
            changes.failOpenFor = .some(
                try body.duration("failOpenFor").map { window throws(KeywardError) in
                    try FailOpenWindow.validated(window, field: body.qualified("failOpenFor"))
                })
        }
        try body.monitoring(into: &changes)
        return changes
    }
}
