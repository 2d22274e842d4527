/// Generic `api_key = "…"`, `password: …`, `SECRET=…` assignments: the name must
/// say it holds a credential and the value must look random (SPEC §10).
extension RuleCatalog {
    static let generic: [Rule] = [
        Rule(
            id: "generic-secret", description: "Secret assigned to a credential-named variable",
            keywords: [
                "secret", "token", "password", "passwd", "passphrase", "api_key", "apikey", "api-key", "access_key", "accesskey",
                "private_key", "privatekey", "auth_key", "authkey", "credential", "client_secret", "pwd", "key",
            ],
            matcher: AssignmentRule.matcher(
                acceptsName: GenericName.isCredential,
                acceptsNamedValue: { value, quoted, name in
                    SecretValue.isPlausible(value, quoted: quoted, digestShapedIsSecret: GenericName.namesAccountSecret(name))
                }),
            isGeneric: true
        ) {
            let value = SampleText.random(.base62, count: 22) + "4Z"
            return RuleSamples(
                positives: [
                    "api_key = \"\(value)\"", "export DB_PASSWORD=\(value)9", "\"clientSecret\": \"\(value)\"", "let apiToken: String = \"\(value)\"",
                    "secret_key => '\(value)'", "client_secret = \"\(SampleText.random(.hexLower, count: 40))\"",
                ],
                negatives: [
                    "password = \"changeme\"", "secret = \"\(SampleText.random(.hexLower, count: 64))\"",
                    "api_key_sha1 = \"\(SampleText.random(.hexLower, count: 40))\"", "token = process.env.TOKEN",
                    "password = os.environ[\"PASSWORD\"]", "secret = \"${SECRET}\"", "token = \"your_token_here\"",
                    "api_key = \"12345678-1234-1234-1234-123456789abc\"",
                    "\"integrity\": \"sha512-\(SampleText.random(.base62, count: 80))\"", "tokenizer = \"\(value)\"",
                    "password_field = \"\(value)\"", "if token == \"\(value)\"", "token = getToken(config)",
                    "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "password = \"fast-fast-fast\"",
                ])
        }
    ]
}

/// Which variable names hold credentials.
enum GenericName {
    static let credentialWords: Set<String> = [
        "secret", "token", "password", "passwd", "passphrase", "apikey", "pwd", "credential", "credentials", "secretkey", "accesskey",
        "privatekey", "authkey", "clientsecret", "accesstoken", "authtoken", "apitoken", "apisecret",
    ]
    /// Name endings that hold something about a credential rather than the credential itself.
    static let descriptiveEndings: Set<String> = [
        "file", "path", "dir", "name", "type", "url", "uri", "id", "ids", "endpoint", "length", "len", "size", "count", "field",
        "header", "param", "prefix", "suffix", "env", "var", "ref", "format", "pattern", "regex", "policy", "label", "hint", "expiry",
        "expires", "expiration", "ttl", "timeout", "rotation", "version", "hash", "digest", "sha", "sha1", "sha256", "sha512", "md5",
        "checksum", "fingerprint", "etag", "crc", "salt", "provider", "store", "manager",
        "location", "schema", "kind", "mode", "enabled", "required", "min", "max", "placeholder", "description", "message", "error",
        "class", "method", "spec", "key_id", "index", "at", "chars", "algorithm", "alg", "encoding", "tokenizer", "tokens", "limit", "source",
    ]

    /// Words before `key` that make it something other than a secret (`primaryKey`, `cacheKey`, `publicKey`).
    static let harmlessKeyQualifiers: Set<String> = [
        "public", "primary", "foreign", "cache", "sort", "partition", "coding", "hash", "map", "dict", "index", "lookup", "storage",
        "defaults", "user", "unique", "composite", "hot", "short", "shortcut", "keyboard", "row", "column", "field", "object", "json",
        "query", "header", "config", "translation", "i18n", "locale", "string", "localized", "environment", "registry", "idempotency",
        "routing", "group", "tag", "id", "name", "type", "node", "item", "list", "entry", "context", "metadata", "attribute", "host",
        "for", "with", "by", "the", "a", "dictionary", "table", "path", "value", "sub", "child", "parent", "lock", "music", "musical",
        "ssh", "gpg", "pgp", "cert", "certificate", "verification", "verifying", "validation", "event", "state", "session", "cookie",
        "message", "i", "j", "k", "min", "max", "next", "prev", "previous", "last", "first", "current", "new", "old", "cursor", "page",
        "sorting", "ordering", "order", "search", "filter", "label", "option", "setting", "settings", "pref", "preference", "preferences",
        "limit", "semver", "str", "result", "dest", "src", "s3", "request", "response", "accept", "nonce", "websocket", "socket", "mixin",
        "handshake", "component", "view", "react", "vue", "list", "render",
        "animation", "image", "asset", "resource", "file", "bucket", "object",
    ]

    /// Words before `token` that make it a protocol value, not a credential (`nextToken`, `clientToken`).
    static let harmlessTokenQualifiers: Set<String> = [
        "next", "page", "pagination", "continuation", "client", "creation", "idempotency", "sync", "cursor", "marker", "request",
        "start", "resume", "change", "purchase", "csrf", "xsrf", "state", "cancellation", "cancel", "lexer", "parser", "syntax", "eof", "end",
        "begin",
    ]
    /// Words that may follow the credential word in a name (`API_TOKEN_PROD`, `password1`).
    static let allowedTrailingWords: Set<String> = [
        "value", "string", "str", "text", "b64", "base64", "hex", "raw", "plain", "prod", "production", "live", "test", "dev",
        "staging", "key", "secret", "token", "password", "encoded",
    ]

    static func isCredential(_ words: [String]) -> Bool {
        guard let last = words.last, !descriptiveEndings.contains(last) else { return false }
        if let index = words.lastIndex(where: credentialWords.contains) {
            let word = words[index]
            if word == "token", index > 0, harmlessTokenQualifiers.contains(words[index - 1]) { return false }
            let trailing = words[(index + 1)...]
            if trailing.count <= 1, trailing.allSatisfy({ allowedTrailingWords.contains($0) || $0.allSatisfy(\.isNumber) }) { return true }
        }
        // `STRIPE_KEY`, `encryptionKey`, `openai.key`: a qualified key that is not a known harmless kind.
        if last == "key", words.count >= 2, !harmlessKeyQualifiers.contains(words[words.count - 2]) { return true }
        for (first, second) in zip(words, words.dropFirst()) {
            switch (first, second) {
            case ("api", "key"), ("access", "key"), ("secret", "key"), ("private", "key"), ("auth", "key"), ("client", "secret"),
                ("signing", "key"), ("master", "key"), ("encryption", "key"), ("app", "secret"), ("api", "secret"):
                return true
            default: continue
            }
        }
        return false
    }

    /// Names of a secret that belongs to an account or an API (`client_secret`,
    /// `API_KEY`, `secret_key_base`, `DB_PASSWORD`), as opposed to a bare `secret`
    /// or `key`, which crypto code and test vectors use for anything.
    static func namesAccountSecret(_ words: [String]) -> Bool {
        if words.contains(where: { ["password", "passwd", "pwd", "apikey", "apisecret", "apitoken", "clientsecret"].contains($0) }) {
            return true
        }
        for (first, second) in zip(words, words.dropFirst()) {
            switch (first, second) {
            case ("api", "key"), ("api", "secret"), ("api", "token"), ("app", "secret"), ("client", "secret"), ("secret", "key"),
                ("access", "token"), ("auth", "token"), ("access", "key"), ("consumer", "secret"):
                return true
            default: continue
            }
        }
        return false
    }
}
