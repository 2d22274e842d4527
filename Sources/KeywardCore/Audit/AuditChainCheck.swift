/// Checks a log one entry at a time, in `seq` order, holding only the last
/// entry's chain values: a log of any length is checked in one pass with
/// bounded memory. The first problem stops the check and names its `seq`.
///
/// With the audit key (`chain`) both chains are checked; without it (an
/// auditor with a copied database and a signed checkpoint) only the public
/// digest chain, which the checkpoint's signature then vouches for.
public struct AuditChainCheck: Sendable {
    public let chain: AuditChain?
    public private(set) var checked: Int64 = 0
    public private(set) var last: (seq: Int64, hash: [UInt8], digest: [UInt8]) = (0, AuditChain.genesis, AuditChain.genesis)
    public private(set) var problem: AuditChainProblem?

    public init(chain: AuditChain?) {
        self.chain = chain
    }

    /// Takes the next entry; false once a problem was found (stop feeding).
    @discardableResult
    public mutating func feed(_ entry: AuditEntry) -> Bool {
        guard problem == nil else { return false }
        let expected = last.seq + 1
        if entry.seq > expected {
            let range = entry.seq == expected + 1 ? "entry \(expected) is" : "entries \(expected) to \(entry.seq - 1) are"
            problem = AuditChainProblem(seq: expected, kind: .missing, message: "\(range) missing: removed from the log")
            return false
        }
        if entry.seq < expected {
            problem = AuditChainProblem(seq: entry.seq, kind: .altered, message: "entry \(entry.seq) appears out of order")
            return false
        }
        let previous = (hash: last.hash, digest: last.digest)
        if let chain {
            let values = chain.chainValues(of: entry, after: previous)
            guard constantTimeEquals(values.hash, entry.hash) else {
                problem = Self.altered(entry.seq)
                return false
            }
        }
        let digest = AuditChain.digest(canonical: AuditCanonical.bytes(of: entry), hash: entry.hash, after: previous.digest)
        guard constantTimeEquals(digest, entry.digest) else {
            problem = Self.altered(entry.seq)
            return false
        }
        last = (entry.seq, entry.hash, entry.digest)
        checked += 1
        return true
    }

    /// After the last entry: checks that the log reaches `checkpoint` and that
    /// its entry there has the checkpoint's hash and digest. The signature is
    /// checked apart (`AuditCheckpoint.verifySignature`).
    public mutating func finish(against checkpoint: AuditCheckpoint?, entryAtCheckpoint: (hash: [UInt8], digest: [UInt8])?) {
        guard problem == nil, let checkpoint else { return }
        guard last.seq >= checkpoint.seq else {
            problem = AuditChainProblem(
                seq: last.seq + 1, kind: .truncated,
                message: "the log ends at entry \(last.seq) but the checkpoint vouches for \(checkpoint.seq) entries: it was truncated")
            return
        }
        guard checkpoint.seq > 0 else { return }
        guard let values = entryAtCheckpoint, values.hash == checkpoint.hash, values.digest == checkpoint.digest else {
            problem = AuditChainProblem(
                seq: checkpoint.seq, kind: .rewritten,
                message: "entry \(checkpoint.seq) no longer has the hash the checkpoint signed: the history was rewritten")
            return
        }
    }

    static func altered(_ seq: Int64) -> AuditChainProblem {
        AuditChainProblem(
            seq: seq, kind: .altered, message: "entry \(seq) does not match its hash: it was changed, inserted or moved")
    }
}

/// The first break in a chain.
public struct AuditChainProblem: Sendable, Hashable, Error {
    public enum Kind: String, Sendable, Hashable {
        /// Entries are missing between two that remain.
        case missing
        /// An entry's hash does not match: changed, inserted, reordered or forged.
        case altered
        /// The log is shorter than a checkpoint says.
        case truncated
        /// The checkpoint's entry has another hash now.
        case rewritten
        /// The checkpoint's signature does not verify.
        case badSignature = "bad-signature"
    }

    public var seq: Int64
    public var kind: Kind
    public var message: String

    public init(seq: Int64, kind: Kind, message: String) {
        self.seq = seq
        self.kind = kind
        self.message = message
    }
}
