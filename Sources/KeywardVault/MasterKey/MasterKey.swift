import Crypto
import Foundation
import KeywardCore

/// The root of the key hierarchy (SPEC §2): 32 bytes that wrap the keyring.
/// It never leaves memory; `description` does not show it.
public struct MasterKey: Sendable, CustomStringConvertible {
    let key: SymmetricKey

    public static let length = 32

    /// A master key from its 32 raw bytes.
    public init(bytes: [UInt8]) throws(KeywardError) {
        guard bytes.count == MasterKey.length else {
            throw KeywardError(.masterKey, "a master key must be \(MasterKey.length) bytes, not \(bytes.count)")
        }
        self.key = SymmetricKey(data: bytes)
    }

    /// A master key from base64 text (surrounding white space ignored); `origin`
    /// names where the text came from for the error message.
    public init(base64 text: String, origin: String) throws(KeywardError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: trimmed) else {
            throw KeywardError(.masterKey, "\(origin) does not hold base64 text")
        }
        do {
            try self.init(bytes: Array(data))
        } catch {
            throw KeywardError(.masterKey, "\(origin) must hold \(MasterKey.length) bytes in base64, it holds \(data.count)")
        }
    }

    /// A fresh master key from the system CSPRNG.
    public static func generate() -> MasterKey {
        // 32 is the right length; this cannot fail.
        try! MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The base64 form written to a key file.
    public var base64: String {
        key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public var description: String { "MasterKey(redacted)" }
}
