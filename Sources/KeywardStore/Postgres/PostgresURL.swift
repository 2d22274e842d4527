import Foundation
import KeywardCore

/// A `postgres://user:password@host:port/database?sslmode=…` address, parsed
/// and checked. Its `description` hides the password, so a URL can be shown
/// in a log or an error; nothing else of this type prints it.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never encrypt.
        case disable
        /// Encrypt when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// Always encrypt, without checking the certificate.
        case require
        /// Always encrypt, and check the certificate chain and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// A PEM file of the certificate authorities to trust (`sslrootcert`), for `verify-full`.
    public var rootCertificatePath: String?

    /// The longest URL accepted, in bytes.
    public static let maximumLength = 2048

    public init(parsing text: String, field: String = "database-url") throws(KeywardError) {
        func invalid(_ why: String) -> KeywardError {
            KeywardError(.configuration, "the database URL is not valid: \(why) (expected postgres://user:password@host:5432/database)", field: field)
        }
        guard text.utf8.count <= Self.maximumLength else { throw invalid("longer than \(Self.maximumLength) bytes") }
        guard let components = URLComponents(string: text) else { throw invalid("it cannot be parsed as a URL") }
        guard let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("it names no host") }
        guard let username = components.user, !username.isEmpty else { throw invalid("it names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw invalid("it names no database (the path after the host)") }
        var tls = TLSMode.prefer
        var rootCertificatePath: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw invalid("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            case "sslrootcert":
                guard let value = item.value, !value.isEmpty else { throw invalid("sslrootcert names no file") }
                rootCertificatePath = value
            default:
                throw invalid("the parameter \(item.name) is not known (known: sslmode, sslrootcert)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = database
        self.tls = tls
        self.rootCertificatePath = rootCertificatePath
    }

    /// The URL with `***` for the password.
    public var description: String {
        var text = "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        if tls != .prefer { text += "?sslmode=\(tls.rawValue)" }
        return text
    }
}
