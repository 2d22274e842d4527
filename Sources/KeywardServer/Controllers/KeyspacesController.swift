import Hummingbird
import KeywardCore
import KeywardStore

/// `/v1/keyspaces`: keyspaces and the defaults of their keys.
struct KeyspacesController {
    let services: KeywardServices

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("keyspaces") { request, context in
            _ = try context.require(ManagementScope.keyspacesWrite)
            let body = try await JSONBody.object(of: request)
            let keyspace = try await services.createKeyspace(try Self.fields(from: body, creating: true))
            return JSONBody.response(RecordViews.keyspace(keyspace).object, status: .created)
        }
        group.get("keyspaces") { request, context in
            _ = try context.require(ManagementScope.keyspacesRead)
            let page = try await services.store.listKeyspaces(try request.pageRequest())
            return JSONBody.response(RecordViews.list(page.items.map { RecordViews.keyspace($0).object }, nextCursor: page.nextCursor))
        }
        group.get("keyspaces/:id") { _, context in
            _ = try context.require(ManagementScope.keyspacesRead)
            let keyspace = try await services.keyspace(try context.parameters.require("id"))
            return JSONBody.response(RecordViews.keyspace(keyspace).object)
        }
        group.patch("keyspaces/:id") { request, context in
            _ = try context.require(ManagementScope.keyspacesWrite)
            let body = try await JSONBody.object(of: request)
            let keyspace = try await services.updateKeyspace(try context.parameters.require("id"), try Self.fields(from: body, creating: false))
            return JSONBody.response(RecordViews.keyspace(keyspace).object)
        }
        group.delete("keyspaces/:id") { _, context in
            _ = try context.require(ManagementScope.keyspacesWrite)
            try await services.deleteKeyspace(try context.parameters.require("id"))
            return Response(status: .noContent)
        }
    }

    static let fieldNames: Set<String> = ["name", "prefix", "scopes", "maxLifetime", "rotationPeriod", "requireExpiry"]
    static let laterFieldNames: Set<String> = ["ratelimits", "ipAllowlist", "quota"]

    static func fields(from body: JSONObjectReader, creating: Bool) throws(KeywardError) -> KeyspaceFields {
        try body.rejectUnknownFields(allowed: fieldNames, later: laterFieldNames)
        var fields = KeyspaceFields()
        if creating {
            fields.name = try body.requiredString("name", maxLength: KeywardName.maximumLength)
        } else {
            fields.name = try body.string("name", maxLength: KeywardName.maximumLength)
        }
        if let name = fields.name { try KeywardName.validate(name, field: "name") }
        if let prefix = try body.string("prefix", maxLength: 64) { fields.prefix = try KeyPrefix(keyspacePrefix: prefix) }
        fields.scopes = try body.scopes("scopes")
        if body.has("maxLifetime") { fields.maxLifetime = .some(try body.duration("maxLifetime")) }
        if body.has("rotationPeriod") { fields.rotationPeriod = .some(try body.duration("rotationPeriod")) }
        fields.requireExpiry = try body.bool("requireExpiry")
        return fields
    }
}
