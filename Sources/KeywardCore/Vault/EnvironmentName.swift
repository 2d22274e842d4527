/// Names of the environment variables `keyward run` sets (SPEC §11).
public enum EnvironmentName {
    /// The longest name `run` accepts.
    public static let maximumLength = 128

    /// Whether `text` is a POSIX shell variable name: letters, digits and `_`,
    /// not starting with a digit.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= maximumLength, !isDigit(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// The variable for `path` under `prefix` (`app/` and `app/db/password` give
    /// `DB_PASSWORD`): the rest of the path upper-cased, every character other
    /// than `A-Z0-9` turned into `_`, and `_` in front when it would start with a
    /// digit. Nil when `path` does not start with `prefix` or nothing is left.
    public static func of(_ path: SecretPath, under prefix: String) -> String? {
        guard path.rawValue.hasPrefix(prefix) else { return nil }
        let rest = path.rawValue.utf8.dropFirst(prefix.utf8.count)
        guard !rest.isEmpty else { return nil }
        var name: [UInt8] = rest.map { byte in
            if isDigit(byte) { return byte }
            if isLetter(byte) { return byte & ~0x20 }
            return UInt8(ascii: "_")
        }
        if let first = name.first, isDigit(first) { name.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: name, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}
