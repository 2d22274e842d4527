/// Words that mark a value as a placeholder, a description or test data
/// rather than a credential. They match whole values or whole words of a value.
enum StopWords {
    static let words: Set<String> = [
        "example", "examples", "sample", "dummy", "fake", "test", "tests", "testing", "placeholder", "changeme", "change",
        "replace", "your", "yours", "mine", "my", "xxx", "xxxx", "xxxxx", "todo", "fixme", "secret", "secrets", "password",
        "passwd", "token", "tokens", "apikey", "key", "keys", "redacted", "hidden", "none", "null", "nil", "undefined",
        "true", "false", "default", "value", "string", "str", "bool", "int", "number", "enter", "insert", "here",
        "foo", "bar", "baz", "qux", "demo", "mock", "stub", "invalid", "bogus", "not", "real", "notreal", "fast", "slow",
        "public", "private", "access", "bearer", "basic", "auth", "admin", "root", "user", "username", "login", "pass",
        "letmein", "qwerty", "abc", "abcd", "abcdef", "hello", "world", "required", "optional", "empty", "unset",
        "config", "env", "environment", "variable", "local", "localhost", "dev", "development", "prod", "production",
        "staging", "mysecret", "mypassword", "supersecret", "topsecret", "secure", "insecure", "temp", "tmp", "random",
        "generated", "generate", "provided", "missing", "unknown", "name", "type", "id", "path", "file", "url", "data",
        "lorem", "ipsum", "asdf", "asdfgh", "hunter", "hunter2", "password1", "password123", "pwd", "pw", "new", "old",
        "current", "confirm", "reset", "forgot", "wrong", "incorrect", "correct", "valid", "expired", "revoked",
        "client", "server", "service", "api", "app", "application", "description", "message", "label", "text", "field",
        "input", "output", "format", "pattern", "regex", "header", "authorization", "cookie", "session", "csrf", "xsrf",
        "nonce", "hash", "digest", "salt", "encrypted", "decrypted", "cipher", "plain", "plaintext", "dev123", "test123",
    ]

    /// Whether `value`, or one of its words, is a stop word. Words count only where
    /// the value is made of words: it has separators (`your_token_here`) or only
    /// letters (`myFastValue`). A random-looking token that mixes letters and digits
    /// (`x9fastK9pQ2v`) holds no stop word, whatever its substrings.
    static func mark(_ value: String) -> Bool {
        if words.contains(value.lowercased()) { return true }
        let parts = ValueWords.split(value)
        let hasSeparator = value.utf8.contains { "_-. :,@".utf8.contains($0) }
        let letterParts = parts.filter { part in part.utf8.allSatisfy { ByteSet.lower.contains($0) } }
        guard hasSeparator || letterParts.count == parts.count else { return false }
        return letterParts.contains { words.contains($0) }
    }
}
