import Foundation
import KeywardCore

extension SQLStore {
    public func keyspace(idOrName: String) async throws -> Keyspace? {
        try await read("SELECT * FROM keyspaces WHERE id = ? OR name = ? LIMIT 1", [.text(idOrName), .text(idOrName)])
            .first.map(Self.keyspace(from:))
    }

    public func listKeyspaces(_ page: PageRequest) async throws -> Page<Keyspace> {
        let rows = try await read(
            "SELECT * FROM keyspaces WHERE id > ? ORDER BY id LIMIT ?",
            [.text(page.cursor ?? ""), .integer(page.limit + 1)]
        )
        return page.page(from: try rows.map(Self.keyspace(from:)), id: \.id)
    }

    static func keyspace(from row: SQLRow) throws -> Keyspace {
        Keyspace(
            id: try row.string("id"),
            name: try row.string("name"),
            prefix: try KeyPrefix(keyspacePrefix: try row.string("prefix")),
            defaultScopes: try RecordCoding.scopes(json: try row.string("default_scopes")),
            ipAllowlist: try RecordCoding.ranges(json: try row.string("ip_allowlist")),
            ratelimits: try RecordCoding.ratelimits(json: try row.string("ratelimits")),
            maxLifetime: try row.optionalString("max_lifetime").map { text throws(KeywardError) in try DurationText(parsing: text) },
            rotationPeriod: try row.optionalString("rotation_period").map { text throws(KeywardError) in try DurationText(parsing: text) },
            requireExpiry: try row.bool("require_expiry"),
            monitoring: try monitoring(from: row),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            rateLimitMode: RateLimitMode(rawValue: try row.string("rate_limit_mode")) ?? .local,
            failOpenFor: try failOpenFor(row, "fail_open_for")
        )
    }

    static func failOpenFor(_ row: SQLRow, _ column: String) throws -> DurationText? {
        try row.optionalString(column).map { text throws(KeywardError) in try DurationText(parsing: text) }
    }

    static func monitoring(from row: SQLRow) throws -> KeyspaceMonitoring {
        let text = try row.string("monitoring")
        let value = try RecordCoding.decode(JSONValue.self, text)
        return try KeyspaceMonitoring(json: value)
    }
}
