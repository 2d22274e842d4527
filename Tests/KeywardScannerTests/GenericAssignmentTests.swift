import KeywardCore
import Testing

@testable import KeywardScanner

@Suite struct GenericAssignmentTests {
    let value = "Qm" + "7pX2vT9kLr4NwZ8s"

    @Test func stopWordsMatchWholeWordsNotSubstrings() {
        #expect(StopWords.mark("fast"))
        #expect(StopWords.mark("my-fast-value"))
        #expect(StopWords.mark("myFastValue"))
        #expect(!StopWords.mark("x9fastK9pQ2v"))
        #expect(TestSupport.ruleIDs(in: "api_key = \"x9fastK9pQ2vT7wZ\"") == ["generic-secret"])
    }

    @Test func publishableKeysAreNotSecrets() {
        // Meant for browsers (issue 18): not a finding, though a secret key beside it is.
        for prefix in ["pk_" + "live_", "pk_" + "test_"] {
            let publishable = prefix + SampleText.random(.base62, count: 24)
            #expect(TestSupport.ruleIDs(in: "stripe_key = \"\(publishable)\"").isEmpty, "\(prefix)")
            #expect(TestSupport.ruleIDs(in: "STRIPE_PUBLISHABLE_KEY=\(publishable)").isEmpty, "\(prefix)")
        }
        let secret = "sk_" + "live_" + SampleText.random(.base62, count: 24)
        #expect(TestSupport.ruleIDs(in: "stripe_key = \"\(secret)\"") == ["stripe-secret-key"])
    }

    @Test func identifiersAreNotSecrets() {
        #expect(SecretValue.looksLikeIdentifier("previousX509PrivateKey"))
        #expect(SecretValue.looksLikeIdentifier("ed25519CertKey"))
        #expect(SecretValue.looksLikeIdentifier("declarationFragments"))
        #expect(!SecretValue.looksLikeIdentifier("OfS0wDaT5NoxF2gqm7Zj2Ytetz"))
        #expect(!SecretValue.looksLikeIdentifier(value))
    }

    @Test(arguments: [
        "api_key = \"%@\"", "API_TOKEN=%@", "\"client_secret\": \"%@\"", "password: '%@'", "let apiToken: String = \"%@\"",
        "config.secret_key => \"%@\"", "DB_PASSWORD := \"%@\"",
    ])
    func findsAssignments(template: String) {
        let line = template.replacingOccurrences(of: "%@", with: value)
        #expect(TestSupport.ruleIDs(in: line) == ["generic-secret"], "\(line)")
    }

    /// Found by the independent corpus (issue 18): `#` inside an unquoted value is not a comment, and a
    /// generated secret may hold dots (Azure client secrets).
    @Test(arguments: [
        "    password: %@#x9", "spring.datasource.password=%@#x9", "      - POSTGRES_PASSWORD=%@#x9", "  password: QP%@=AAjGFSJoQ",
        "\"Default\": \"Server=sql;Database=app;User Id=app;Password=%@#x9;\"", "$ClientSecret = \"Ab1.%@.x9\"",
    ])
    func findsValuesWithHashesAndDots(template: String) {
        let line = template.replacingOccurrences(of: "%@", with: value)
        #expect(TestSupport.ruleIDs(in: line) == ["generic-secret"], "\(line)")
        // A comment after a space is still not part of the value.
        #expect(TestSupport.ruleIDs(in: "password: changeme #\(value)").isEmpty)
    }

    @Test(arguments: [
        "client_secret = \"%@\"", "SECRET_KEY_BASE=%@%@%@", "\"api_key\": \"%@\"", "API_SECRET=%@", "DB_PASSWORD=%@",
    ])
    func findsHexSecrets(template: String) {
        // 40 random hex digits: the shape of a GitHub OAuth client secret and of a SHA-1.
        let hex = SampleText.random(.hexLower, count: 40)
        let line = template.replacingOccurrences(of: "%@", with: hex)
        // Rails' `secret_key_base` has its own rule now (issue 18).
        #expect(TestSupport.ruleIDs(in: line) == [template.hasPrefix("SECRET_KEY_BASE") ? "rails-secret-key-base" : "generic-secret"], "\(line)")
    }

    @Test(arguments: [
        "password = \"changeme\"", "api_key = \"${API_KEY}\"", "token = process.env.TOKEN", "secret = os.environ[\"SECRET\"]",
        "token = \"{{ token }}\"", "api_key = \"<your api key>\"", "api_key = \"9b2c4e1a-7f3d-4c2b-8a1e-5d6f7a8b9c0d\"",
        "token_sha1 = \"4a1f0c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39\"", "password_hash = \"4a1f0c9e8b7d6a5f4e3d2c1b0a9f8e7d\"",
        "commit = \"4a1f0c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39\"", "api_key = \"sk_test_XXXXXXXXXXXXXXXXXXXXXXXX\"",
        "aws_access_key_id = AKIA" + String(repeating: "0", count: 16), "\"shared_secret\": \"4a1f0c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39\"",
        "\"secret\": \"9f8e7d6c5b4a394a1f0c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a394a1f0c9e8b\"",
        "\"integrity\": \"sha512-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u\"",
        "if password == \"Qm7pX2vT9kLr4NwZ8s\"", "token_type = \"Qm7pX2vT9kLr4NwZ8s\"", "tokenizer = \"Qm7pX2vT9kLr4NwZ8s\"",
        "password = getPassword(user)", "secret = \"your-secret-here\"", "password = \"xxxxxxxxxxxx\"",
        "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE",
        "token: String", "let secretKeyPath = \"/etc/keys/server.pem\"", "self.previousX509PrivateKey = previousX509PrivateKey",
        "issuerPrivateKey: ed25519CertKey", "public static let mixinKey = \"isReadOnly\"", "let tokenCallback: FTS5TokenCallback?",
        "let password = \"md522d085ed8dc3377968dc1c1a40519a2a\"", "privateKey: Self.leaf1Key",
        "\"NextToken\": \"eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==\"",
        "\"AWS::ApiGateway::ApiKey\": \"48205d4ffd7feba3\"", "CONFIGFILE_KEY = 'pydantic-mypy'", "\"limit_key\": \"max_results\"",
        "\"authKey\": \"asdf34example\"", "\"client_secret\": \"idpexamplesecret456\"", "\"Password\": \"generatedwebdavpassword1\"",
        "\"passphrase\": \"AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4ijklMN5opqrStuVWxyzAbCDEfghIJ\"",
        "\"encryptionKey\": \"arn:aws:kms:<region-ID>:<account-ID>:alias/aws/s3\"", "str_key = '%aimport'", "params.key = 'latest/{0}'",
        "Token.OutPrompt: '#ansibrightred',",
        "\"output_token\": \"StreamingDistributionList.NextMarker\"", "RETRY_KEY = 'fs.s3.consistent.retryCount'",
    ])
    func skipsNonSecrets(line: String) {
        #expect(TestSupport.ruleIDs(in: line).isEmpty, "\(line)")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
