/// Docker's client configuration (`~/.docker/config.json`, the older
/// `~/.dockercfg`, Kubernetes `dockerconfigjson` secrets): `"auths"` maps each
/// registry to `"auth": base64("user:password")`, and sometimes an
/// `"identitytoken"`. The `auth` value is decoded and must be `user:password`
/// with a real password before it is reported.
extension RuleCatalog {
    static let dockerConfig: [Rule] = [
        Rule(
            id: "docker-config-auth", description: "Registry credential in a Docker config.json / .dockercfg (auths)",
            keywords: ["\"auth\"", "\"identitytoken\""],
            matcher: .custom { bytes, start, length in DockerAuth.match(bytes, at: start, length: length) },
            confidence: .medium
        ) {
            let auth = Base64URL.encodeStandard("deploy:\(SampleText.password())")
            return RuleSamples(
                positives: [
                    "{\"auths\": {\"registry.example.org\": {\"auth\": \"\(auth)\"}}}",
                    "\"https://index.docker.io/v1/\": {\"auth\" : \"\(auth)\", \"email\": \"ci@example.org\"}",
                    "\"identitytoken\": \"\(SampleText.random(.base62, count: 40))\"",
                ],
                negatives: [
                    "\"auth\": \"\"", "\"auth\": \"\(Base64URL.encodeStandard("username:password"))\"",
                    "\"auth\": \"\(Base64URL.encodeStandard("no colon here at all"))\"", "\"auth\": \"basic\"",
                    "\"auth\": \"\(SampleText.random(.base62, count: 30))\"",
                ])
        }
    ]
}

enum DockerAuth {
    static func match(_ bytes: ScanBytes, at start: Int, length: Int) -> RuleMatch? {
        var index = start + length
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let valueStart = index + 1
        var end = valueStart
        while end < bytes.count, end - valueStart < 4096, bytes[end] != UInt8(ascii: "\""), bytes[end] != 0x0A { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        let value = valueStart..<end
        if bytes[start + 1] == UInt8(ascii: "i") || bytes[start + 1] == UInt8(ascii: "I") {
            return ConfigValue.isPlausibleToken(ConfigValue.text(bytes, value)) && value.count >= 16
                ? RuleMatch(range: value, verdict: .plausible) : nil
        }
        guard let decoded = ConfigValue.decodeBase64(bytes[value]), ConfigValue.isPrintable(decoded),
            let colon = decoded.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            ConfigValue.isPlausiblePassword(String(decoding: decoded[(colon + 1)...], as: UTF8.self))
        else { return nil }
        return RuleMatch(range: value, verdict: .plausible)
    }
}
