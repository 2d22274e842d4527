import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `/v1/tokens`: management tokens. A token can mint only scopes it holds, and
/// what it mints never outlives it.
struct TokensController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("tokens") { request, context in
            let creator = try context.require(ManagementScope.tokensWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["scopes", "name", "ttl"])
            guard let scopes = try body.scopes("scopes"), !scopes.isEmpty else {
                throw KeywardError(.missingField, "name at least one scope", field: "scopes")
            }
            if scopes.contains(ManagementScope.admin) { try await context.requireStepUp(request, engine: engine) }
            let created = try await engine.tokens.create(
                scopes: scopes, name: try body.string("name"), ttl: try body.duration("ttl"), creator: creator, sourceIP: context.audit.sourceIP
            )
            var view = RecordViews.token(created.record, now: engine.now)
            view.set("token", created.token.secret)
            return try JSONBody.response(view.object, status: .created)
        }
        group.get("tokens") { request, context in
            _ = try context.require(ManagementScope.tokensRead)
            let page = try await engine.tokens.list(try request.pageRequest())
            let now = engine.now
            return try JSONBody.response(RecordViews.list(page.items.map { RecordViews.token($0, now: now).object }, nextCursor: page.nextCursor))
        }
        group.delete("tokens/:id") { _, context in
            let revoker = try context.require(ManagementScope.tokensWrite)
            try await engine.tokens.revoke(id: try context.parameters.require("id"), by: revoker, sourceIP: context.audit.sourceIP)
            return Response(status: .noContent)
        }
    }
}
