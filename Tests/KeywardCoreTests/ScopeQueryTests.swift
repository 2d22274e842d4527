import KeywardCore
import Testing

@Suite("Scope queries")
struct ScopeQueryTests {
    static func scopes(_ texts: [String]) throws -> [Scope] {
        try texts.map { try Scope(parsing: $0) }
    }

    @Test("a single scope")
    func single() throws {
        let query = try ScopeQuery(parsing: "docs:read")
        #expect(query == .scope(try Scope(parsing: "docs:read")))
    }

    @Test("AND binds tighter than OR")
    func precedence() throws {
        let a = ScopeQuery.scope(try Scope(parsing: "a"))
        let b = ScopeQuery.scope(try Scope(parsing: "b"))
        let c = ScopeQuery.scope(try Scope(parsing: "c"))
        #expect(try ScopeQuery(parsing: "a AND b OR c") == .any([.all([a, b]), c]))
        #expect(try ScopeQuery(parsing: "a OR b AND c") == .any([a, .all([b, c])]))
        #expect(try ScopeQuery(parsing: "a AND (b OR c)") == .all([a, .any([b, c])]))
        #expect(try ScopeQuery(parsing: "(a OR b) AND c") == .all([.any([a, b]), c]))
        #expect(try ScopeQuery(parsing: "a AND b AND c") == .all([a, b, c]))
        #expect(try ScopeQuery(parsing: "((a))") == a)
        #expect(try ScopeQuery(parsing: "  a\tAND   b ") == .all([a, b]))
        #expect(try ScopeQuery(parsing: "(a)AND(b)") == .all([a, b]))
    }

    /// Each query against every subset of {a, b, c}: the expected answers, written
    /// for held sets 0 to 7 where bit 1 is a, bit 2 is b and bit 4 is c (T = satisfied).
    @Test(
        "truth tables",
        arguments: [
            ("a AND b OR c", "FFFTTTTT"),
            ("a OR b AND c", "FTFTFTTT"),
            ("a AND (b OR c)", "FFFTFTFT"),
            ("(a OR b) AND (a OR c)", "FTFTFTTT"),
            ("a AND b AND c", "FFFFFFFT"),
            ("a OR b OR c", "FTTTTTTT"),
            ("(a OR b) AND c", "FFFFFTTT"),
            ("a", "FTFTFTFT"),
        ])
    func truthTable(text: String, table: String) throws {
        let query = try ScopeQuery(parsing: text)
        for (mask, answer) in table.enumerated() {
            var held: [String] = []
            if mask & 1 != 0 { held.append("a") }
            if mask & 2 != 0 { held.append("b") }
            if mask & 4 != 0 { held.append("c") }
            #expect(query.isSatisfied(by: try Self.scopes(held)) == (answer == "T"), "\(text) with \(held)")
        }
    }

    @Test("evaluation uses grants: wildcards satisfy, case matters")
    func evaluationWithGrants() throws {
        let query = try ScopeQuery(parsing: "docs:read AND (billing:read OR admin)")
        #expect(query.isSatisfied(by: try Self.scopes(["docs:*", "billing:*"])))
        #expect(query.isSatisfied(by: try Self.scopes(["docs:read", "admin"])))
        #expect(!query.isSatisfied(by: try Self.scopes(["docs:read"])))
        #expect(!query.isSatisfied(by: try Self.scopes(["Docs:read", "admin"])))
        #expect(!query.isSatisfied(by: try Self.scopes(["docs", "admin"])))
        #expect(!query.isSatisfied(by: []))
    }

    @Test(
        "description parses back to the same query",
        arguments: ["a AND b OR c", "a AND (b OR c)", "(a OR b) AND (c OR d:e)", "x:*", "a OR b OR c AND d"])
    func descriptionRoundTrip(text: String) throws {
        let query = try ScopeQuery(parsing: text)
        #expect(try ScopeQuery(parsing: query.description) == query)
    }

    @Test(
        "errors name the problem and the right column",
        arguments: [
            ("docs:read AND", "expected a scope after AND at column 14"),
            ("docs:read AND ", "expected a scope after AND at column 15"),
            ("docs:read OR", "expected a scope after OR at column 13"),
            ("AND docs:read", "expected a scope at column 1"),
            ("docs:read AND OR b", "expected a scope after AND at column 15"),
            ("docs:read AND (billing:read OR", "expected a scope after OR at column 31"),
            ("docs:read billing:read", "expected AND or OR at column 11"),
            ("docs:read and billing:read", "at column 11"),
            ("and", "operators are upper-case: use AND at column 1"),
            ("a AND or", "operators are upper-case: use OR at column 7"),
            ("a Or b", "at column 3"),
            ("(docs:read", "expected ) to close the ( at column 1"),
            ("a AND (b OR (c)", "expected ) to close the ( at column 7"),
            ("docs:read)", "unbalanced ) at column 10"),
            ("a) AND (b", "unbalanced ) at column 2"),
            ("()", "expected a scope at column 2"),
            ("", "the scope query is empty"),
            ("   ", "the scope query is empty"),
            ("docs::read", "segment 2 is empty at column 1"),
            ("a AND docs::read", "segment 2 is empty at column 7"),
        ])
    func errors(text: String, message: String) {
        do {
            _ = try ScopeQuery(parsing: text, field: "X-Keyward-Scopes")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidScopeQuery)
            #expect(error.code.kind == .invalidInput)
            #expect(error.field == "X-Keyward-Scopes")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("a key in a query is refused without echoing it")
    func keyInQuery() {
        let key = "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7"
        do {
            _ = try ScopeQuery(parsing: "docs:read AND \(key)")
            Issue.record("accepted a key")
        } catch {
            #expect(error.message.contains("column 15"))
            #expect(!error.description.contains("0123456789ABC"))
        }
    }

    @Test("nesting up to the depth limit parses; deeper is refused")
    func depthLimit() throws {
        let ok = String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32)
        #expect(try ScopeQuery(parsing: ok) == .scope(try Scope(parsing: "a")))
        let deep = String(repeating: "(", count: 33) + "a" + String(repeating: ")", count: 33)
        #expect {
            try ScopeQuery(parsing: deep)
        } throws: { error in
            (error as? KeywardError)?.message.contains("deeper than 32") == true
        }
        let veryDeep = String(repeating: "(", count: 900) + "a" + String(repeating: ")", count: 900)
        #expect(throws: KeywardError.self) { try ScopeQuery(parsing: veryDeep) }
    }

    @Test("queries longer than 2000 characters are refused")
    func tooLong() {
        let long = Array(repeating: "docs:read", count: 250).joined(separator: " OR ")
        #expect {
            try ScopeQuery(parsing: long)
        } throws: { error in
            (error as? KeywardError)?.message.contains("longer than 2000") == true
        }
    }

    @Test("fuzz: random queries never crash")
    func fuzz() {
        var generator = SeededGenerator(seed: 42)
        let words = ["a", "b:c", "*", "AND", "OR", "and", "or", "(", ")", " ", "docs:read", "::", "é", "x:*:y"]
        for round in 0..<20_000 {
            let text: String
            if round % 2 == 0 {
                text = FuzzText.make(length: Int.random(in: 0..<60, using: &generator), using: &generator)
            } else {
                text = (0..<Int.random(in: 0..<15, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(
                    separator: Bool.random(using: &generator) ? " " : "")
            }
            if let query = try? ScopeQuery(parsing: text) {
                _ = query.isSatisfied(by: [])
                #expect((try? ScopeQuery(parsing: query.description)) == query, "\(text)")
            }
        }
    }
}

@Suite("Scope query cache")
struct ScopeQueryCacheTests {
    @Test("a query parses once and answers the same; a bad one is an error each time; the cache never passes its capacity")
    func caches() throws {
        let cache = ScopeQueryCache(capacity: 4)
        let text = "docs:read AND (billing:read OR admin)"
        let first = try cache.query(text, field: "X-Keyward-Scopes")
        #expect(first == (try ScopeQuery(parsing: text)))
        #expect(try cache.query(text, field: "X-Keyward-Scopes") == first)
        #expect(cache.count == 1)
        for _ in 0..<2 {
            #expect(throws: KeywardError.self) { try cache.query("docs:read AND", field: "X-Keyward-Scopes") }
        }
        #expect(cache.count == 1)
        for index in 0..<10 { _ = try cache.query("scope\(index):read", field: "X-Keyward-Scopes") }
        #expect(cache.count <= 4)
        #expect(try cache.query(text, field: "X-Keyward-Scopes") == first)
    }
}
