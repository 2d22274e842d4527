/// Credentials written into an HTTP `Authorization` header (curl commands, HTTP
/// files, docs): `Bearer <token>` and `Basic <base64 of user:password>`.
extension RuleCatalog {
    static let authorizationHeader: [Rule] = [
        Rule(
            id: "authorization-bearer", description: "Bearer token in an Authorization header", keywords: ["authorization: bearer "],
            matcher: .custom { bytes, start, length in AuthorizationValue.bearer(bytes, from: start + length) }, isGeneric: true,
            confidence: .medium
        ) {
            let token = SampleText.random(.base62, count: 30) + "9x"
            return RuleSamples(
                positives: ["curl -H 'Authorization: Bearer \(token)' https://api.example.org"],
                negatives: ["-H \"Authorization: Bearer $TOKEN\"", "Authorization: Bearer <token>", "Authorization: Bearer your_token_here"])
        },
        Rule(
            id: "authorization-basic", description: "Password in a Basic Authorization header", keywords: ["authorization: basic "],
            matcher: .custom { bytes, start, length in AuthorizationValue.basic(bytes, from: start + length) }, isGeneric: true,
            confidence: .medium
        ) {
            let password = SampleText.random(.base62, count: 14) + "3k"
            return RuleSamples(
                positives: ["Authorization: Basic \(Base64URL.encodeStandard("deploy:\(password)"))"],
                negatives: ["Authorization: Basic \(Base64URL.encodeStandard("user:password"))", "Authorization: Basic $CREDS"])
        },
    ]
}

/// Cuts the credential out of an Authorization header value.
enum AuthorizationValue {
    static func bearer(_ bytes: ScanBytes, from start: Int) -> RuleMatch? {
        let tokenSet = ByteSet.base64URL.union(ByteSet(".~+/="))
        var end = start
        while end < bytes.count, end - start < 4096, tokenSet.contains(bytes[end]) { end += 1 }
        let token = String(decoding: bytes[start..<end], as: UTF8.self)
        // JWTs have their own rule; the rest must look random.
        guard end - start >= 20, !token.hasPrefix("eyJ"), SecretValue.isPlausible(token, quoted: true, minimumEntropy: 3.5) else { return nil }
        return RuleMatch(range: start..<end, verdict: .plausible)
    }

    static func basic(_ bytes: ScanBytes, from start: Int) -> RuleMatch? {
        var end = start
        while end < bytes.count, end - start < 512, ByteSet.base64.contains(bytes[end]) { end += 1 }
        guard end - start >= 8, let decoded = Base64URL.decodeStandard(bytes[start..<end]),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let password = String(decoded[decoded.index(after: colon)...])
        guard password.utf8.count >= 6, !StopWords.mark(password), !SecretValue.isReference(password), Entropy.bits(password.utf8) >= 2.5
        else { return nil }
        return RuleMatch(range: start..<end, verdict: .plausible)
    }
}
