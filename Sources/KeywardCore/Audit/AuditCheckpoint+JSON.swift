import Foundation

/// The checkpoint file and answer: `{"seq", "hash", "digest", "time",
/// "signature", "publicKey"}`, hashes in hex, signature and key in base64.
extension AuditCheckpoint {
    public var json: JSONValue {
        .object([
            "seq": .number(Double(seq)),
            "hash": .string(Hex.encode(hash)),
            "digest": .string(Hex.encode(digest)),
            "time": .string(Timestamp.format(time)),
            "signature": .string(Data(signature).base64EncodedString()),
            "publicKey": .string(Data(publicKey).base64EncodedString()),
        ])
    }

    /// Reads a checkpoint; each field that is missing or wrong is named.
    public init(json: JSONValue) throws(KeywardError) {
        guard let members = json.objectValue else { throw KeywardError(.invalidJSON, "a checkpoint is a JSON object") }
        func text(_ name: String) throws(KeywardError) -> String {
            guard case .string(let value)? = members[name] else {
                throw KeywardError(.invalidField, "the checkpoint has no \(name) text", field: name)
            }
            return value
        }
        func bytes(_ name: String, hex: Bool, count: Int) throws(KeywardError) -> [UInt8] {
            let value = try text(name)
            let decoded = hex ? Hex.decode(value) : Data(base64Encoded: value).map(Array.init)
            guard let decoded, decoded.count == count else {
                throw KeywardError(.invalidField, "expected \(count) bytes in \(hex ? "hex" : "base64")", field: name)
            }
            return decoded
        }
        guard let seq = members["seq"]?.intValue, seq >= 0 else {
            throw KeywardError(.invalidField, "expected a whole number of at least 0", field: "seq")
        }
        self.init(
            seq: Int64(seq), hash: try bytes("hash", hex: true, count: 32), digest: try bytes("digest", hex: true, count: 32),
            time: try Timestamp.parse(try text("time"), field: "time"), signature: try bytes("signature", hex: false, count: 64),
            publicKey: try bytes("publicKey", hex: false, count: 32))
    }
}
