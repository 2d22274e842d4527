import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    /// Checks the whole log of `store` with the fixtures' audit key.
    static func chainProblem(_ store: any Store) async throws -> AuditChainProblem? {
        var check = AuditChainCheck(chain: RecordFixtures.auditChain)
        var after: Int64 = 0
        while true {
            let batch = try await store.auditEntries(after: after, limit: 7)
            for entry in batch where !check.feed(entry) { return check.problem }
            guard let last = batch.last else { return check.problem }
            after = last.seq
        }
    }

    static let auditCases: [Case] = [
        Case("audit entries get seq 1, 2, 3… and read back exactly as appended") { store in
            #expect(try await store.auditHead() == nil)
            let chain = RecordFixtures.auditChain
            let first = try await store.appendAudit([RecordFixtures.auditDraft(target: "key_1")], chain: chain)
            let more = try await store.appendAudit(
                [RecordFixtures.auditDraft("key.revoke", target: "key_1"), RecordFixtures.auditDraft("token.create")], chain: chain)
            #expect(first.map(\.seq) == [1])
            #expect(more.map(\.seq) == [2, 3])
            #expect(try await store.auditHead() == more.last)
            #expect(try await store.auditEntry(seq: 2) == more.first)
            #expect(try await store.auditEntries(after: 0, limit: 10) == first + more)
            #expect(try await store.auditEntries(after: 1, limit: 1) == [more[0]])
            #expect(try await chainProblem(store) == nil)
            #expect(try await store.isEmpty() == false)
        },
        Case("an entry commits with the change of its unit of work, or neither does") { store in
            let keyspace = RecordFixtures.keyspace()
            struct Abort: Error {}
            do {
                try await store.unitOfWork { writer in
                    try await writer.insertKeyspace(keyspace)
                    _ = try await writer.appendAudit(
                        [RecordFixtures.auditDraft("keyspace.create", target: keyspace.id)], chain: RecordFixtures.auditChain)
                    throw Abort()
                }
            } catch is Abort {}
            #expect(try await store.auditHead() == nil)
            #expect(try await store.keyspace(idOrName: keyspace.id) == nil)
            try await store.unitOfWork { writer in
                try await writer.insertKeyspace(keyspace)
                _ = try await writer.appendAudit(
                    [RecordFixtures.auditDraft("keyspace.create", target: keyspace.id)], chain: RecordFixtures.auditChain)
            }
            #expect(try await store.auditHead()?.target == keyspace.id)
        },
        Case("audit lists filter by action, action family, actor, target and time, and page by seq") { store in
            let chain = RecordFixtures.auditChain
            let epoch = RecordFixtures.epoch
            _ = try await store.appendAudit(
                [
                    RecordFixtures.auditDraft("key.create", actor: "tok_a", target: "key_1", at: epoch),
                    RecordFixtures.auditDraft("key.revoke", actor: "tok_b", target: "key_1", at: epoch.addingTimeInterval(60)),
                    RecordFixtures.auditDraft("token.create", actor: "tok_a", target: "tok_c", at: epoch.addingTimeInterval(120)),
                    RecordFixtures.auditDraft("keyspace.create", actor: "tok_a", target: "ks_1", at: epoch.addingTimeInterval(180)),
                ], chain: chain)
            func seqs(_ filter: AuditFilter, _ page: PageRequest = PageRequest()) async throws -> [Int64] {
                try await store.listAuditEntries(filter, page).items.map(\.seq)
            }
            #expect(try await seqs(AuditFilter(action: "key.revoke")) == [2])
            #expect(try await seqs(AuditFilter(action: "key.*")) == [1, 2])
            #expect(try await seqs(AuditFilter(action: "key")) == [])
            #expect(try await seqs(AuditFilter(actor: "tok_a")) == [1, 3, 4])
            #expect(try await seqs(AuditFilter(target: "key_1")) == [1, 2])
            #expect(try await seqs(AuditFilter(since: epoch.addingTimeInterval(60), until: epoch.addingTimeInterval(180))) == [2, 3])
            #expect(try await seqs(AuditFilter(afterSeq: 2)) == [3, 4])
            let first = try await store.listAuditEntries(AuditFilter(), PageRequest(limit: 3))
            #expect(first.items.map(\.seq) == [1, 2, 3])
            let cursor = try #require(first.nextCursor)
            let second = try await store.listAuditEntries(AuditFilter(), PageRequest(limit: 3, cursor: cursor))
            #expect(second.items.map(\.seq) == [4])
            #expect(second.nextCursor == nil)
        },
        Case("64 parallel appenders make one unforked chain") { store in
            let chain = RecordFixtures.auditChain
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        if index % 2 == 0 {
                            _ = try await store.appendAudit([RecordFixtures.auditDraft(target: "key_\(index)")], chain: chain)
                        } else {
                            // Half of them append beside a change, in a unit of work.
                            let keyspace = RecordFixtures.keyspace()
                            try await store.unitOfWork { writer in
                                try await writer.insertKeyspace(keyspace)
                                _ = try await writer.appendAudit([RecordFixtures.auditDraft("keyspace.create", target: keyspace.id)], chain: chain)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let entries = try await store.auditEntries(after: 0, limit: 1000)
            #expect(entries.map(\.seq) == Array(1...64))
            #expect(Set(entries.compactMap(\.target)).count == 64)
            #expect(try await chainProblem(store) == nil)
        },
    ]
}
