import Foundation
import KeywardCore

extension SQLStore {
    public func auditHead() async throws -> AuditEntry? {
        try await read("SELECT * FROM audit_entries ORDER BY seq DESC LIMIT 1").first.map(Self.auditEntry(from:))
    }

    public func auditEntry(seq: Int64) async throws -> AuditEntry? {
        try await read("SELECT * FROM audit_entries WHERE seq = ?", [.integer(Int(seq))]).first.map(Self.auditEntry(from:))
    }

    public func listAuditEntries(_ filter: AuditFilter, _ page: PageRequest) async throws -> Page<AuditEntry> {
        var conditions = SQLConditions()
        let cursor = page.cursor.flatMap { Int64($0) } ?? 0
        conditions.add("seq > ?", .integer(Int(max(cursor, filter.afterSeq ?? 0))))
        if let since = filter.since { conditions.add("time >= ?", .time(since)) }
        if let until = filter.until { conditions.add("time < ?", .time(until)) }
        if let action = filter.action, action.hasSuffix(".*") {
            // A prefix match without LIKE, whose `_` and `%` would be wildcards.
            let prefix = String(action.dropLast())
            conditions.add("substr(action, 1, CAST(? AS INTEGER)) = ?", .integer(prefix.unicodeScalars.count), .text(prefix))
        } else {
            conditions.equal("action", filter.action)
        }
        conditions.equal("actor_id", filter.actor)
        conditions.equal("target", filter.target)
        let rows = try await read(
            "SELECT * FROM audit_entries WHERE \(conditions.sql) ORDER BY seq LIMIT ?", conditions.binds + [.integer(page.limit + 1)])
        return page.page(from: try rows.map(Self.auditEntry(from:)), id: { String($0.seq) })
    }

    public func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await read("SELECT * FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(Int(seq)), .integer(limit)])
            .map(Self.auditEntry(from:))
    }

    static func auditEntry(from row: SQLRow) throws -> AuditEntry {
        guard let kind = AuditActor.Kind(rawValue: try row.string("actor_kind")) else {
            throw KeywardError(.storageFailure, "the stored column actor_kind is damaged")
        }
        return AuditEntry(
            seq: Int64(try row.int("seq")),
            time: try row.date("time"),
            actor: AuditActor(kind: kind, id: try row.string("actor_id"), start: row.optionalString("actor_start")),
            action: try row.string("action"),
            target: row.optionalString("target"),
            outcome: try row.string("outcome"),
            sourceIP: row.optionalString("source_ip"),
            detailsJSON: try row.string("details"),
            hash: try row.bytes("hash"),
            digest: try row.bytes("digest")
        )
    }
}

extension SQLWriter {
    /// Extends the head inside this transaction (writes are serialised, across
    /// every node of a shared database too), so no other append can take the
    /// same `seq` and the chain never forks. The head comes from the writer's
    /// cache, or from the table when there is none (a shared database, a start,
    /// a rolled-back write); an entry someone else inserted meanwhile makes the
    /// insert fail on its `seq` and the next one read again.
    func appendAudit(_ drafts: [AuditDraft], chain: AuditChain) async throws -> [AuditEntry] {
        var previous: (seq: Int64, hash: [UInt8], digest: [UInt8])?
        if let cached = auditHead?.current {
            previous = (cached.seq, cached.hash, cached.digest)
        } else if let head = try await query("SELECT seq, hash, digest FROM audit_entries ORDER BY seq DESC LIMIT 1").first {
            previous = (Int64(try head.int("seq")), try head.bytes("hash"), try head.bytes("digest"))
        }
        var entries: [AuditEntry] = []
        entries.reserveCapacity(drafts.count)
        for draft in drafts {
            let seq = (previous?.seq ?? 0) + 1
            let entry = chain.link(draft, seq: seq, after: previous.map { ($0.hash, $0.digest) })
            try await query(
                """
                INSERT INTO audit_entries (seq, time, actor_kind, actor_id, actor_start, action, target, outcome, source_ip, details, hash, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(Int(entry.seq)), .time(entry.time), .text(entry.actor.kind.rawValue), .text(entry.actor.id),
                    .optional(entry.actor.start), .text(entry.action), .optional(entry.target), .text(entry.outcome), .optional(entry.sourceIP),
                    .text(entry.detailsJSON), .blob(entry.hash), .blob(entry.digest),
                ]
            )
            entries.append(entry)
            previous = (entry.seq, entry.hash, entry.digest)
        }
        if let previous { auditHead?.stage(AuditHeadCache.Head(seq: previous.seq, hash: previous.hash, digest: previous.digest)) }
        return entries
    }
}
