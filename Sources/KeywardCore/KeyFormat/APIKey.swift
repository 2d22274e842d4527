/// A key or management token in the format of SPEC §1:
/// `<prefix>_<random:43><checksum:6>`.
///
/// The value holds the plaintext; it never prints it. `description` shows the
/// display form (`start`) only.
public struct APIKey: Sendable, Hashable, CustomStringConvertible {
    public static let randomLength = 43
    public static let checksumLength = 6
    public static let bodyLength = randomLength + checksumLength

    /// The whole key. Handle with care: this is the secret.
    public let secret: String
    /// The part before the last `_`.
    public let prefix: String

    private init(secret: String, prefix: String) {
        self.secret = secret
        self.prefix = prefix
    }

    /// A new key with 256 bits from the system CSPRNG.
    public static func generate(prefix: KeyPrefix) -> APIKey {
        var generator = SystemRandomNumberGenerator()
        return generate(prefix: prefix, using: &generator)
    }

    /// A new key drawn from `generator` (tests pass a seeded one).
    public static func generate<G: RandomNumberGenerator>(prefix: KeyPrefix, using generator: inout G) -> APIKey {
        let head = prefix.rawValue + "_" + Base62.random(count: randomLength, using: &generator)
        let checksum = Base62.encode(UInt64(CRC32.checksum(head)), width: checksumLength)
        return APIKey(secret: head + checksum, prefix: prefix.rawValue)
    }

    /// Parses `text`; nil when it is not a well-formed key with a right checksum.
    /// Pure computation: a caller can reject a malformed key without storage.
    public init?(parsing text: String) {
        guard let prefix = APIKey.validate(text) else { return nil }
        self.init(secret: text, prefix: prefix)
    }

    /// Whether this is a management token (`kwm_…`).
    public var isManagementToken: Bool { prefix == KeyPrefix.managementToken.rawValue }

    /// The display form: prefix, `_` and the first 4 random characters (`kw_3Fx9`).
    public var start: String {
        String(secret.utf8.prefix(prefix.utf8.count + 5))!
    }

    public var description: String { "APIKey(\(start)…)" }

    /// Checks `text` and returns its prefix when it is a key with a right checksum.
    static func validate(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.count > bodyLength + 1, bytes.count <= KeyPrefix.maximumLength + 1 + bodyLength else { return nil }
            let separator = bytes.count - bodyLength - 1
            guard bytes[separator] == UInt8(ascii: "_") else { return nil }
            for index in (separator + 1)..<bytes.count where !Base62.isDigit(bytes[index]) {
                return nil
            }
            let prefixBytes = UnsafeBufferPointer(rebasing: bytes[0..<separator])
            let prefix = String(decoding: prefixBytes, as: UTF8.self)
            guard KeyPrefix.isValid(Substring(prefix)) else { return nil }
            let head = UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count - checksumLength)])
            // Six digits spell one number each, and a CRC-32 is six digits at
            // most: comparing numbers is comparing texts, without making one.
            let found = UnsafeBufferPointer(rebasing: bytes[(bytes.count - checksumLength)...])
            guard Base62.decode(found) == UInt64(CRC32.checksum(head)) else { return nil }
            return prefix
        }
    }
}
