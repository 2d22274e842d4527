import Crypto
import Foundation

/// The secret a webhook's deliveries are signed with (SPEC §9): `whsec_` and
/// 43 base62 characters (about 256 bits), shown once at creation.
public struct WebhookSecret: Sendable {
    public static let prefix = "whsec_"
    static let randomLength = 43

    /// The secret as the receiver was given it; its UTF-8 bytes are the HMAC key.
    public let text: String

    public init(text: String) {
        self.text = text
    }

    public static func generate() -> WebhookSecret {
        WebhookSecret(text: prefix + Base62.random(count: randomLength))
    }

    /// The secret's bytes, for sealing.
    public var bytes: [UInt8] { Array(text.utf8) }
}

/// `Keyward-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
/// (SPEC §9), the scheme Stripe's receivers already know.
public enum WebhookSignature {
    public static let headerName = "Keyward-Signature"

    /// The header value for `body` sent at `timestamp` (Unix seconds).
    public static func header(secret: WebhookSecret, timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(Hex.encode(mac(secret: secret, timestamp: timestamp, body: body)))"
    }

    /// Whether `header` signs `body` with `secret`, made at most `tolerance`
    /// seconds from `now` (a receiver's check; replays of old events fail).
    /// The signatures are compared in constant time.
    public static func verify(header: String, secret: WebhookSecret, body: [UInt8], now: Int64, tolerance: Int64 = 300) -> Bool {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1", let bytes = Hex.decode(pair[1]) { signatures.append(bytes) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = mac(secret: secret, timestamp: timestamp, body: body)
        var matched = false
        for signature in signatures where constantTimeEquals(signature, expected) { matched = true }
        return matched
    }

    static func mac(secret: WebhookSecret, timestamp: Int64, body: [UInt8]) -> [UInt8] {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret.bytes))
        return Array(code)
    }
}
