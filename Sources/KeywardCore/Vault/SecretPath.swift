/// Where a secret lives in the vault: segments of `A-Z a-z 0-9 . _ -` joined by
/// `/` (`payments/stripe/live`). Paths appear in URLs, audit entries, logs and
/// environment variable names, so they are held to a small, safe alphabet.
///
/// Rules (docs/vault.md): 1 to 16 segments, each 1 to 64 bytes; the whole path
/// at most 256 bytes; no empty segment (`a//b`, a leading or trailing `/`), no
/// segment of dots only (`.`, `..`: a path never climbs); nothing shaped like an
/// API key (it would be written where everyone reads it).
public struct SecretPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let maximumLength = 256
    public static let maximumSegments = 16
    public static let maximumSegmentLength = 64

    public let rawValue: String

    public init(parsing text: String, field: String = "path") throws(KeywardError) {
        func fail(_ message: String) -> KeywardError { KeywardError(.invalidPath, message, field: field) }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw fail("the path is empty") }
        guard bytes.count <= Self.maximumLength else { throw fail("the path is longer than \(Self.maximumLength) bytes") }
        var segments = 0
        var segmentStart = 0
        for index in 0...bytes.count {
            guard index == bytes.count || bytes[index] == UInt8(ascii: "/") else {
                let byte = bytes[index]
                guard Base62.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") else {
                    throw fail("character \(index + 1) is not one of A-Z a-z 0-9 . _ - /")
                }
                continue
            }
            let segment = bytes[segmentStart..<index]
            segments += 1
            guard !segment.isEmpty else {
                throw fail("segment \(segments) is empty (a path has no leading, trailing or double /)")
            }
            guard segment.count <= Self.maximumSegmentLength else {
                throw fail("segment \(segments) is longer than \(Self.maximumSegmentLength) bytes")
            }
            guard !segment.allSatisfy({ $0 == UInt8(ascii: ".") }) else {
                throw fail("segment \(segments) is only dots; . and .. are not allowed in a path")
            }
            segmentStart = index + 1
        }
        guard segments <= Self.maximumSegments else { throw fail("the path has more than \(Self.maximumSegments) segments") }
        guard !KeyShape.occurs(in: Substring(text)) else {
            throw fail("the path has the shape of an API key; a key must never be a path")
        }
        rawValue = text
    }

    public var description: String { rawValue }

    public var segments: [Substring] { rawValue.split(separator: "/") }

    public static func < (lhs: SecretPath, rhs: SecretPath) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the path starts with `prefix` as text, as `secret list --prefix`
    /// means it (`payments/` holds `payments/stripe/live`).
    public func hasPrefix(_ prefix: String) -> Bool { rawValue.hasPrefix(prefix) }
}

extension KeywardError.Code {
    /// A vault path that breaks the rules of `SecretPath`.
    public static let invalidPath = Self("INVALID_PATH", .invalidInput)
}
