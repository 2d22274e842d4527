import Foundation

/// Builds the fixed-shape JSON objects of answers: absent values are written
/// as `null`, so every record of a kind has the same fields.
public struct JSONObjectBuilder {
    public private(set) var members: [String: JSONValue] = [:]

    public init() {}

    public mutating func set(_ name: String, _ value: String?) {
        members[name] = value.map(JSONValue.string) ?? .null
    }

    public mutating func set(_ name: String, _ value: Date?) {
        members[name] = value.map { .string(Timestamp.format($0)) } ?? .null
    }

    public mutating func set(_ name: String, _ value: Bool) {
        members[name] = .bool(value)
    }

    public mutating func set(_ name: String, _ value: Int?) {
        members[name] = value.map { .number(Double($0)) } ?? .null
    }

    public mutating func set(_ name: String, _ scopes: [Scope]) {
        members[name] = .array(scopes.map { .string($0.rawValue) })
    }

    public mutating func set(_ name: String, _ value: JSONValue) {
        members[name] = value
    }

    public var object: JSONValue { .object(members) }
}
