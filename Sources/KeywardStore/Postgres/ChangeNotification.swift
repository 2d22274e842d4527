import KeywardCore

/// Committed changes as NOTIFY payloads and back: `<node> <change> <change>…`
/// with `k:<hash hex>` (a key), `t:<hash hex>` (a token), `s:<keyspace id>`
/// and `*` (everything). A payload stays under PostgreSQL's 8,000 bytes.
enum ChangeNotification {
    static let maximumPayload = 7_000

    static func payloads(for changes: [StoreChange], from node: String) -> [String] {
        var payloads: [String] = []
        var current = node
        for change in Set(changes) {
            let word = encode(change)
            if current.utf8.count + 1 + word.utf8.count > maximumPayload {
                payloads.append(current)
                current = node
            }
            current += " " + word
        }
        if current != node { payloads.append(current) }
        return payloads
    }

    /// The node that sent `payload` and its changes; a word this build does
    /// not know (a newer node's) is read as a change of everything.
    static func decode(_ payload: String) -> (node: Substring, changes: [StoreChange]) {
        let words = payload.split(separator: " ")
        guard let node = words.first else { return ("", [.everything]) }
        return (node, words.dropFirst().map(decode(word:)))
    }

    private static func encode(_ change: StoreChange) -> String {
        switch change {
        case .key(let hash): "k:" + Hex.encode(hash.bytes)
        case .token(let hash): "t:" + Hex.encode(hash.bytes)
        case .keyspace(let id): "s:" + id
        case .everything: "*"
        }
    }

    private static func decode(word: Substring) -> StoreChange {
        let value = word.dropFirst(2)
        switch word.prefix(2) {
        case "k:": if let bytes = Hex.decode(String(value)), let hash = KeyHash(bytes: bytes) { return .key(hash) }
        case "t:": if let bytes = Hex.decode(String(value)), let hash = KeyHash(bytes: bytes) { return .token(hash) }
        case "s:": if !value.isEmpty { return .keyspace(id: String(value)) }
        default: break
        }
        return .everything
    }
}
