import Foundation
import KeywardCore

/// Typed, field-by-field reading of a JSON request object. Every failure names
/// the field and what was expected; unknown fields are refused, so a typo does
/// not pass silently.
struct JSONObjectReader {
    let members: [String: JSONValue]
    /// Where this object sits in the request (`ratelimits[0]`), for messages.
    var path: String? = nil

    /// `name` as a message names it: `ratelimits[0].limit` inside an item.
    func qualified(_ name: String) -> String { path.map { "\($0).\(name)" } ?? name }

    /// Refuses fields outside `allowed`; `later` names fields that a later
    /// version of Keyward will take.
    func rejectUnknownFields(allowed: Set<String>, later: Set<String> = []) throws(KeywardError) {
        for name in members.keys.sorted() where !allowed.contains(name) {
            // A field name is repeated only when it looks like one: a key pasted
            // as a name must not come back in the answer (or a log).
            let shown = Self.isEchoable(name) ? qualified(name) : path
            if later.contains(name) {
                throw KeywardError(.unknownField, "this version of Keyward does not support \(name) yet", field: qualified(name))
            }
            throw KeywardError(
                .unknownField,
                "unknown field\(shown == nil ? " (its name is not repeated)" : ""); expected one of \(allowed.sorted().joined(separator: ", "))",
                field: shown
            )
        }
    }

    /// Short, identifier-shaped names (`expiresAt`, `ip_allowlist`) that no key
    /// or token can be: a key is longer and has a checksum body.
    static func isEchoable(_ name: String) -> Bool {
        name.utf8.count <= 32 && !name.isEmpty
            && name.utf8.allSatisfy { Base62.isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            && !KeyShape.occurs(in: name[...])
    }

    func has(_ name: String) -> Bool { members[name] != nil }

    /// True when the field is present with `null` (clear the value on PATCH).
    func isNull(_ name: String) -> Bool { members[name] == .null }

    func requiredString(_ name: String, maxLength: Int = 256) throws(KeywardError) -> String {
        guard let value = try string(name, maxLength: maxLength) else {
            throw KeywardError(.missingField, "the field is required", field: qualified(name))
        }
        return value
    }

    /// A string (nil when absent or null), of at most `maxLength` bytes of
    /// UTF-8 (bytes, not characters: one "character" can be kilobytes) and no
    /// control characters.
    func string(_ name: String, maxLength: Int = 256) throws(KeywardError) -> String? {
        guard let text = try rawString(name) else { return nil }
        if text.utf8.count > maxLength { throw KeywardError(.invalidField, "longer than \(maxLength) bytes", field: qualified(name)) }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw KeywardError(.invalidField, "holds a control character", field: qualified(name))
        }
        return text
    }

    /// A required string taken as it is (the body bounds its size): a key to
    /// verify, where any string is an answer and none is an input error.
    func requiredRawString(_ name: String) throws(KeywardError) -> String {
        guard let text = try rawString(name) else { throw KeywardError(.missingField, "the field is required", field: qualified(name)) }
        return text
    }

    /// A string taken as it is, any bytes (the body bounds its size): a vault value.
    func rawStringValue(_ name: String) throws(KeywardError) -> String? {
        try rawString(name)
    }

    private func rawString(_ name: String) throws(KeywardError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw typeError(name, expected: "a string", found: other)
        }
    }

    func bool(_ name: String) throws(KeywardError) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw typeError(name, expected: "true or false", found: other)
        }
    }

    /// A whole number within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(KeywardError) -> Int? {
        switch members[name] {
        case nil, .null?: return nil
        case .number(let value)?:
            guard value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
                throw KeywardError(.invalidField, "expected a whole number from \(range.lowerBound) to \(range.upperBound)", field: qualified(name))
            }
            return Int(value)
        case let other?: throw typeError(name, expected: "a number", found: other)
        }
    }

    func stringArray(_ name: String, maxCount: Int = 100, maxLength: Int = 256) throws(KeywardError) -> [String]? {
        switch members[name] {
        case nil, .null?: return nil
        case .array(let items)?:
            if items.count > maxCount { throw KeywardError(.invalidField, "more than \(maxCount) items", field: qualified(name)) }
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw typeError("\(name)[\(index)]", expected: "a string", found: item)
                }
                if text.utf8.count > maxLength {
                    throw KeywardError(.invalidField, "longer than \(maxLength) bytes", field: qualified("\(name)[\(index)]"))
                }
                strings.append(text)
            }
            return strings
        case let other?: throw typeError(name, expected: "an array of strings", found: other)
        }
    }

    func scopes(_ name: String) throws(KeywardError) -> [Scope]? {
        guard let texts = try stringArray(name) else { return nil }
        var scopes: [Scope] = []
        for (index, text) in texts.enumerated() {
            scopes.append(try Scope(parsing: text, field: qualified("\(name)[\(index)]")))
        }
        return Array(Set(scopes)).sorted()
    }

    /// An array of CIDR ranges or addresses (at most 100); the error names the item.
    func ipRanges(_ name: String) throws(KeywardError) -> [IPRange]? {
        guard let texts = try stringArray(name, maxCount: 100, maxLength: 64) else { return nil }
        var ranges: [IPRange] = []
        for (index, text) in texts.enumerated() {
            let range = try IPRange(parsing: text, field: qualified("\(name)[\(index)]"))
            if !ranges.contains(range) { ranges.append(range) }
        }
        return ranges
    }

    func object(_ name: String, maxDepth: Int, maxEncodedSize: Int = 16 * 1024) throws(KeywardError) -> [String: JSONValue]? {
        switch members[name] {
        case nil, .null?: return nil
        case .object(let members)?:
            let value = JSONValue.object(members)
            if value.depth > maxDepth { throw KeywardError(.invalidField, "nested deeper than \(maxDepth) levels", field: qualified(name)) }
            if try JSONBody.encode(value).count > maxEncodedSize {
                throw KeywardError(.invalidField, "larger than \(maxEncodedSize) bytes of JSON", field: qualified(name))
            }
            return members
        case let other?: throw typeError(name, expected: "a JSON object", found: other)
        }
    }

    func date(_ name: String) throws(KeywardError) -> Date? {
        guard let text = try string(name, maxLength: 64) else { return nil }
        return Timestamp.roundedToMilliseconds(try Timestamp.parse(text, field: qualified(name)))
    }

    func duration(_ name: String) throws(KeywardError) -> DurationText? {
        guard let text = try string(name, maxLength: 32) else { return nil }
        return try DurationText(parsing: text, field: qualified(name))
    }

    private func typeError(_ name: String, expected: String, found: JSONValue) -> KeywardError {
        KeywardError(.invalidField, "expected \(expected), found \(JSONObjectReader.kind(of: found))", field: qualified(name))
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
