/// Kubernetes kubeconfig files (`~/.kube/config`, `*.kubeconfig`): a user's
/// `client-key-data` (a base64 PEM private key, decoded and confirmed) anywhere,
/// and in a kubeconfig file its `token` and `password` fields.
extension RuleCatalog {
    static let kubeconfig: [Rule] = [
        Rule(
            id: "kubeconfig-client-key", description: "Private key in a kubeconfig (client-key-data)", keywords: ["-key-data"],
            matcher: .custom { bytes, start, length in
                guard ConfigValue.hasWord(bytes, at: start - 6, "client") else { return nil }
                return KubeconfigFields.clientKey(bytes, from: start + length)
            }
        ) {
            let pem = PrivateKeyBlock.sample("RSA PRIVATE") + "\n"
            return RuleSamples(
                positives: ["    client-key-data: \(Base64URL.encodeStandard(pem))", "\"client-key-data\": \"\(Base64URL.encodeStandard(pem))\""],
                negatives: [
                    "    client-key-data: \(Base64URL.encodeStandard("-----BEGIN CERTIFICATE-----\n" + SampleText.random(.base62, count: 128)))",
                    "    client-key-data: REDACTED", "    client-key: /home/ann/.minikube/client.key",
                ])
        },
        Rule(
            id: "kubeconfig-credential", description: "Token or password of a user in a kubeconfig",
            files: FileNamePattern(
                names: ["kubeconfig", "kubeconfig.yaml", "kubeconfig.yml"], suffixes: [".kubeconfig"], inFolder: [".kube/config"]),
            scan: KubeconfigFields.credentials
        ) {
            let token = SampleText.random(.base62, count: 6) + "." + SampleText.random(.base62, count: 16)
            return RuleSamples(
                positives: [
                    "users:\n- name: ci\n  user:\n    token: \(token)\n", "  user:\n    username: admin\n    password: \(SampleText.password())\n",
                ],
                negatives: ["    token: ${KUBE_TOKEN}", "    tokenFile: /var/run/secrets/token", "    password: changeme"], path: "home/.kube/config")
        },
    ]
}

enum KubeconfigFields {
    static func clientKey(_ bytes: ScanBytes, from start: Int) -> RuleMatch? {
        var index = start
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { index += 1 }
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == UInt8(ascii: "\"") { index += 1 }
        var end = index
        while end < bytes.count, end - index < 65536, ByteSet.base64.contains(bytes[end]) { end += 1 }
        // Decode the head only: a PEM private key begins `-----BEGIN … PRIVATE KEY-----`.
        guard end - index >= 100, let head = ConfigValue.decodeBase64(bytes[index..<(index + 96)]) else { return nil }
        let text = String(decoding: head, as: UTF8.self)
        guard text.hasPrefix("-----BEGIN"), text.contains("PRIVATE KEY") else { return nil }
        return RuleMatch(range: index..<end, verdict: .plausible)
    }

    static func credentials(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        ConfigValue.forEachLine(bytes) { line in
            let line = ConfigValue.trim(bytes, line)
            for field in ["token", "password", "id-token", "refresh-token"] where ConfigValue.hasWord(bytes, at: line.lowerBound, field + ":") {
                let value = ConfigValue.unquote(bytes, ConfigValue.trim(bytes, (line.lowerBound + field.utf8.count + 1)..<line.upperBound))
                let text = ConfigValue.text(bytes, value)
                let plausible = field == "password" ? ConfigValue.isPlausiblePassword(text) : ConfigValue.isPlausibleToken(text)
                if plausible { matches.append(RuleMatch(range: value, verdict: .plausible)) }
            }
        }
        return matches
    }
}
