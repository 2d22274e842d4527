import Foundation
import KeywardCore
import KeywardStore

/// The hygiene report (SPEC §5 `GET /v1/reports/hygiene`): the keys and
/// secrets that deserve a look, each section at most `sectionLimit` long.
public struct HygieneReport: Sendable {
    public static let sectionLimit = 1000

    /// A section of keys; `truncated` when more than `sectionLimit` qualify.
    public struct Keys: Sendable {
        public var keys: [KeyRecord]
        public var truncated: Bool
    }

    /// A section of secrets; `truncated` when more than `sectionLimit` qualify.
    public struct Secrets: Sendable {
        public var secrets: [SecretRecord]
        public var truncated: Bool

        init(_ fetched: [SecretRecord]) {
            secrets = Array(fetched.prefix(sectionLimit))
            truncated = fetched.count > sectionLimit
        }
    }

    public var generatedAt: Date
    public var unusedFor: DurationText
    public var expiringWithin: DurationText
    /// Active keys last used before `unusedFor` ago.
    public var stale: Keys
    /// Active keys never used, of any age.
    public var neverUsed: Keys
    /// Active keys that expire within `expiringWithin`.
    public var expiringSoon: Keys
    /// Active keys past their keyspace's rotation period.
    public var pastRotation: Keys
    /// Active keys without an expiry.
    public var noExpiry: Keys
    /// Active keys without scopes, IP allowlist or rate limits.
    public var unrestricted: Keys
    /// Secrets past their `rotateEvery`, most overdue first.
    public var overdueSecrets: Secrets
    /// Secrets a leak report matched, until a new version is set.
    public var compromisedSecrets: Secrets
    /// The names of the keyspaces the keys belong to, by id.
    public var keyspaceNames: [String: String]
}

public struct HygieneService: Sendable {
    let store: any Store
    let time: EngineClock

    public func report(unusedFor: DurationText, expiringWithin: DurationText) async throws -> HygieneReport {
        let now = time.now
        func section(_ hygiene: KeyHygiene? = nil, rotationOverdue: Bool = false) async throws -> HygieneReport.Keys {
            var filter = KeyFilter(rotationOverdue: rotationOverdue, now: now)
            filter.hygiene = hygiene
            let page = try await store.listKeys(filter, PageRequest(limit: HygieneReport.sectionLimit))
            return HygieneReport.Keys(keys: page.items, truncated: page.nextCursor != nil)
        }
        let stale = try await section(.unusedSince(now.addingTimeInterval(-unusedFor.timeInterval)))
        let neverUsed = try await section(.neverUsed)
        let expiringSoon = try await section(.expiringBefore(now.addingTimeInterval(expiringWithin.timeInterval)))
        let pastRotation = try await section(rotationOverdue: true)
        let noExpiry = try await section(.noExpiry)
        let unrestricted = try await section(.unrestricted)
        var names: [String: String] = [:]
        for keyspaceID in Set([stale, neverUsed, expiringSoon, pastRotation, noExpiry, unrestricted].flatMap { $0.keys.map(\.keyspaceId) }) {
            names[keyspaceID] = try await store.keyspace(idOrName: keyspaceID)?.name
        }
        return HygieneReport(
            generatedAt: now, unusedFor: unusedFor, expiringWithin: expiringWithin, stale: stale, neverUsed: neverUsed,
            expiringSoon: expiringSoon, pastRotation: pastRotation, noExpiry: noExpiry, unrestricted: unrestricted,
            overdueSecrets: HygieneReport.Secrets(try await store.secretsDueForRotation(at: now, limit: HygieneReport.sectionLimit + 1)),
            compromisedSecrets: HygieneReport.Secrets(try await store.compromisedSecrets(limit: HygieneReport.sectionLimit + 1)),
            keyspaceNames: names)
    }
}
