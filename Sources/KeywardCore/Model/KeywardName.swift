/// Names of keyspaces: 1 to 64 characters of `A-Z a-z 0-9 . _ -`, starting with
/// a letter or digit, so they are safe in URLs, logs and shell commands, and
/// never shaped like a record id or an API key.
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
        // A keyspace is named by id or name in the same places: a name shaped like
        // an id would make the two ambiguous, and one shaped like a key would be a
        // key written where everyone can read it.
        if RecordID.Kind.allCases.contains(where: { RecordID.isValid(text, kind: $0) }) {
            throw KeywardError(.invalidName, "the name has the shape of a record id; choose another", field: field)
        }
        if KeyShape.occurs(in: Substring(text)) {
            throw KeywardError(.invalidName, "the name has the shape of an API key; choose another", field: field)
        }
    }
}
