import Synchronization

/// The shared SQL writes `?` for each bound value; PostgreSQL numbers them
/// (`$1`, `$2`, …). Texts are rewritten once each and remembered: the store's
/// statements are a small, fixed set.
final class PostgresPlaceholders: Sendable {
    private let rewritten = Mutex<[String: String]>([:])
    /// Beyond this many distinct texts, new ones are rewritten without being kept.
    private let capacity = 4096

    func numbered(_ sql: String) -> String {
        if let known = rewritten.withLock({ $0[sql] }) { return known }
        let numbered = Self.number(sql)
        rewritten.withLock { cache in
            if cache.count < capacity { cache[sql] = numbered }
        }
        return numbered
    }

    /// `?` outside quoted text becomes `$n`.
    static func number(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var index = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                index += 1
                result += "$\(index)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
