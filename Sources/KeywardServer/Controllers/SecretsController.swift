import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore
import NIOCore

/// `/v1/secrets`: the vault (SPEC §5, §11). Every route checks the token's
/// `secrets:read|write:<glob>` scopes against the path (`SecretAccess`).
/// Only `GET /v1/secrets/{path}` answers with a value.
struct SecretsController {
    let engine: Engine

    /// A body of a value of 64 KiB written as JSON escapes (up to six bytes a
    /// byte) or as base64, with room for the other fields.
    static let bodyLimit = 512 * 1024

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.get("secrets") { request, context in try await list(request, context) }
        group.put("secrets/**") { request, context in try await put(request, context) }
        group.get("secrets/**") { request, context in try await get(request, context) }
        group.delete("secrets/**") { request, context in
            let path = try Self.path(of: request, context)
            _ = try Self.authorize(context, .write, path)
            try await engine.secrets.delete(path, by: context.audit)
            return Response(status: .noContent)
        }
    }

    /// `PUT /v1/secrets/{path}` `{"value" | "valueBase64", "rotateEvery"?}`: the next version.
    private func put(_ request: Request, _ context: KeywardRequestContext) async throws -> Response {
        let path = try Self.path(of: request, context)
        _ = try Self.authorize(context, .write, path)
        let body: JSONObjectReader
        do {
            body = try await JSONBody.object(of: request, upTo: Self.bodyLimit)
        } catch is NIOTooManyBytesError {
            throw ProblemDetails(status: .contentTooLarge, code: "BODY_TOO_LARGE", detail: "the request body exceeds \(Self.bodyLimit) bytes")
        }
        try body.rejectUnknownFields(allowed: ["value", "valueBase64", "rotateEvery"])
        let value = try Self.value(of: body)
        var rotateEvery: DurationText?? = nil
        if body.isNull("rotateEvery") {
            rotateEvery = .some(nil)
        } else if let every = try body.duration("rotateEvery") {
            rotateEvery = .some(every)
        }
        let existed = try await engine.store.secret(path: path) != nil
        let record = try await engine.secrets.set(path, value: value, rotateEvery: rotateEvery, by: context.audit)
        return try JSONBody.response(SecretViews.record(record, now: engine.now).object, status: existed ? .ok : .created)
    }

    /// `GET /v1/secrets/{path}`: the value of the current version, of
    /// `?version=N`, or with `?versions` the history (no values).
    private func get(_ request: Request, _ context: KeywardRequestContext) async throws -> Response {
        let path = try Self.path(of: request, context)
        _ = try Self.authorize(context, .read, path)
        if request.uri.queryParameters["versions"] != nil {
            let record = try await engine.secrets.get(path)
            let versions = try await engine.secrets.history(path)
            var view = SecretViews.record(record, now: engine.now)
            view.set("versions", JSONValue.array(versions.map { SecretViews.version($0, current: record.currentVersion) }))
            return try JSONBody.response(view.object)
        }
        if engine.users.stepUpSecrets.contains(where: { SecretAccess.matches($0, path) }) {
            try await context.requireStepUp(request, engine: engine)
        }
        var version: Int?
        if let text = try request.queryString("version", maxLength: 10) {
            guard let number = Int(text), number >= 1, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw KeywardError(.invalidField, "expected a version number (1 or more)", field: "version")
            }
            version = number
        }
        let read = try await engine.secrets.read(path, version: version, by: context.audit)
        var response = try JSONBody.response(SecretViews.value(read))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `GET /v1/secrets?prefix=`: the records the token may read, in path order.
    private func list(_ request: Request, _ context: KeywardRequestContext) async throws -> Response {
        let token = try context.requireToken()
        guard SecretAccess.reachesAny(token.scopes) else {
            throw KeywardError(.insufficientScope, "the token has no secrets:read or secrets:write scope")
        }
        let prefix = try request.queryString("prefix", maxLength: SecretPath.maximumLength) ?? ""
        var page = try request.pageRequest(cursorMaxLength: 2 * SecretPath.maximumLength)
        page.cursor = try page.cursor.map(Self.decodeCursor)
        let found = try await engine.secrets.list(prefix: prefix, page)
        let now = engine.now
        let visible = found.items.filter { SecretAccess.allows(token.scopes, .read, path: $0.path) }
        return try JSONBody.response(
            RecordViews.list(visible.map { SecretViews.record($0, now: now).object }, nextCursor: found.nextCursor.map(Self.encodeCursor)))
    }

    /// The path after `/v1/secrets/`, checked (an empty segment, a trailing
    /// `/`, `..` and any character outside the alphabet are `INVALID_PATH`).
    static func path(of request: Request, _ context: KeywardRequestContext) throws(KeywardError) -> SecretPath {
        let caught = context.parameters[Parameters.recursiveCaptureKey].map(String.init) ?? ""
        let text = request.uri.path.hasSuffix("/") ? caught + "/" : caught
        return try SecretPath(parsing: text, field: "path")
    }

    /// The token, when its scopes grant `action` on `path`.
    static func authorize(_ context: KeywardRequestContext, _ action: SecretAccess.Action, _ path: SecretPath) throws(KeywardError) -> TokenRecord {
        let token = try context.requireToken()
        guard SecretAccess.allows(token.scopes, action, path: path) else {
            throw KeywardError(.insufficientScope, "the token has no secrets:\(action.rawValue) scope whose path covers \(path)")
        }
        return token
    }

    /// `value` (UTF-8 text) or `valueBase64` (any bytes): exactly one of them.
    static func value(of body: JSONObjectReader) throws(KeywardError) -> [UInt8] {
        let text = try body.rawStringValue("value")
        let encoded = try body.string("valueBase64", maxLength: bodyLimit)
        switch (text, encoded) {
        case (let text?, nil):
            return Array(text.utf8)
        case (nil, let encoded?):
            guard let data = Data(base64Encoded: encoded) else {
                throw KeywardError(.invalidField, "not valid base64 (RFC 4648, with padding)", field: "valueBase64")
            }
            return Array(data)
        case (nil, nil):
            throw KeywardError(.missingField, "send the value as value (UTF-8 text) or valueBase64 (any bytes)", field: "value")
        case (_?, _?):
            throw KeywardError(.invalidField, "send value or valueBase64, not both", field: "valueBase64")
        }
    }

    /// A list cursor is the last path of a page, in hex (cursors are base62).
    static func encodeCursor(_ path: String) -> String {
        path.utf8.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    static func decodeCursor(_ cursor: String) throws(KeywardError) -> String {
        let digits = Array(cursor.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let high = Hex.value(digits[index]), let low = Hex.value(digits[index + 1]) else { break }
            bytes.append(high << 4 | low)
            index += 2
        }
        guard index == digits.count, !bytes.isEmpty, let path = String(validating: bytes, as: UTF8.self) else {
            throw KeywardError(.invalidCursor, "not a cursor returned by a list", field: "cursor")
        }
        return path
    }
}
