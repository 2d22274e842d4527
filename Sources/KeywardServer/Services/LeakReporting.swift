import Foundation
import KeywardCore
import KeywardStore

/// What `POST /v1/leaks` did with the keys it was given. It never holds a
/// plaintext key: only the records the keys named, and counts of the rest.
struct LeakReport: Sendable {
    /// Keys that were not revoked before this report and are now.
    var revoked: [VerifiableKey] = []
    /// Keys that a revocation before this report had already stopped.
    var alreadyRevoked: [VerifiableKey] = []
    /// Strings of the Keyward key format whose hash matches no record.
    var notFound = 0
    /// Strings that are not Keyward keys (bad shape or checksum).
    var malformed = 0
}

extension KeywardServices {
    /// Revokes every known key among `keys`, whatever its state: a disabled key
    /// could be enabled again and an expired one extended, so an exposed key is
    /// revoked for good. Each key is handled once however often it is listed.
    func reportLeaks(_ keys: [String], source: String?) async throws -> LeakReport {
        var report = LeakReport()
        var seen = Set<KeyHash>()
        let reason = "leaked" + (source.map { ": \($0)" } ?? "")
        for text in keys {
            guard let key = KeyVerifier.parse(text) else {
                report.malformed += 1
                continue
            }
            let hash = hasher.hash(key)
            guard seen.insert(hash).inserted else { continue }
            guard let found = try await store.verifiableKey(hash: hash) else {
                report.notFound += 1
                continue
            }
            if found.record.revokedAt != nil {
                report.alreadyRevoked.append(found)
                continue
            }
            let revoked = try await revokeKey(found.record.id, reason: reason)
            logger.warning("leaked key revoked", metadata: ["keyId": "\(revoked.id)", "keyspace": "\(found.keyspaceName)"])
            report.revoked.append(VerifiableKey(record: revoked, keyspaceName: found.keyspaceName))
        }
        return report
    }
}
