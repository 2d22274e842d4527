import Foundation
import KeywardCore

/// Builds the fixed-shape JSON objects of answers: absent values are written
/// as `null`, so every record of a kind has the same fields.
struct JSONObjectBuilder {
    private(set) var members: [String: JSONValue] = [:]

    mutating func set(_ name: String, _ value: String?) {
        members[name] = value.map(JSONValue.string) ?? .null
    }

    mutating func set(_ name: String, _ value: Date?) {
        members[name] = value.map { .string(Timestamp.format($0)) } ?? .null
    }

    mutating func set(_ name: String, _ value: Bool) {
        members[name] = .bool(value)
    }

    mutating func set(_ name: String, _ value: Int?) {
        members[name] = value.map { .number(Double($0)) } ?? .null
    }

    mutating func set(_ name: String, _ scopes: [Scope]) {
        members[name] = .array(scopes.map { .string($0.rawValue) })
    }

    mutating func set(_ name: String, _ value: JSONValue) {
        members[name] = value
    }

    var object: JSONValue { .object(members) }
}
