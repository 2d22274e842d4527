import KeywardCore
import Testing

@Suite("Environment names of keyward run")
struct EnvironmentNameTests {
    @Test(
        "a path below the prefix, upper-cased, every other character _ (SPEC §11)",
        arguments: [
            ("app/", "app/db/password", "DB_PASSWORD"), ("app/", "app/stripe.live-key", "STRIPE_LIVE_KEY"), ("", "db", "DB"),
            ("app/", "app/2fa/seed", "_2FA_SEED"), ("payments/stripe/", "payments/stripe/live", "LIVE"), ("app", "app/x", "_X"),
        ])
    func names(prefix: String, path: String, name: String) throws {
        #expect(EnvironmentName.of(try SecretPath(parsing: path), under: prefix) == name)
    }

    @Test("a path outside the prefix, or the prefix itself, names nothing")
    func outside() throws {
        #expect(EnvironmentName.of(try SecretPath(parsing: "other/db"), under: "app/") == nil)
        #expect(EnvironmentName.of(try SecretPath(parsing: "app"), under: "app") == nil)
    }

    @Test(
        "shell variable names",
        arguments: [("DB_PASSWORD", true), ("_x1", true), ("a", true), ("1A", false), ("A-B", false), ("", false), ("É", false)])
    func valid(text: String, valid: Bool) {
        #expect(EnvironmentName.isValid(text) == valid)
    }

    @Test("every name it makes is a valid shell name")
    func madeNamesAreValid() throws {
        for text in ["a.b", "x/9/y", "A_B-c.d", "0"] {
            let name = try #require(EnvironmentName.of(try SecretPath(parsing: "p/" + text), under: "p/"))
            #expect(EnvironmentName.isValid(name), "\(name)")
        }
    }
}
