import Foundation
import KeywardCore
import KeywardStore
import Logging

/// A keyspace's `onTheft: disable` (docs/monitoring.md#keyspace-policies). On a
/// strong theft signal about a key (a revoked, expired or rotated-out key used
/// from a new network; a leak report) it disables the live key of that key's
/// rotation line: the key itself while it is active, else the successor its
/// rotations lead to, since whoever took the old key probably reads where the
/// new one went. Disabled, not revoked: an operator who finds the signal false
/// enables the key again. Every disabling is audited (`key.disable`, actor
/// `system`). A failure is logged, never thrown: the alert is raised anyway.
struct TheftResponder: Sendable {
    let store: any Store
    let keys: KeyService
    let policies: KeyspacePolicies
    let time: EngineClock
    let logger: Logger
    /// Rotations followed at most from the signal's key to the live one.
    static let maximumHops = 1_000

    /// The id of the key disabled, or nil (policy `alert`, or nothing live in the line).
    func respond(to signal: AlertType, keyID: String, keyspaceID: String) async -> String? {
        guard await policies.policy(of: keyspaceID).onTheft == .disable else { return nil }
        do {
            guard var record = try await store.key(id: keyID) else { return nil }
            var hops = 0
            while let next = record.rotatedTo, hops < Self.maximumHops, let successor = try await store.key(id: next) {
                record = successor
                hops += 1
            }
            guard record.state(at: time.now) == .active else { return nil }
            var details: [String: JSONValue] = ["reason": .string("onTheft"), "signal": .string(signal.rawValue)]
            if record.id != keyID { details["signalKeyId"] = .string(keyID) }
            try await keys.disable(record.id, by: .system, details: details)
            logger.warning(
                "key disabled by its keyspace's onTheft policy",
                metadata: ["keyId": "\(record.id)", "signal": "\(signal.rawValue)", "signalKeyId": "\(keyID)"])
            return record.id
        } catch {
            logger.error("could not disable a key on a theft signal", metadata: ["keyId": "\(keyID)", "error": "\(error)"])
            return nil
        }
    }
}
