import KeywardCore
import Testing

@Suite("Key prefixes (SPEC §1)")
struct KeyPrefixTests {
    @Test(
        "valid keyspace prefixes",
        arguments: ["kw", "acme_live", "a1", "ab_cd_ef", "abcdefghijklmnop", "abcdefghijklmnop_abcdefghijklmno", "x9_y8", "kwmx", "akwm"])
    func valid(text: String) throws {
        let prefix = try KeyPrefix(keyspacePrefix: text)
        #expect(prefix.rawValue == text)
        #expect(prefix.description == text)
        #expect(KeyPrefix.isValid(Substring(text)))
    }

    @Test(
        "invalid prefixes name the rule they break",
        arguments: [
            ("", "empty"),
            ("k", "segment 1 of the prefix is shorter than 2"),
            ("abcdefghijklmnopq", "segment 1 of the prefix is longer than 16"),
            ("abcdefghijklmnop_abcdefghijklmnop", "longer than 32"),
            ("Kw", "segment 1 of the prefix must start with a lower-case letter"),
            ("KW", "must start with a lower-case letter"),
            ("kW", "only a-z, 0-9"),
            ("1kw", "segment 1 of the prefix must start with a lower-case letter"),
            ("kw_", "segment 2 of the prefix is shorter than 2"),
            ("_kw", "segment 1 of the prefix is shorter than 2"),
            ("kw__live", "segment 2 of the prefix is shorter than 2"),
            ("kw_Live", "segment 2 of the prefix must start with a lower-case letter"),
            ("kw_9live", "segment 2 of the prefix must start with a lower-case letter"),
            ("kw-live", "only a-z, 0-9"),
            ("kw.live", "only a-z, 0-9"),
            ("kw live", "only a-z, 0-9"),
            ("kwé", "only a-z, 0-9"),
        ])
    func invalid(text: String, rule: String) {
        #expect(!KeyPrefix.isValid(Substring(text)))
        #expect {
            try KeyPrefix(keyspacePrefix: text)
        } throws: { error in
            guard let error = error as? KeywardError else { return false }
            return error.code == .invalidPrefix && error.field == "prefix" && error.message.contains(rule)
        }
    }

    @Test("kwm is reserved for management tokens", arguments: ["kwm", "kwm_live", "kwm_ab_cd"])
    func reserved(text: String) {
        #expect(KeyPrefix.isValid(Substring(text)))
        #expect {
            try KeyPrefix(keyspacePrefix: text)
        } throws: { error in
            guard let error = error as? KeywardError else { return false }
            return error.code == .invalidPrefix && error.message.contains("reserved")
        }
    }

    @Test(
        "the error never echoes the text",
        arguments: ["zqxsecretvaluezqx9999", "Qsecretvalue", "sv_Qsecretvalue", "secretvalue-x", "ab_" + String(repeating: "z", count: 40)])
    func errorDoesNotEcho(text: String) throws {
        do {
            _ = try KeyPrefix(keyspacePrefix: text)
            Issue.record("accepted \(text.count) characters")
        } catch {
            #expect(!error.message.contains("secret"))
            #expect(!error.description.contains("secretvalue"))
            #expect(!error.description.contains("zzzzzzzz"))
        }
    }

    @Test("the built-in prefixes")
    func builtIn() {
        #expect(KeyPrefix.managementToken.rawValue == "kwm")
        #expect(KeyPrefix.defaultKeyspace.rawValue == "kw")
        #expect(KeyPrefix.maximumLength == 32)
    }
}
