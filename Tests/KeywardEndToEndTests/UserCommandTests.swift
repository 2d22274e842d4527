import Foundation
import KeywardCore
import KeywardTesting
import Testing

/// `user`, `login` and `logout` through the binary, against a real server.
@Suite("CLI users and login", .serialized)
struct UserCommandTests {
    @Test("user add reads the password from stdin; login writes a session and keeps the root token aside; logout puts it back")
    func loginJourney() async throws {
        let folder = try TemporaryFolder("keyward-cli-users")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let root = server.rootToken
        let password = "a-phrase-nobody-guesses-42"  // keyward:allow: a test user's password
        let added = try server.cli(["user", "add", "olivia", "--role", "operator"], stdin: password + "\n")
        #expect(added.status == 0, "\(added)")
        #expect(added.stdout.contains("operator"))
        #expect(try server.cli(["user", "add", "weak", "--role", "reader"], stdin: "short\n").status == 2)
        #expect(try server.cli(["user", "add", "bad", "--role", "root"], stdin: password + "\n").status == 2)

        let wrong = try server.cli(["login", "--user", "olivia"], stdin: "not-her-password-at-all\n")
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.stderr.contains("INVALID_CREDENTIALS"), "\(wrong)")
        let login = try server.cli(["login", "--user", "olivia"], stdin: password + "\n")
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout.contains("Logged in as olivia (operator)"), "\(login)")
        #expect(server.rootToken != root, "the token file holds the session")
        #expect(try String(contentsOfFile: server.home + "/token.before-login", encoding: .utf8).contains(root))
        #expect(try server.cli(["keyspace", "create", "by-session"]).status == 0, "an operator session creates keyspaces")
        #expect(try server.cli(["user", "list"]).status == 1, "an operator session cannot list users (403)")

        let logout = try server.cli(["logout"])
        #expect(logout.status == 0, "\(logout)")
        #expect(server.rootToken == root, "logout put the root token back")
        #expect(try server.cli(["user", "list"]).stdout.contains("olivia"))
        #expect(try server.cli(["logout"]).status == 2, "the root token is no session (409)")

        for _ in 0..<5 { _ = try server.cli(["login", "--user", "olivia"], stdin: "wrong-wrong-wrong-1\n") }
        let locked = try server.cli(["login", "--user", "olivia"], stdin: password + "\n")
        #expect(locked.status == 1, "\(locked)")
        #expect(locked.stderr.contains("USER_LOCKED"), "\(locked)")
        #expect(try server.cli(["user", "disable", "olivia"]).status == 0, "the root token still works")
        let everything = [added, wrong, login, logout, locked].map { $0.stdout + $0.stderr }.joined() + server.output
        #expect(!everything.contains(password), "a password reached the output or the server's log")
    }

    @Test("mfa enroll shows a secret, mfa confirm prints recovery codes; login then asks for a code and takes one, once")
    func mfaJourney() async throws {
        let folder = try TemporaryFolder("keyward-cli-mfa")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let password = "another-phrase-for-mfa-7"  // keyward:allow
        #expect(try server.cli(["user", "add", "mo", "--role", "auditor"], stdin: password + "\n").status == 0)
        #expect(try server.cli(["login", "--user", "mo"], stdin: password + "\n").status == 0)

        let enrol = try server.cli(["mfa", "enroll"])
        #expect(enrol.status == 0, "\(enrol)")
        #expect(enrol.stderr.contains("Scan this") && enrol.stderr.contains("█"), "a QR code is drawn: \(enrol)")
        let line = try #require(enrol.stderr.split(separator: "\n").first { $0.contains("secret: ") })
        let secret = try #require(Base32.decode(String(line.split(separator: " ").last ?? "")))
        #expect(try server.cli(["mfa", "confirm"], stdin: "000000\n").status == 1, "a wrong code (or one in a million) is refused")
        let confirm = try server.cli(["mfa", "confirm"], stdin: TOTP.code(secret: secret, step: TOTP.step(at: Date())) + "\n")
        #expect(confirm.status == 0, "\(confirm)")
        let recovery = confirm.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            $0.count == 11 && $0.contains("-")
        }
        #expect(recovery.count == 10, "\(confirm)")
        #expect(try server.cli(["logout"]).status == 0)

        let noCode = try server.cli(["login", "--user", "mo"], stdin: password + "\n")
        #expect(noCode.status != 0, "no code on stdin: \(noCode)")
        let next = TOTP.code(secret: secret, step: TOTP.step(at: Date()) + 1)
        let login = try server.cli(["login", "--user", "mo"], stdin: password + "\n" + next + "\n")
        #expect(login.status == 0, "\(login)")
        #expect(try server.cli(["logout"]).status == 0)
        let replay = try server.cli(["login", "--user", "mo"], stdin: password + "\n" + next + "\n")
        #expect(replay.status == 1, "a code works once: \(replay)")
        #expect(replay.stderr.contains("INVALID_CODE"), "\(replay)")
        let withRecovery = try server.cli(["login", "--user", "mo"], stdin: password + "\n" + (recovery.first ?? "") + "\n")
        #expect(withRecovery.status == 0, "\(withRecovery)")
        #expect(!server.output.contains(Base32.encode(secret)), "the TOTP secret reached the server's log")
    }

    @Test("a dangerous command by a session asks for a code when the server wants step-up, sends it once, and fails cleanly without one")
    func stepUpPrompt() async throws {
        let folder = try TemporaryFolder("keyward-cli-stepup")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let password = "admin-phrase-for-stepup-3"  // keyward:allow
        #expect(try server.cli(["user", "add", "root-ish", "--role", "admin"], stdin: password + "\n").status == 0)
        #expect(try server.cli(["login", "--user", "root-ish"], stdin: password + "\n").status == 0)
        let refused = try server.cli(["keyring", "rotate"], stdin: "123456\n")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("MFA_REQUIRED"), "\(refused)")
        #expect(refused.stderr.contains("keyward mfa enroll"), "the message says how to get a second factor: \(refused)")
        let silent = try server.cli(["keyring", "rotate"])
        #expect(silent.status == 2, "no code on stdin: \(silent)")
        #expect(try server.cli(["logout"]).status == 0)
        #expect(try server.cli(["keyring", "rotate"]).status == 0, "the root token needs no step-up")
    }
}
