/// Names of keyspaces: 1 to 64 characters of `A-Z a-z 0-9 . _ -`, starting with
/// a letter or digit, so they are safe in URLs, logs and shell commands.
public enum KeywardName {
    public static let maximumLength = 64

    public static func validate(_ text: String, field: String) throws(KeywardError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw KeywardError(.invalidName, "the name is empty", field: field) }
        guard bytes.count <= maximumLength else {
            throw KeywardError(.invalidName, "the name is longer than \(maximumLength) characters", field: field)
        }
        guard Base62.isDigit(bytes[0]) else {
            throw KeywardError(.invalidName, "the name must start with a letter or a digit", field: field)
        }
        for (index, byte) in bytes.enumerated()
        where !(Base62.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")) {
            throw KeywardError(.invalidName, "character \(index + 1) is not one of A-Z a-z 0-9 . _ -", field: field)
        }
    }
}
