import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine

/// `POST /v1/leaks`: a scanner (or a person) reports keys and management tokens
/// it found exposed; each known one among them is revoked at once.
struct LeaksController {
    let engine: Engine

    /// At most this many keys in one report; a scan that finds more sends several.
    static let maximumKeys = 1000

    func addRoutes(to group: RouterGroup<KeywardRequestContext>) {
        group.post("leaks") { request, context in
            _ = try context.require(ManagementScope.leaksReport)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["keys", "secrets", "source"])
            let keys = try body.stringArray("keys", maxCount: Self.maximumKeys, maxLength: JSONBody.maximumSize) ?? []
            let secrets = try body.stringArray("secrets", maxCount: Self.maximumKeys, maxLength: SecretLimits.maximumValueBytes) ?? []
            guard !keys.isEmpty || !secrets.isEmpty else {
                throw KeywardError(.invalidField, "expected a non-empty array of keys, or of secrets", field: "keys")
            }
            let source = try body.string("source", maxLength: 512)
            var report = keys.isEmpty ? LeakReport() : try await engine.leaks.report(keys, source: source, by: context.audit)
            if !secrets.isEmpty { try await engine.leaks.reportSecrets(secrets, source: source, by: context.audit, into: &report) }
            return try JSONBody.response(Self.answer(report, now: engine.now))
        }
    }

    /// `{"revoked": [key…], "alreadyRevoked": [key…], "revokedTokens": n, "notFound": n, "malformed": n,
    /// "matched": n}`, keys in their usual record view (never the key itself), `matched` the number of
    /// vault secrets a reported secret matched (never which value).
    static func answer(_ report: LeakReport, now: Date) -> JSONValue {
        func views(_ keys: [VerifiableKey]) -> JSONValue {
            .array(keys.map { RecordViews.key($0.record, keyspaceName: $0.keyspaceName, now: now).object })
        }
        var view = JSONObjectBuilder()
        view.set("revoked", views(report.revoked))
        view.set("alreadyRevoked", views(report.alreadyRevoked))
        view.set("revokedTokens", report.revokedTokens.count)
        view.set("notFound", report.notFound)
        view.set("malformed", report.malformed)
        view.set("matched", report.compromisedSecrets.count)
        return view.object
    }
}
