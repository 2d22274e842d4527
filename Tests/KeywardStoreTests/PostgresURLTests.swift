import KeywardCore
import KeywardStore
import Testing

/// `--database-url`: parsed strictly, and never shown with its password.
@Suite struct PostgresURLTests {
    @Test("a full URL parses; its description hides the password")
    func parses() throws {
        let password = "s3cret-Pa55word"  // keyward:allow: a test URL's password
        let url = try PostgresURL(parsing: "postgres://keyward:\(password)@db.internal:6543/keys?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.username == "keyward")
        #expect(url.password == password)
        #expect(url.database == "keys")
        #expect(url.tls == .verifyFull)
        #expect(url.rootCertificatePath == "/etc/ca.pem")
        #expect(url.description == "postgres://keyward:***@db.internal:6543/keys?sslmode=verify-full")
        #expect(!"\(url)".contains(password))
        let plain = try PostgresURL(parsing: "postgresql://app@localhost/keyward")
        #expect(plain.port == 5432)
        #expect(plain.tls == .prefer)
        #expect(plain.description == "postgres://app@localhost:5432/keyward")
    }

    @Test(
        "bad URLs are refused naming what is wrong, never echoing the password",
        arguments: [
            ("mysql://u:hunter2-pw@h/db", "scheme"),
            ("postgres://u:hunter2-pw@/db", "no host"),
            ("postgres://:hunter2-pw@h/db", "no user"),
            ("postgres://u:hunter2-pw@h", "no database"),
            ("postgres://u:hunter2-pw@h/db?sslmode=always", "sslmode must be one of"),
            ("postgres://u:hunter2-pw@h/db?search_path=x", "search_path is not known"),
            ("postgres://u:hunter2-pw@h/" + String(repeating: "d", count: 3000), "longer than 2048 bytes"),
        ])
    func refuses(text: String, why: String) {
        do {
            _ = try PostgresURL(parsing: text)
            Issue.record("\(why): accepted")
        } catch {
            #expect(error.message.contains(why), "\(error.message)")
            #expect(error.field == "database-url")
            #expect(!error.message.contains("hunter2-pw"))
        }
    }
}
