/// Bounds on the JSON that Keyward takes in (docs/api.md, "Limits").
public enum JSONLimits {
    /// Nesting depth of a request body, counting every `[` and `{`.
    public static let maximumBodyDepth = 32
    /// Nesting depth of a key's `meta` object (the object itself is depth 1).
    public static let maximumMetaDepth = 16
    /// What a stored `meta` reads as when it is deeper than allowed (written by
    /// a version of Keyward that did not limit depth).
    public static let unreadableMeta: [String: JSONValue] = [
        "keywardUnreadableMeta": .string("stored meta is nested deeper than \(maximumMetaDepth) levels; PATCH meta to replace it")
    ]

    /// The deepest nesting of `[`/`{` in JSON text, outside strings, stopping
    /// early once it passes `limit`. Runs in one pass without recursion, so any
    /// input is safe to measure before decoding.
    public static func depth(of bytes: some Sequence<UInt8>, limit: Int) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > deepest {
                    deepest = depth
                    if deepest > limit { return deepest }
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

extension JSONValue {
    /// Nesting depth: 0 for a scalar, 1 for an array or object of scalars.
    /// Iterative, so a deep value cannot exhaust the stack.
    public var depth: Int {
        var deepest = 0
        var pending: [(JSONValue, Int)] = [(self, 0)]
        while let (value, level) = pending.popLast() {
            switch value {
            case .array(let items):
                deepest = max(deepest, level + 1)
                pending.append(contentsOf: items.map { ($0, level + 1) })
            case .object(let members):
                deepest = max(deepest, level + 1)
                pending.append(contentsOf: members.values.map { ($0, level + 1) })
            default: break
            }
        }
        return deepest
    }
}
