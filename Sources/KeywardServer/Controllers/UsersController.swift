import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `/v1/users` (admin only), `POST /v1/login` (no token: the password is the
/// credential) and `POST /v1/logout` (the caller's own session). A password
/// never appears in an answer, a log or the audit log.
struct UsersController {
    let engine: Engine

    /// The login route sits outside the token middleware.
    func addLoginRoute(to router: Router<KeywardRequestContext>) {
        router.post("v1/login") { request, context in
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["name", "password", "code"])
            let name = try body.requiredString("name", maxLength: KeywardName.maximumLength)
            let password = try body.requiredRawString("password")
            let code = try body.string("code", maxLength: 64)
            let session = try await engine.users.login(name: name, password: password, code: code, client: context.clientAddress)
            var view = JSONObjectBuilder()
            view.set("token", session.token.secret)
            view.set("expiresAt", session.record.expiresAt)
            view.set("session", RecordViews.token(session.record, now: engine.now).object)
            view.set("user", RecordViews.user(session.user).object)
            if session.enrolmentOnly {
                view.set("mfaEnrolmentRequired", true)
                view.set(
                    "detail",
                    "this server requires a second factor for the role \(session.user.role.rawValue): this session can only enrol one "
                        + "(POST /v1/mfa/totp, keyward mfa enroll); then log in again with a code")
            }
            return try JSONBody.response(view.object)
        }
    }

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("logout") { _, context in
            let token = try context.requireToken()
            try await engine.users.logout(token, sourceIP: context.audit.sourceIP)
            return Response(status: .noContent)
        }
        group.post("mfa/totp") { _, context in
            let token = try context.requireToken()
            let enrolment = try await engine.secondFactor.enroll(session: token, sourceIP: context.audit.sourceIP)
            return try JSONBody.response(JSONValue.object(["secret": .string(enrolment.secret), "uri": .string(enrolment.uri)]))
        }
        group.post("mfa/totp/confirm") { request, context in
            let token = try context.requireToken()
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["code"])
            let code = try body.requiredString("code", maxLength: 64)
            let codes = try await engine.secondFactor.confirm(session: token, code: code, sourceIP: context.audit.sourceIP)
            return try JSONBody.response(JSONValue.object(["recoveryCodes": .array(codes.map(JSONValue.string))]))
        }
        group.post("users") { request, context in
            _ = try context.require(ManagementScope.admin)
            try await context.requireStepUp(request, engine: engine)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["name", "role", "password"])
            let name = try body.requiredString("name", maxLength: KeywardName.maximumLength)
            let role = try UserRole(parsing: try body.requiredString("role", maxLength: 16), field: "role")
            let password = try body.requiredRawString("password")
            let user = try await engine.users.create(name: name, role: role, password: password, by: context.audit)
            return try JSONBody.response(RecordViews.user(user).object, status: .created)
        }
        group.get("users") { request, context in
            _ = try context.require(ManagementScope.admin)
            let page = try await engine.users.list(try request.pageRequest())
            return try JSONBody.response(RecordViews.list(page.items.map { RecordViews.user($0).object }, nextCursor: page.nextCursor))
        }
        group.get("users/:id") { _, context in
            _ = try context.require(ManagementScope.admin)
            return try JSONBody.response(RecordViews.user(try await engine.users.get(try context.parameters.require("id"))).object)
        }
        group.patch("users/:id") { request, context in
            _ = try context.require(ManagementScope.admin)
            try await context.requireStepUp(request, engine: engine)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["role", "enabled", "password", "mfa"])
            if body.has("mfa"), !body.isNull("mfa") {
                throw KeywardError(.invalidField, "only null, which removes the user's second factor", field: "mfa")
            }
            let role = try body.string("role", maxLength: 16).map { text throws(KeywardError) in try UserRole(parsing: text, field: "role") }
            let password = body.has("password") ? try body.requiredRawString("password") : nil
            let user = try await engine.users.update(
                try context.parameters.require("id"), role: role, enabled: try body.bool("enabled"), password: password,
                resetSecondFactor: body.isNull("mfa"), by: context.audit)
            return try JSONBody.response(RecordViews.user(user).object)
        }
        group.delete("users/:id") { request, context in
            _ = try context.require(ManagementScope.admin)
            try await context.requireStepUp(request, engine: engine)
            try await engine.users.delete(try context.parameters.require("id"), by: context.audit)
            return Response(status: .noContent)
        }
    }
}
