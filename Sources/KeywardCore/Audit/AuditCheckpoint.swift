import Crypto
import Foundation

/// The head of the log signed with the audit signing key (Ed25519):
/// `{seq, hash, digest, time, signature, publicKey}`. Saved elsewhere, it lets
/// `audit verify --checkpoint` detect truncation and a rewritten history, and
/// lets an auditor without the audit key check a copied database up to `seq`.
///
/// The signed message is the UTF-8 text
/// `keyward-audit-checkpoint-v1\n<seq>\n<hash hex>\n<digest hex>\n<time RFC 3339>`.
public struct AuditCheckpoint: Sendable, Hashable {
    public var seq: Int64
    public var hash: [UInt8]
    public var digest: [UInt8]
    public var time: Date
    public var signature: [UInt8]
    public var publicKey: [UInt8]

    public init(seq: Int64, hash: [UInt8], digest: [UInt8], time: Date, signature: [UInt8], publicKey: [UInt8]) {
        self.seq = seq
        self.hash = hash
        self.digest = digest
        self.time = time
        self.signature = signature
        self.publicKey = publicKey
    }

    public static func message(seq: Int64, hash: [UInt8], digest: [UInt8], time: Date) -> [UInt8] {
        Array("keyward-audit-checkpoint-v1\n\(seq)\n\(Hex.encode(hash))\n\(Hex.encode(digest))\n\(Timestamp.format(time))".utf8)
    }

    /// Signs the head (`seq` 0 and genesis values for an empty log).
    public static func sign(seq: Int64, hash: [UInt8], digest: [UInt8], time: Date, key: Curve25519.Signing.PrivateKey) throws(KeywardError)
        -> AuditCheckpoint
    {
        let time = Timestamp.roundedToMilliseconds(time)
        let signature: Data
        do {
            signature = try key.signature(for: message(seq: seq, hash: hash, digest: digest, time: time))
        } catch {
            throw KeywardError(.internalError, "the checkpoint could not be signed")
        }
        return AuditCheckpoint(
            seq: seq, hash: hash, digest: digest, time: time, signature: Array(signature), publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// Checks the signature against `trusted` (the server's public key, or one
    /// the auditor holds): a checkpoint signed by any other key, or changed in
    /// any field, fails.
    public func verifySignature(trusted: [UInt8]) throws(AuditChainProblem) {
        guard constantTimeEquals(publicKey, trusted) else {
            throw AuditChainProblem(
                seq: seq, kind: .badSignature, message: "the checkpoint was signed by another key than the audit public key given")
        }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: trusted),
            key.isValidSignature(signature, for: Self.message(seq: seq, hash: hash, digest: digest, time: time))
        else {
            throw AuditChainProblem(seq: seq, kind: .badSignature, message: "the checkpoint's signature does not verify: it was changed")
        }
    }
}
