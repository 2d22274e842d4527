import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardStore

/// `/v1/audit`: read the log, check its chain, sign checkpoints, and hand out
/// the key that verifies them.
struct AuditController {
    let engine: Engine

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.get("audit") { request, context in
            _ = try context.require(ManagementScope.auditRead)
            let page = try await engine.audit.list(try Self.filter(from: request), try Self.pageRequest(from: request))
            return try JSONBody.response(RecordViews.list(page.items.map(RecordViews.auditEntry), nextCursor: page.nextCursor))
        }
        group.get("audit/verify") { request, context in
            _ = try context.require(ManagementScope.auditRead)
            let checkpoint = try Self.checkpoint(from: request, publicKey: engine.audit.publicKey)
            if let checkpoint {
                do {
                    try checkpoint.verifySignature(trusted: engine.audit.publicKey)
                } catch let problem as AuditChainProblem {
                    return try JSONBody.response(Self.answer(nil, problem: problem))
                }
            }
            let verification = try await engine.audit.verify(against: checkpoint)
            return try JSONBody.response(Self.answer(verification, problem: verification.problem))
        }
        group.post("audit/checkpoints") { _, context in
            _ = try context.require(ManagementScope.auditWrite)
            let checkpoint = try await engine.audit.checkpoint(by: context.audit)
            return try JSONBody.response(checkpoint.json, status: .created)
        }
        group.get("audit/public-key") { _, context in
            _ = try context.require(ManagementScope.auditRead)
            let key: JSONValue = .object(["algorithm": .string("Ed25519"), "publicKey": .string(Data(engine.audit.publicKey).base64EncodedString())])
            return try JSONBody.response(key)
        }
    }

    /// `{"intact", "checked", "head": {"seq", "hash"}, "problem": {"seq", "kind", "message"}?}`.
    static func answer(_ verification: AuditVerification?, problem: AuditChainProblem?) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("intact", problem == nil)
        if let verification {
            view.set("checked", Int(verification.checked))
            view.set("head", .object(["seq": .number(Double(verification.headSeq)), "hash": .string(Hex.encode(verification.headHash))]))
        }
        if let problem {
            view.set(
                "problem",
                .object(["seq": .number(Double(problem.seq)), "kind": .string(problem.kind.rawValue), "message": .string(problem.message)]))
        }
        return view.object
    }

    static func filter(from request: Request) throws(KeywardError) -> AuditFilter {
        var filter = AuditFilter()
        if let since = try request.queryString("since", maxLength: 64) { filter.since = try Timestamp.parse(since, field: "since") }
        if let until = try request.queryString("until", maxLength: 64) { filter.until = try Timestamp.parse(until, field: "until") }
        filter.action = try request.queryString("action", maxLength: 64)
        filter.actor = try request.queryString("actor", maxLength: 128)
        filter.target = try request.queryString("target", maxLength: 128)
        if let after = try request.queryString("after", maxLength: 20) {
            guard let seq = Int64(after), seq >= 0 else { throw KeywardError(.invalidField, "expected a seq (a whole number)", field: "after") }
            filter.afterSeq = seq
        }
        return filter
    }

    /// The list's cursor is a `seq`.
    static func pageRequest(from request: Request) throws(KeywardError) -> PageRequest {
        let page = try request.pageRequest()
        if let cursor = page.cursor, Int64(cursor) == nil {
            throw KeywardError(.invalidCursor, "not a cursor returned by the audit list", field: "cursor")
        }
        return page
    }

    /// The checkpoint to check against, from the query (`seq`, `hash`, `digest`,
    /// `time`, `signature`); the server's own public key is the trusted one.
    static func checkpoint(from request: Request, publicKey: [UInt8]) throws(KeywardError) -> AuditCheckpoint? {
        guard let seq = try request.queryString("seq", maxLength: 20) else { return nil }
        var members: [String: JSONValue] = [:]
        guard let number = Int64(seq) else { throw KeywardError(.invalidField, "expected a seq (a whole number)", field: "seq") }
        members["seq"] = .number(Double(number))
        for name in ["hash", "digest", "time", "signature"] {
            guard let value = try request.queryString(name, maxLength: 128) else {
                throw KeywardError(.missingField, "a checkpoint needs seq, hash, digest, time and signature", field: name)
            }
            // A `+` of base64 that a client did not percent-encode arrives as a space.
            members[name] = .string(name == "signature" ? value.replacingOccurrences(of: " ", with: "+") : value)
        }
        members["publicKey"] = .string(Data(publicKey).base64EncodedString())
        return try AuditCheckpoint(json: .object(members))
    }
}
