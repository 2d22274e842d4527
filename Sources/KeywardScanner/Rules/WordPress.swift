/// WordPress's `wp-config.php`: `define( 'DB_PASSWORD', '…' );` and the eight
/// authentication keys and salts (`AUTH_KEY` … `NONCE_SALT`, 64 random
/// characters each from the secret-key service). Also any `define` of a
/// credential-named constant in PHP.
extension RuleCatalog {
    static let wordPress: [Rule] = [
        Rule(
            id: "php-define-secret", description: "Secret in a PHP define() (wp-config.php DB_PASSWORD, auth keys and salts)",
            // Keywords inside the constant's name (in byte pairs the prefilter already looks at), then `define(` is
            // checked before it: `define` as a keyword would fill the common `de` byte pair.
            keywords: ["password", "_key", "_salt", "_secret", "_token"],
            matcher: .custom { bytes, start, _ in PHPDefine.match(bytes, nameAround: start) },
            confidence: .medium
        ) {
            let salt = SampleText.random(ByteSet.base62.union(ByteSet("!@#$%^&*()-_[]{}<>~+=,.;:/?| ")), count: 62) + "Q7"
            return RuleSamples(
                positives: [
                    "define( 'DB_PASSWORD', '\(SampleText.password())' );", "define('AUTH_KEY',         '\(salt)');",
                    "define(\"NONCE_SALT\", \"\(salt)\");", "define('STRIPE_SECRET_KEY', '\(SampleText.random(.base62, count: 30))');",
                ],
                negatives: [
                    "define( 'DB_PASSWORD', 'password_here' );", "define( 'AUTH_KEY', 'put your unique phrase here' );",
                    "define( 'DB_PASSWORD', getenv('DB_PASSWORD') );", "define( 'DB_USER', '\(SampleText.password())' );",
                    "define( 'WP_DEBUG', false );",
                ])
        }
    ]
}

enum PHPDefine {
    static let wordPressKeys: Set<String> = [
        "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
    ]

    /// The define whose quoted constant name holds the keyword at `keyword`.
    static func match(_ bytes: ScanBytes, nameAround keyword: Int) -> RuleMatch? {
        let nameSet = ByteSet.word
        var quote = keyword
        while quote > 0, keyword - quote < 64, nameSet.contains(bytes[quote - 1]) { quote -= 1 }
        guard quote > 0, bytes[quote - 1] == UInt8(ascii: "'") || bytes[quote - 1] == UInt8(ascii: "\"") else { return nil }
        var index = quote - 1
        while index > 0, quote - index < 16, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        guard index > 0, bytes[index - 1] == UInt8(ascii: "(") else { return nil }
        index -= 1
        while index > 0, bytes[index - 1] == 0x20 { index -= 1 }
        guard ConfigValue.hasWord(bytes, at: index - 6, "define") else { return nil }
        return match(bytes, from: index + 1)
    }

    static func match(_ bytes: ScanBytes, from start: Int) -> RuleMatch? {
        guard let (nameRange, next) = quoted(bytes, from: start) else { return nil }
        var index = next
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
        guard let (value, _) = quoted(bytes, from: index + 1) else { return nil }
        let name = ConfigValue.text(bytes, nameRange)
        let text = ConfigValue.text(bytes, value)
        if wordPressKeys.contains(name) {
            guard value.count >= 32, text != "put your unique phrase here", !MadeUpText.isFiller(bytes[value]), Entropy.bits(bytes[value]) >= 4
            else { return nil }
        } else {
            let words = ValueWords.split(name, splitAfterDigits: true)
            guard name == "DB_PASSWORD" || GenericName.isCredential(words), ConfigValue.isPlausiblePassword(text) else { return nil }
        }
        return RuleMatch(range: value, verdict: .plausible)
    }

    /// A `'…'` or `"…"` literal after optional spaces: its content and the index after it.
    static func quoted(_ bytes: ScanBytes, from start: Int) -> (Range<Int>, Int)? {
        var index = start
        while index < bytes.count, index - start < 16, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "'") || bytes[index] == UInt8(ascii: "\"") else { return nil }
        let quote = bytes[index]
        let contentStart = index + 1
        var end = contentStart
        while end < bytes.count, end - contentStart < 512, bytes[end] != quote, bytes[end] != 0x0A {
            if bytes[end] == UInt8(ascii: "\\") { return nil }
            end += 1
        }
        guard end < bytes.count, bytes[end] == quote else { return nil }
        return (contentStart..<end, end + 1)
    }
}
