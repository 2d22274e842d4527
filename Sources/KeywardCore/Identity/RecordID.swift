/// Identifiers of records: a kind prefix and 22 base62 characters (about 131
/// random bits), such as `key_3hT9…`. They are public, unlike keys.
public enum RecordID {
    public static let randomLength = 22

    public static func make(_ kind: Kind) -> String {
        kind.rawValue + "_" + Base62.random(count: randomLength)
    }

    /// Whether `text` has the shape of an identifier of `kind`.
    public static func isValid(_ text: String, kind: Kind) -> Bool {
        let head = kind.rawValue + "_"
        guard text.hasPrefix(head) else { return false }
        let rest = text.utf8.dropFirst(head.utf8.count)
        return rest.count == randomLength && rest.allSatisfy(Base62.isDigit)
    }

    public enum Kind: String, Sendable, CaseIterable {
        case key = "key"
        case keyspace = "ks"
        case token = "tok"
        case alert = "alr"
        case webhook = "wh"
        case user = "usr"
        /// An event sent to webhooks: the same id in every attempt.
        case event = "evt"
    }
}
