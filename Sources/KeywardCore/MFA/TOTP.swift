import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1,
/// 30-second steps, 6 digits, as authenticator apps expect.
public enum TOTP {
    public static let period: Int64 = 30
    public static let digits = 6
    /// Steps accepted on either side of the current one (clock drift, slow typing).
    public static let window: Int64 = 1
    /// Bytes of a new secret (160 bits, RFC 4226's recommendation).
    public static let secretBytes = 20

    /// The step that `date` falls in: whole periods since 1970.
    public static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code of `step` under `secret`, `digits` long with leading zeros (RFC 4226 §5.3).
    public static func code(secret: [UInt8], step: Int64, digits: Int = digits) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulo: UInt32 = 1
        for _ in 0..<digits { modulo &*= 10 }
        let text = String(binary % modulo)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The step within `window` of `date`'s whose code is `code`, or nil. Every
    /// candidate is computed and compared in constant time, so the time taken
    /// says nothing about which step (or how much of the code) matched. A code
    /// that is not `digits` ASCII digits matches nothing.
    public static func matchingStep(_ code: String, secret: [UInt8], at date: Date, window: Int64 = window) -> Int64? {
        let given = Array(code.utf8)
        guard given.count == digits, given.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let current = step(at: date)
        var matched: Int64?
        for candidate in (current - window)...(current + window) {
            let equal = constantTimeEquals(Array(Self.code(secret: secret, step: candidate).utf8), given)
            if equal, matched == nil { matched = candidate }
        }
        return matched
    }

    /// The `otpauth://` URI an authenticator app reads (as a QR code, or pasted).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String = "Keyward") -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed.union(CharacterSet(charactersIn: ":"))) ?? issuer
        let encodedIssuer = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(encodedIssuer)&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}

/// RFC 4648 base32 without padding: how TOTP secrets are shown to authenticator apps.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int(buffer >> UInt32(bits - 5) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of unpadded base32 text (upper or lower case); nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8(buffer >> UInt32(bits - 8) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
