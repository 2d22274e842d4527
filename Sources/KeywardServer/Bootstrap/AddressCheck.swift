import Foundation
import KeywardCore
import NIOCore
import NIOPosix

/// Binds the server's address once and lets it go, before anything is created
/// on disk: a start that cannot listen leaves no database, key file or token.
enum AddressCheck {
    static func requireFree(host: String, port: Int) async throws {
        guard port != 0 else { return }
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw KeywardError(
                .addressInUse, "cannot listen on \(host):\(port): the address is in use (another keyward serve?); choose another --port")
        } catch {
            throw KeywardError(.addressInUse, "cannot listen on \(host):\(port): \(error)")
        }
        try await channel.close()
    }
}

extension KeywardError.Code {
    /// The server cannot bind its address (exit 3).
    public static let addressInUse = Self("ADDRESS_IN_USE", .unavailable)
}
