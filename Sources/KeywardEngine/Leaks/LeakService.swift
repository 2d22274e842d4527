import Foundation
import KeywardCore
import KeywardStore
import Logging

/// What `POST /v1/leaks` did with the keys it was given. It never holds a
/// plaintext key: only the records the keys named, and counts of the rest.
public struct LeakReport: Sendable {
    /// Keys that were not revoked before this report and are now.
    public var revoked: [VerifiableKey] = []
    /// Keys that a revocation before this report had already stopped.
    public var alreadyRevoked: [VerifiableKey] = []
    /// Management tokens this report revoked, with the tokens they had minted.
    public var revokedTokens: [TokenRecord] = []
    /// Strings of the Keyward key format whose hash matches no record.
    public var notFound = 0
    /// Strings that are not Keyward keys or tokens (bad shape or checksum).
    public var malformed = 0
    /// Vault secrets one of the reported credentials matched, as they are now
    /// (marked compromised); never the value.
    public var compromisedSecrets: [SecretRecord] = []

    public init() {}
}

/// Revokes exposed Keyward keys and management tokens, each with a
/// `leak.report` entry in the audit log (its target the key or token).
public struct LeakService: Sendable {
    let store: any Store
    let hasher: KeyHasher
    let keys: KeyService
    let tokens: TokenService
    let audit: AuditLog
    let vault: VaultKeys
    let alerts: AlertService
    /// A keyspace's `onTheft: disable`: the live key of a leaked key's rotation line.
    let theft: TheftResponder
    let time: EngineClock
    let logger: Logger

    /// Revokes every known key among `texts`, whatever its state: a disabled key
    /// could be enabled again and an expired one extended, so an exposed key is
    /// revoked for good. A leaked management token is worse than a leaked key:
    /// it is revoked with every token it minted. Each is handled once however
    /// often it is listed.
    public func report(_ texts: [String], source: String?, by context: AuditContext) async throws -> LeakReport {
        var report = LeakReport()
        var seen = Set<KeyHash>()
        let reason = "leaked" + (source.map { ": \($0)" } ?? "")
        var details: [String: JSONValue] = [:]
        if let source { details["source"] = .string(source) }
        for text in texts {
            guard let key = APIKey(parsing: text) else {
                report.malformed += 1
                continue
            }
            let hash = hasher.hash(key)
            guard seen.insert(hash).inserted else { continue }
            if key.isManagementToken {
                try await reportToken(hash, into: &report, by: context, details: details)
                continue
            }
            guard let found = try await store.verifiableKey(hash: hash) else {
                report.notFound += 1
                continue
            }
            let revocation = try await keys.revoke(found.record.id, reason: reason, action: "leak.report", by: context, details: details)
            let view = VerifiableKey(record: revocation.record, keyspaceName: found.keyspaceName)
            if revocation.isNew {
                logger.warning("leaked key revoked", metadata: ["keyId": "\(view.record.id)", "keyspace": "\(view.keyspaceName)"])
                report.revoked.append(view)
            } else {
                report.alreadyRevoked.append(view)
            }
        }
        let now = time.now
        var signals: [AlertSignal] = []
        for key in report.revoked + report.alreadyRevoked {
            var alert = details.merging(["start": .string(key.record.start)]) { given, _ in given }
            if let disabled = await theft.respond(to: .keyLeaked, keyID: key.record.id, keyspaceID: key.record.keyspaceId) {
                alert["disabledKeyId"] = .string(disabled)
            }
            signals.append(AlertSignal(type: .keyLeaked, keyID: key.record.id, keyspaceID: key.record.keyspaceId, time: now, details: alert))
        }
        await alerts.raise(signals)
        return report
    }

    /// Compares each of `values` (credentials a scan found) with the
    /// fingerprints kept beside every version of every vault secret, never by
    /// decrypting. A match marks its secret compromised with `source` and writes a
    /// `secret.leaked` entry (path and versions, never the value); a value that
    /// matches nothing is dropped, neither stored, logged nor audited. A match
    /// also raises a `secret.leaked` alert.
    public func reportSecrets(_ values: [String], source: String?, by context: AuditContext, into report: inout LeakReport) async throws {
        var seen = Set<[UInt8]>()
        var matched: [SecretPath: [Int]] = [:]
        for value in values {
            let fingerprint = vault.fingerprinter.fingerprint(Array(value.utf8))
            guard seen.insert(fingerprint).inserted else { continue }
            for version in try await store.secretVersions(fingerprint: fingerprint) {
                matched[version.path, default: []].append(version.version)
            }
        }
        let now = time.now
        let label = source ?? "a leak report"
        for (path, versions) in matched.sorted(by: { $0.key < $1.key }) {
            let record = try await audit.record { writer -> (SecretRecord?, [AuditDraft]) in
                guard let record = try await writer.markSecretCompromised(path: path, at: now, source: label) else { return (nil, []) }
                var details: [String: JSONValue] = [
                    "path": .string(path.rawValue), "versions": .array(versions.sorted().map { .number(Double($0)) }),
                    "currentVersionLeaked": .bool(versions.contains(record.currentVersion)),
                ]
                if let source { details["source"] = .string(source) }
                return (record, [context.draft("secret.leaked", target: path.rawValue, at: now, details: details)])
            }
            guard let record else { continue }
            logger.warning("a vault secret was found in a leak report", metadata: ["path": "\(path)"])
            report.compromisedSecrets.append(record)
            var alertDetails: [String: JSONValue] = ["versions": .array(versions.sorted().map { .number(Double($0)) })]
            if let source { alertDetails["source"] = .string(source) }
            await alerts.raise([AlertSignal(type: .secretLeaked, secretPath: path.rawValue, time: now, details: alertDetails)])
        }
    }

    private func reportToken(_ hash: KeyHash, into report: inout LeakReport, by context: AuditContext, details: [String: JSONValue])
        async throws
    {
        guard let token = try await store.token(hash: hash) else {
            report.notFound += 1
            return
        }
        let revoked = try await tokens.revokeLeaked(id: token.id, by: context, details: details)
        for token in revoked {
            logger.warning("leaked management token revoked", metadata: ["tokenId": "\(token.id)"])
        }
        report.revokedTokens += revoked
    }
}
