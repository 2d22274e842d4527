import Crypto

/// The identity of a finding that survives edits around it: SHA-256 over the
/// file's path relative to the repository root (or scanned folder), the rule and
/// the SHA-256 of the secret; hex, first 32 characters. No line number.
public enum Fingerprint {
    public static func make(relativePath: String, rule: String, secret: String) -> String {
        let secretHash = SHA256.hash(data: Array(secret.utf8))
        var hasher = SHA256()
        hasher.update(data: Array("keyward-fingerprint-v1\n\(relativePath)\n\(rule)\n".utf8))
        hasher.update(data: Array(secretHash))
        return hasher.finalize().prefix(16).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    /// Whether `text` has the shape of a fingerprint.
    public static func isFingerprint(_ text: Substring) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { ByteSet.hexLower.contains($0) }
    }
}
