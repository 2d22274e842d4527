import Foundation
import KeywardCore

/// Conversions shared by the backends between records and column values:
/// times as whole milliseconds since 1970, lists and objects as JSON text.
enum RecordCoding {
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    static func json(_ scopes: [Scope]) throws(KeywardError) -> String {
        try json(scopes.map(\.rawValue))
    }

    /// The value as JSON text. The error never describes the value (it may be a
    /// record that a secret rides beside).
    static func json(_ value: some Encodable) throws(KeywardError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw KeywardError(.storageFailure, "a value could not be encoded for the store")
        }
    }

    static func json(_ ranges: [IPRange]) throws(KeywardError) -> String {
        try json(ranges.map(\.description))
    }

    static func ranges(json text: String) throws -> [IPRange] {
        try decode([String].self, text).map { text throws(KeywardError) in try IPRange(parsing: text, field: "ip_allowlist") }
    }

    /// A rate limit as stored: the window as its text (`1m`).
    private struct StoredRateLimit: Codable {
        var name: String
        var limit: Int64
        var window: String
        var per: RateLimit.Per
    }

    static func json(_ limits: [RateLimit]) throws(KeywardError) -> String {
        try json(limits.map { StoredRateLimit(name: $0.name, limit: $0.limit, window: $0.window.text, per: $0.per) })
    }

    static func ratelimits(json text: String) throws -> [RateLimit] {
        try decode([StoredRateLimit].self, text).map { stored throws(KeywardError) in
            try RateLimit(
                name: stored.name, limit: stored.limit, window: try DurationText(parsing: stored.window, field: "ratelimits"), per: stored.per)
        }
    }

    static func scopes(json text: String) throws -> [Scope] {
        try decode([String].self, text).map { text throws(KeywardError) in try Scope(parsing: text) }
    }

    /// A key's `meta`. One stored before depth was limited, and now deeper than
    /// `JSONLimits.maximumMetaDepth`, reads as a marker object instead of failing
    /// every list and verification that touches it; the stored text is kept.
    static func meta(json text: String) throws -> [String: JSONValue] {
        guard let meta = try? decode([String: JSONValue].self, text), JSONValue.object(meta).depth <= JSONLimits.maximumMetaDepth else {
            return JSONLimits.unreadableMeta
        }
        return meta
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw KeywardError(.storageFailure, "a stored \(T.self) value is damaged")
        }
    }
}
