import ArgumentParser
import Foundation

/// Where the server is and how to authenticate: flag, then environment, then
/// the token file `$KEYWARD_HOME/token` (default `~/.keyward/token`).
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Server address (env KEYWARD_ADDR, default http://127.0.0.1:8787).")
    var addr: String?

    @Option(name: .long, help: "Management token (env KEYWARD_TOKEN, else the token file).")
    var token: String?

    @Flag(name: .long, help: "Print the server's JSON answer unchanged.")
    var json = false

    var address: String {
        let value = addr ?? ProcessInfo.processInfo.environment["KEYWARD_ADDR"] ?? "http://127.0.0.1:8787"
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// The token to send, or a failure saying where it was looked for.
    func resolvedToken() throws -> String {
        if let token, !token.isEmpty { return token }
        if let token = ProcessInfo.processInfo.environment["KEYWARD_TOKEN"], !token.isEmpty { return token }
        let file = KeywardHome.tokenFile
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure(
                message: "error: no management token: pass --token, set KEYWARD_TOKEN, or run keyward serve once to write \(file)",
                exitCode: CLIExit.usage
            )
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func client() throws -> APIClient {
        APIClient(baseURL: address, token: try resolvedToken(), printsJSON: json)
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
