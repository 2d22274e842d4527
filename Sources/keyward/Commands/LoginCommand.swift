import ArgumentParser
import Foundation
import KeywardCore
import KeywardVault

/// `keyward login [--user NAME]` and `keyward logout` (docs/users.md). A login
/// writes its session token to the token file; a token that was there (the
/// root token of the first start, say) is moved aside to `token.before-login`
/// and put back by `logout`, so logging in never loses a credential.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Log in with a user's password; the session token goes to the token file.")
    @OptionGroup var server: ServerOptions
    @Option(name: .long, help: "User name (default: $USER).") var user: String?
    @Flag(name: .long, help: "Print the server's JSON answer (with the token) instead of writing the token file.") var json = false

    static var asideFile: String { KeywardHome.tokenFile + ".before-login" }

    func run() async throws {
        guard let name = user ?? ProcessInfo.processInfo.environment["USER"], !name.isEmpty else {
            throw ValidationError("name the user with --user")
        }
        let password = try PasswordInput.read(prompt: "Password for \(name): ")
        let address = try ServerAddress(server.address)
        if let warning = address.plaintextWarning { Console.error(warning) }
        let client = APIClient(baseURL: address.text, token: "", printsJSON: json)
        var body: [String: JSONValue] = ["name": .string(name), "password": .string(password)]
        var answer = try await client.send(.POST, "/v1/login", body: .object(body), accepting: [401])
        if answer.status == 401, answer.object["code"] == .string("MFA_REQUIRED") {
            body["code"] = .string(try PasswordInput.read(prompt: "Code (authenticator or recovery): ", noun: "MFA code"))
            answer = try await client.send(.POST, "/v1/login", body: .object(body), accepting: [401])
        }
        if answer.status == 401 {
            if json { Console.write(bytes: answer.body + [0x0A]) }
            throw CLIFailure(message: APIClient.describeProblem(answer), exitCode: CLIExit.negative)
        }
        if json {
            Console.write(bytes: answer.body + [0x0A])
            return
        }
        guard case .string(let token)? = answer.object["token"] else {
            throw CLIFailure(message: "error: the server's answer holds no token", exitCode: CLIExit.failure)
        }
        let file = KeywardHome.tokenFile
        do {
            let manager = FileManager.default
            if manager.fileExists(atPath: file), !manager.fileExists(atPath: Self.asideFile) {
                try manager.moveItem(atPath: file, toPath: Self.asideFile)
            }
            try KeyFile.writeNew(path: file, contents: token + "\n", replacing: true)
        } catch {
            throw CLIFailure(message: "error: cannot write the token file \(file): \(error)", exitCode: CLIExit.failure)
        }
        let role = answer.object["user"]?.objectValue?["role"].map(Render.value) ?? "?"
        let until = answer.object["expiresAt"].map(Render.value) ?? "?"
        if answer.object["mfaEnrolmentRequired"] == .bool(true) {
            print(
                "Logged in as \(name) to enrol a second factor only: this server requires one for \(role). Run keyward mfa enroll, then log in again."
            )
            return
        }
        print("Logged in as \(name) (\(role)) until \(until); the session token is in \(file).")
    }
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "End the session in the token file and put back the token it replaced.")
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let client = try server.client(printsJSON: false)
        _ = try await client.send(.POST, "/v1/logout")
        let file = KeywardHome.tokenFile
        let manager = FileManager.default
        if server.token == nil, ProcessInfo.processInfo.environment["KEYWARD_TOKEN"]?.isEmpty ?? true {
            try? manager.removeItem(atPath: file)
            if manager.fileExists(atPath: LoginCommand.asideFile) { try? manager.moveItem(atPath: LoginCommand.asideFile, toPath: file) }
        }
        print("Logged out.")
    }
}
