import Hummingbird
import KeywardCore
import KeywardStore

/// `/v1/tokens`: management tokens. A token can mint only scopes it holds.
struct TokensController {
    let services: KeywardServices

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("tokens") { request, context in
            let creator = try context.require(ManagementScope.tokensWrite)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["scopes", "name", "ttl"])
            guard let scopes = try body.scopes("scopes"), !scopes.isEmpty else {
                throw KeywardError(.missingField, "name at least one scope", field: "scopes")
            }
            let (secret, record) = try await services.createToken(
                scopes: scopes, name: try body.string("name"), ttl: try body.duration("ttl"), creator: creator
            )
            var view = RecordViews.token(record, now: services.now)
            view.set("token", secret.secret)
            return JSONBody.response(view.object, status: .created)
        }
        group.get("tokens") { request, context in
            _ = try context.require(ManagementScope.tokensRead)
            let page = try await services.store.listTokens(try request.pageRequest())
            let now = services.now
            return JSONBody.response(RecordViews.list(page.items.map { RecordViews.token($0, now: now).object }, nextCursor: page.nextCursor))
        }
        group.delete("tokens/:id") { _, context in
            let revoker = try context.require(ManagementScope.tokensWrite)
            try await services.revokeToken(id: try context.parameters.require("id"), by: revoker)
            return Response(status: .noContent)
        }
    }
}
