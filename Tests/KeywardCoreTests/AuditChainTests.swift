import Crypto
import Foundation
import KeywardCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    static let key = [UInt8](repeating: 0x0B, count: 32)
    let chain = try! AuditChain(auditKey: AuditChainTests.key)

    static func draft(_ number: Int) -> AuditDraft {
        AuditDraft(
            time: Date(timeIntervalSince1970: 1_790_000_000 + Double(number)), actor: AuditActor(kind: .token, id: "tok_a", start: "kwm_AbCd"),
            action: "key.create", target: "key_\(number)", sourceIP: "203.0.113.7", details: ["n": .number(Double(number))])
    }

    /// A log of `count` entries linked as the store links them.
    func log(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for number in 1...count {
            let previous = entries.last.map { ($0.hash, $0.digest) }
            entries.append(chain.link(Self.draft(number), seq: Int64(number), after: previous))
        }
        return entries
    }

    /// The first problem of `entries`; `keyed: false` checks as an auditor without the audit key does.
    func check(_ entries: [AuditEntry], keyed: Bool = true) -> AuditChainProblem? {
        var check = AuditChainCheck(chain: keyed ? chain : nil)
        for entry in entries where !check.feed(entry) { break }
        return check.problem
    }

    @Test("the canonical bytes are the documented encoding, byte for byte")
    func canonicalEncoding() {
        let entry = AuditEntry(
            seq: 1, time: Date(timeIntervalSince1970: 1), actor: .system, action: "a.b", target: nil, outcome: "success", sourceIP: nil,
            detailsJSON: "{}", hash: [], digest: [])
        var expected = Array("keyward-audit-v1".utf8)
        expected += [0, 0, 0, 0, 0, 0, 0, 1]  // seq
        expected += [0, 0, 0, 0, 0, 0, 0x03, 0xE8]  // 1000 ms
        expected += [1, 0, 0, 0, 6] + Array("system".utf8)  // actor kind
        expected += [1, 0, 0, 0, 6] + Array("system".utf8)  // actor id
        expected += [0]  // no start
        expected += [1, 0, 0, 0, 3] + Array("a.b".utf8)
        expected += [0]  // no target
        expected += [1, 0, 0, 0, 7] + Array("success".utf8)
        expected += [0]  // no source address
        expected += [1, 0, 0, 0, 2] + Array("{}".utf8)
        #expect(AuditCanonical.bytes(of: entry) == expected)
    }

    @Test("hash is HMAC-SHA256(auditKey, previous hash ‖ canonical entry); digest is SHA-256 of the public chain")
    func chainFormula() {
        let entries = log(2)
        let canonical = AuditCanonical.bytes(of: entries[1])
        let mac = HMAC<SHA256>.authenticationCode(for: entries[0].hash + canonical, using: SymmetricKey(data: Self.key))
        #expect(entries[1].hash == Array(mac))
        #expect(entries[1].digest == Array(SHA256.hash(data: entries[0].digest + canonical + entries[1].hash)))
        let first = HMAC<SHA256>.authenticationCode(
            for: AuditChain.genesis + AuditCanonical.bytes(of: entries[0]), using: SymmetricKey(data: Self.key))
        #expect(entries[0].hash == Array(first))
    }

    @Test("HMAC-SHA256 as swift-crypto computes it matches RFC 4231 test case 2")
    func rfc4231() {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("what do ya want for nothing?".utf8), using: SymmetricKey(data: Array("Jefe".utf8)))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("Ed25519 is RFC 8032's: test 1's key pair and signature")
    func rfc8032() throws {
        let secret = try #require(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: secret)
        #expect(Hex.encode(key.publicKey.rawRepresentation) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = try #require(
            Hex.decode(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
            ))
        #expect(key.publicKey.isValidSignature(signature, for: Data()))
    }

    @Test("an intact log passes, with and without the audit key")
    func intact() {
        let entries = log(20)
        #expect(check(entries) == nil)
        #expect(check(entries, keyed: false) == nil)
    }

    @Test("a changed entry is named by its seq")
    func changed() {
        var entries = log(10)
        entries[3].detailsJSON = #"{"n":400}"#
        #expect(check(entries)?.seq == 4)
        #expect(check(entries)?.kind == .altered)
        // Without the key the public chain catches it too.
        #expect(check(entries, keyed: false)?.seq == 4)
    }

    @Test("a changed entry whose digest was recomputed fails the keyed check, which needs the audit key")
    func rechainedPublicly() {
        var entries = log(5)
        entries[2].target = "key_forged"
        // An attacker without the key can rebuild the public digests, but not the hashes.
        for index in 2..<entries.count {
            entries[index].digest = AuditChain.digest(
                canonical: AuditCanonical.bytes(of: entries[index]), hash: entries[index].hash, after: entries[index - 1].digest)
        }
        #expect(check(entries, keyed: false) == nil)
        #expect(check(entries)?.seq == 3)
    }

    @Test("a removed entry is named as missing")
    func removed() {
        var entries = log(10)
        entries.remove(at: 6)
        let problem = check(entries)
        #expect(problem?.seq == 7)
        #expect(problem?.kind == .missing)
    }

    @Test("an entry inserted with renumbering, and two swapped entries, are named")
    func insertedAndReordered() {
        var entries = log(10)
        var forged = entries[4]
        forged.action = "key.delete"
        entries.insert(forged, at: 5)
        for index in entries.indices { entries[index].seq = Int64(index + 1) }
        #expect(check(entries)?.seq == 6)

        var swapped = log(10)
        swapped.swapAt(2, 3)
        let seqs = (swapped[2].seq, swapped[3].seq)
        swapped[2].seq = seqs.1
        swapped[3].seq = seqs.0
        #expect(check(swapped)?.seq == 3)
    }

    @Test("a checkpoint detects truncation and a rewritten entry; its signature detects tampering and other keys")
    func checkpoints() throws {
        let signer = Curve25519.Signing.PrivateKey()
        let entries = log(10)
        let head = entries[7]
        let checkpoint = try AuditCheckpoint.sign(seq: head.seq, hash: head.hash, digest: head.digest, time: Date(), key: signer)
        let trusted = Array(signer.publicKey.rawRepresentation)
        try checkpoint.verifySignature(trusted: trusted)

        func run(_ entries: [AuditEntry]) -> AuditChainProblem? {
            var check = AuditChainCheck(chain: chain)
            var atCheckpoint: (hash: [UInt8], digest: [UInt8])?
            for entry in entries {
                guard check.feed(entry) else { break }
                if entry.seq == checkpoint.seq { atCheckpoint = (entry.hash, entry.digest) }
            }
            check.finish(against: checkpoint, entryAtCheckpoint: atCheckpoint)
            return check.problem
        }
        #expect(run(entries) == nil)
        #expect(run(Array(entries.prefix(6)))?.kind == .truncated)
        #expect(run(Array(entries.prefix(6)))?.seq == 7)

        // A whole new history under another audit key: intact on its own, not the checkpoint's.
        let other = try AuditChain(auditKey: [UInt8](repeating: 7, count: 32))
        var rewritten: [AuditEntry] = []
        for number in 1...10 {
            rewritten.append(other.link(Self.draft(number), seq: Int64(number), after: rewritten.last.map { ($0.hash, $0.digest) }))
        }
        var check = AuditChainCheck(chain: nil)
        for entry in rewritten { check.feed(entry) }
        check.finish(against: checkpoint, entryAtCheckpoint: (rewritten[7].hash, rewritten[7].digest))
        #expect(check.problem?.kind == .rewritten)

        var tampered = checkpoint
        tampered.seq = 5
        #expect(throws: AuditChainProblem.self) { try tampered.verifySignature(trusted: trusted) }
        #expect(throws: AuditChainProblem.self) {
            try checkpoint.verifySignature(trusted: Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        }
        var resigned = try AuditCheckpoint.sign(
            seq: 3, hash: entries[2].hash, digest: entries[2].digest, time: Date(), key: Curve25519.Signing.PrivateKey())
        resigned.publicKey = trusted
        #expect(throws: AuditChainProblem.self) { try resigned.verifySignature(trusted: trusted) }
    }

    @Test("a checkpoint reads back from its JSON; a damaged field is named")
    func checkpointJSON() throws {
        let signer = Curve25519.Signing.PrivateKey()
        let checkpoint = try AuditCheckpoint.sign(
            seq: 3, hash: Array(repeating: 1, count: 32), digest: Array(repeating: 2, count: 32), time: Date(), key: signer)
        #expect(try AuditCheckpoint(json: checkpoint.json) == checkpoint)
        guard case .object(var members) = checkpoint.json else { return }
        members["hash"] = .string("zz")
        do {
            _ = try AuditCheckpoint(json: .object(members))
            Issue.record("a bad hash was accepted")
        } catch {
            #expect(error.field == "hash")
        }
    }

    @Test("canonical JSON sorts members by bytes and escapes only what JSON needs")
    func canonicalJSON() {
        let value: JSONValue = .object(["b": .number(2), "a": .array([.string("x\"\n\u{1}é"), .null, .bool(true), .number(1.5)])])
        #expect(CanonicalJSON.text(value) == #"{"a":["x\"\n\u0001é",null,true,1.5],"b":2}"#)
    }
}
