/// Private keys: PEM (PKCS#1, PKCS#8, EC, DSA, encrypted), OpenSSH and PGP blocks.
/// A block is a finding only when a body follows the header (a header alone is
/// documentation or code that handles keys).
extension RuleCatalog {
    static let privateKey: [Rule] = [
        Rule(
            id: "private-key", description: "Private key (PEM)", keywords: ["-----BEGIN"],
            matcher: .custom { bytes, start, length in PrivateKeyBlock.match(bytes, start: start, length: length, kind: .pem) }
        ) {
            RuleSamples(
                positives: [PrivateKeyBlock.sample("RSA PRIVATE"), PrivateKeyBlock.sample("PRIVATE"), PrivateKeyBlock.sample("EC PRIVATE")],
                negatives: ["let header = \"-----BEGIN \" + \"RSA PRIVATE KEY-----\"", PrivateKeyBlock.sample("PUBLIC")])
        },
        Rule(
            id: "openssh-private-key", description: "OpenSSH private key", keywords: ["-----BEGIN OPENSSH"],
            matcher: .custom { bytes, start, length in PrivateKeyBlock.match(bytes, start: start, length: length, kind: .openSSH) }
        ) {
            RuleSamples(positives: [PrivateKeyBlock.sample("OPENSSH PRIVATE")], negatives: ["-----BEGIN OPENSSH" + " PRIVATE KEY-----\n..."])
        },
        Rule(
            id: "pgp-private-key", description: "PGP private key block", keywords: ["-----BEGIN PGP"],
            matcher: .custom { bytes, start, length in PrivateKeyBlock.match(bytes, start: start, length: length, kind: .pgp) }
        ) {
            RuleSamples(
                positives: [PrivateKeyBlock.sample("PGP PRIVATE", block: "KEY BLOCK")],
                negatives: [PrivateKeyBlock.sample("PGP PUBLIC", block: "KEY BLOCK")])
        },
    ]
}

/// Recognises the header and body of a private key block.
enum PrivateKeyBlock {
    enum Kind { case pem, openSSH, pgp }

    static func match(_ bytes: ScanBytes, start: Int, length: Int, kind: Kind) -> RuleMatch? {
        // The header line: `-----BEGIN <label>-----`.
        var index = start + 5
        let labelStart = index + 6
        while index < bytes.count, index - start < 80, bytes[index] != 0x0A, !(bytes[index] == UInt8(ascii: "-") && index > labelStart) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "-"), labelStart < index else { return nil }
        let label = String(decoding: bytes[labelStart..<index], as: UTF8.self)
        switch kind {
        case .pem: guard label.hasSuffix("PRIVATE KEY"), !label.contains("OPENSSH"), !label.contains("PGP") else { return nil }
        case .openSSH: guard label == "OPENSSH PRIVATE KEY" else { return nil }
        case .pgp: guard label == "PGP PRIVATE KEY BLOCK" else { return nil }
        }
        while index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        // The body: base64 lines (or a JSON string with `\n` escapes); at least 64 base64 characters before the END line.
        var base64Count = 0
        var end = index
        let limit = min(bytes.count, index + 16_384)
        while end < limit {
            let byte = bytes[end]
            if byte == UInt8(ascii: "-") && end + 8 < bytes.count && bytes[end + 1] == UInt8(ascii: "-") { break }
            if ByteSet.base64.contains(byte) {
                base64Count += 1
            } else if byte == UInt8(ascii: "\\") || byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == UInt8(ascii: ":") {
                // line breaks, escapes, PEM headers such as `Proc-Type: 4,ENCRYPTED`
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ",") {
                if base64Count < 64 { return nil }
            } else if byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "+") {
                return nil
            }
            end += 1
        }
        guard base64Count >= 64, end < limit else { return nil }
        return RuleMatch(range: start..<end, verdict: .plausible)
    }

    /// A block with a random body, for samples.
    static func sample(_ label: String, block: String = "KEY") -> String {
        let dashes = "-----"
        let lines = (0..<4).map { _ in SampleText.random(.base62, count: 64) }.joined(separator: "\n")
        return dashes + "BEGIN \(label) \(block)" + dashes + "\n" + lines + "\n" + dashes + "END \(label) \(block)" + dashes
    }
}
