import Foundation
import KeywardCore
import KeywardServer

/// The server address of a client command (`--addr`, `KEYWARD_ADDR`): an
/// `http://` or `https://` URL with a host, without a trailing `/`.
struct ServerAddress {
    /// The address as given, less a trailing `/`; requests append their path to it.
    var text: String
    var isPlainHTTP: Bool
    var host: String

    /// Parses the address; an address that is not an http(s) URL with a host is
    /// an input error (exit 2), not a connection failure.
    init(_ given: String) throws {
        let text = given.hasSuffix("/") ? String(given.dropLast()) : given
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw CLIFailure(
                message: "error: the server address '\(text)' (from --addr or KEYWARD_ADDR) is not an http:// or https:// URL, "
                    + "such as http://127.0.0.1:8787",
                exitCode: CLIExit.usage
            )
        }
        self.text = text
        self.isPlainHTTP = scheme == "http"
        self.host = host
    }

    /// `localhost`, 127.0.0.0/8 or ::1: traffic that never leaves the machine
    /// (the rule `serve` uses for the addresses it binds without TLS).
    var isLoopback: Bool {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return ServerConfiguration.isLoopback(name.lowercased())
    }

    /// The warning to print before a token goes to another machine in the clear, if any.
    var plaintextWarning: String? {
        guard isPlainHTTP, !isLoopback else { return nil }
        return "warning: sending the management token over plain http to \(host); use https"
    }
}
