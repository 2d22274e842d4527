import ArgumentParser
import Foundation
import KeywardVault

/// The options of every client command: where the server is, how to
/// authenticate, and whether to print its JSON answer unchanged.
struct ClientOptions: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Flag(name: .long, help: "Print the server's JSON answer unchanged.")
    var json = false

    func client() throws -> APIClient {
        try server.client(printsJSON: json)
    }
}

/// Where the server is and how to authenticate: flag, then environment, then
/// the token file `$KEYWARD_HOME/token` (default `~/.keyward/token`).
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Server address (env KEYWARD_ADDR, default http://127.0.0.1:8787).")
    var addr: String?

    @Option(name: .long, help: "Management token (env KEYWARD_TOKEN, else the token file).")
    var token: String?

    /// The address as given (flag, then environment, then the default), less a trailing `/`.
    var address: String {
        let value = addr ?? ProcessInfo.processInfo.environment["KEYWARD_ADDR"] ?? "http://127.0.0.1:8787"
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// The token to send, or a failure saying where it was looked for.
    func resolvedToken() throws -> String {
        if let token, !token.isEmpty { return token }
        if let token = ProcessInfo.processInfo.environment["KEYWARD_TOKEN"], !token.isEmpty { return token }
        let file = KeywardHome.tokenFile
        guard FileManager.default.fileExists(atPath: file) else {
            throw CLIFailure(
                message: "error: no management token: pass --token, set KEYWARD_TOKEN, or run keyward serve once to write \(file)",
                exitCode: CLIExit.usage
            )
        }
        // Like ssh with a private key: a token others can read is refused, not used.
        let text: String
        do {
            try KeyFile.requirePrivate(path: file, what: "token file")
            text = try KeyFile.read(path: file, what: "token file")
        } catch {
            throw CLIFailure(message: "error: \(error.message)", exitCode: CLIExit.usage)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The client of one command. A token bound for another machine over plain
    /// http is warned about once, here, and still sent.
    func client(printsJSON: Bool) throws -> APIClient {
        let address = try ServerAddress(self.address)
        let token = try resolvedToken()
        if let warning = address.plaintextWarning { Console.error(warning) }
        return APIClient(baseURL: address.text, token: token, printsJSON: printsJSON)
    }
}

/// `$KEYWARD_HOME`, default `~/.keyward`.
enum KeywardHome {
    static var folder: String {
        if let home = ProcessInfo.processInfo.environment["KEYWARD_HOME"], !home.isEmpty { return home }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".keyward")
    }

    static var tokenFile: String { (folder as NSString).appendingPathComponent("token") }
}
