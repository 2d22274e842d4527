import ArgumentParser
import Foundation
import KeywardCore

/// `keyward mfa enroll|confirm`: a second factor for the logged-in user (docs/users.md).
struct MFACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfa", abstract: "Set up TOTP MFA for the user you are logged in as.", subcommands: [Enroll.self, Confirm.self])

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a new TOTP secret for an authenticator app; on a terminal, confirm it with a code at once.")
        @OptionGroup var options: ClientOptions
        @Flag(name: .customLong("light-background"), help: "Draw the QR code for a terminal with a light background.")
        var lightBackground = false

        func run() async throws {
            let client = try options.client()
            let enrolment = try await client.send(.POST, "/v1/mfa/totp")
            if options.json {
                Console.write(bytes: enrolment.body + [0x0A])
                return
            }
            let uri = enrolment.object["uri"].map(Render.value) ?? ""
            let secret = enrolment.object["secret"].map(Render.value) ?? ""
            if let code = try? QRCode(bytes: Array(uri.utf8)) {
                Console.error("Scan this with your authenticator app:\n" + QRText.render(code, lightBackground: lightBackground))
            }
            Console.error("Or add the URI, or type the secret:\n  \(uri)\n  secret: \(secret)")
            guard isatty(STDIN_FILENO) == 1 else {
                Console.error("Then confirm with a code: keyward mfa confirm")
                return
            }
            try await Confirm.confirm(client)
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm the pending enrolment with a code (asked for, or read from stdin); prints ten recovery codes once.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await Self.confirm(try options.client())
        }

        static func confirm(_ client: APIClient) async throws {
            let code = try PasswordInput.read(prompt: "Code from the app: ", noun: "code")
            let answer = try await client.send(.POST, "/v1/mfa/totp/confirm", body: .object(["code": .string(code)]))
            client.output(answer) { result in
                let codes = (result["recoveryCodes"]?.arrayValue ?? []).map { "  " + Render.value($0) }
                return "MFA is on: logins now need a code.\nRecovery codes (each works once; keep them apart from this machine):\n"
                    + codes.joined(separator: "\n")
            }
        }
    }
}
