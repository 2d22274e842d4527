/// Password hashes where they are stored for login: `.htpasswd` and
/// `/etc/shadow` lines (`user:$6$salt$hash:…`, `user:$apr1$…`, `user:$2y$…`,
/// `user:{SHA}…`) and SQL dumps that insert them into a users table (`'$2y$10$…'`,
/// WordPress `'$P$B…'`, Django `'pbkdf2_sha256$…'`). A hash is not the password,
/// but it can be cracked offline, so it is reported (medium) when its shape is
/// exact: bcrypt, md5-crypt/apr1, sha256-crypt, sha512-crypt, yescrypt, phpass,
/// Django PBKDF2, LDAP `{SHA}`/`{SSHA}`.
extension RuleCatalog {
    static let passwordHash: [Rule] = [
        Rule(
            id: "password-hash", description: "Password hash in an .htpasswd or shadow line",
            // Two short keywords; the matcher checks the exact hash shape.
            keywords: [":$", ":{s"],
            matcher: .custom { bytes, start, _ in PasswordHashLine.match(bytes, colon: start) }, confidence: .medium
        ) {
            RuleSamples(
                positives: [
                    "admin:\(PasswordHashShape.sampleBcrypt())", "root:\(PasswordHashShape.sampleSHA512Crypt()):19700:0:99999:7:::",
                    "deploy:$apr1$\(SampleText.random(.base62, count: 8))$\(SampleText.random(.base62, count: 22))",
                    "ann:{SHA}\(Base64URL.encodeStandard(SampleText.random(.base62, count: 20)))",
                ],
                negatives: [
                    "root:*:19700:0:99999:7:::", "daemon:!:19700::::::", "  hash = \"\(PasswordHashShape.sampleBcrypt())\"",
                    "admin:$2y$10$tooShort", "url = \"http://host:$6$port\"",
                ])
        },
        Rule(
            id: "sql-password-hash", description: "Password hash inserted by an SQL dump",
            files: FileNamePattern(suffixes: [".sql"]), scan: SQLPasswordHashes.find
        ) {
            RuleSamples(
                positives: [
                    "INSERT INTO `users` VALUES (1,'ann','ann@example.org','\(PasswordHashShape.sampleBcrypt())',NOW());",
                    "INSERT INTO wp_users VALUES (1,'admin','$P$B\(SampleText.random(.base62, count: 30))','admin');",
                    "COPY public.users (id, email, password) FROM stdin;\n1\tann@example.org\t\(PasswordHashShape.sampleBcrypt())\n\\.",
                    "INSERT INTO auth_user (password) VALUES ('pbkdf2_sha256$600000$\(SampleText.random(.base62, count: 22))$\(SampleText.random(.base62, count: 43))=');",
                ],
                negatives: ["INSERT INTO users VALUES (1,'ann','$2y$10$short');", "SELECT '$6$' AS prefix;", "-- users: ann:$2y$"],
                path: "backup/dump.sql")
        },
    ]
}

/// The exact shapes of stored password hashes.
enum PasswordHashShape {
    static let crypt = ByteSet.base62.union(ByteSet("./"))

    /// The length of the hash that starts at `start` (at its first `$` or `{`), if one does.
    static func length(_ bytes: ScanBytes, at start: Int) -> Int? {
        func run(_ from: Int, _ set: ByteSet, max: Int) -> Int {
            var end = from
            while end < bytes.count, end - from <= max, set.contains(bytes[end]) { end += 1 }
            return end - from
        }
        func byte(_ offset: Int) -> UInt8 { start + offset < bytes.count ? bytes[start + offset] : 0 }
        if ConfigValue.hasWord(bytes, at: start, "{SHA}") || ConfigValue.hasWord(bytes, at: start, "{SSHA}") {
            let prefix = byte(2) == UInt8(ascii: "S") || byte(2) == UInt8(ascii: "s") ? 6 : 5
            let body = run(start + prefix, ByteSet.base64, max: 120)
            return (prefix == 5 ? body == 28 : body >= 32) ? prefix + body : nil
        }
        if ConfigValue.hasWord(bytes, at: start, "pbkdf2_sha256$") {
            // pbkdf2_sha256$<iterations>$<salt>$<44 base64>
            var index = start + 14
            let iterations = run(index, .digits, max: 8)
            guard iterations > 0, byte(index + iterations - start) == UInt8(ascii: "$") else { return nil }
            index += iterations + 1
            let salt = run(index, .base62, max: 64)
            guard salt >= 8, index + salt < bytes.count, bytes[index + salt] == UInt8(ascii: "$") else { return nil }
            index += salt + 1
            let hash = run(index, ByteSet.base64, max: 60)
            return hash == 44 ? index + hash - start : nil
        }
        guard byte(0) == UInt8(ascii: "$") else { return nil }
        // phpass: $P$ or $H$, then 31 characters.
        if (byte(1) == UInt8(ascii: "P") || byte(1) == UInt8(ascii: "H")) && byte(2) == UInt8(ascii: "$") {
            return run(start + 3, crypt, max: 40) == 31 ? 34 : nil
        }
        // bcrypt: $2a$, $2b$, $2y$, two cost digits, $, 53 characters.
        if byte(1) == UInt8(ascii: "2"), "aby".utf8.contains(byte(2)), byte(3) == UInt8(ascii: "$"), ByteSet.digits.contains(byte(4)),
            ByteSet.digits.contains(byte(5)), byte(6) == UInt8(ascii: "$")
        {
            return run(start + 7, crypt, max: 60) == 53 ? 60 : nil
        }
        // $id$[rounds=N$]salt$hash with the hash length of each algorithm.
        let id: String
        var index = start + 1
        let idLength = run(index, ByteSet.lower.union(.digits), max: 5)
        id = ConfigValue.text(bytes, index..<(index + idLength))
        let hashLength: Int
        switch id {
        case "1", "apr1": hashLength = 22
        case "5": hashLength = 43
        case "6": hashLength = 86
        case "y": hashLength = 43
        default: return nil
        }
        index += idLength
        guard index < bytes.count, bytes[index] == UInt8(ascii: "$") else { return nil }
        index += 1
        if id == "y" {
            // yescrypt: $y$params$salt$hash.
            let parameters = run(index, crypt, max: 32)
            guard parameters > 0, index + parameters < bytes.count, bytes[index + parameters] == UInt8(ascii: "$") else { return nil }
            index += parameters + 1
        } else if ConfigValue.hasWord(bytes, at: index, "rounds=") {
            let digits = run(index + 7, .digits, max: 10)
            guard digits > 0, index + 7 + digits < bytes.count, bytes[index + 7 + digits] == UInt8(ascii: "$") else { return nil }
            index += 7 + digits + 1
        }
        let salt = run(index, crypt, max: 64)
        guard salt >= 1, salt <= (id == "y" ? 64 : 16), index + salt < bytes.count, bytes[index + salt] == UInt8(ascii: "$") else { return nil }
        index += salt + 1
        return run(index, crypt, max: 100) == hashLength ? index + hashLength - start : nil
    }

    static func sampleBcrypt() -> String { "$2y$10$" + SampleText.random(.base62, count: 53) }

    static func sampleSHA512Crypt() -> String {
        "$6$" + SampleText.random(.base62, count: 16) + "$" + SampleText.random(.base62, count: 86)
    }
}

/// `user:HASH` opening its line (`.htpasswd`, `/etc/shadow`).
enum PasswordHashLine {
    static func match(_ bytes: ScanBytes, colon: Int) -> RuleMatch? {
        var userStart = colon
        let user = ByteSet.word.union(ByteSet(".-@"))
        while userStart > 0, colon - userStart < 64, user.contains(bytes[userStart - 1]) { userStart -= 1 }
        guard userStart < colon, userStart == 0 || bytes[userStart - 1] == 0x0A else { return nil }
        guard let length = PasswordHashShape.length(bytes, at: colon + 1) else { return nil }
        let end = colon + 1 + length
        // The hash ends the line or the field.
        guard end == bytes.count || bytes[end] == UInt8(ascii: ":") || bytes[end] == 0x0A || bytes[end] == 0x0D else { return nil }
        let hash = ScanBytes(rebasing: bytes[(colon + 1)..<end])
        guard !MadeUpText.isFiller(hash.suffix(22)) else { return nil }
        return RuleMatch(range: (colon + 1)..<end, verdict: .plausible)
    }
}

/// Hashes in quoted SQL values: `'$2y$10$…'`.
enum SQLPasswordHashes {
    static func find(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        var index = 0
        while index + 1 < bytes.count {
            defer { index += 1 }
            // A quoted value (`INSERT … VALUES (…'$2y$…')`) or a tab-separated field (`COPY … FROM stdin`).
            guard bytes[index] == UInt8(ascii: "'") || bytes[index] == UInt8(ascii: "\"") || bytes[index] == 0x09,
                bytes[index + 1] == UInt8(ascii: "$") || bytes[index + 1] == UInt8(ascii: "p") || bytes[index + 1] == UInt8(ascii: "{")
            else { continue }
            guard let length = PasswordHashShape.length(bytes, at: index + 1) else { continue }
            let end = index + 1 + length
            let closes =
                bytes[index] == 0x09
                ? end == bytes.count || [0x09, 0x0A, 0x0D].contains(bytes[end]) : end < bytes.count && bytes[end] == bytes[index]
            guard closes, !MadeUpText.isFiller(bytes[(end - 22)..<end]) else { continue }
            matches.append(RuleMatch(range: (index + 1)..<end, verdict: .plausible))
            index = end
        }
        return matches
    }
}
