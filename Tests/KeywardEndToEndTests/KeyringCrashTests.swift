import Foundation
import KeywardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real server killed with SIGKILL while it rotates its keyring, at several
/// moments, then started again on the same files: every value reads back, and
/// a rotation finishes the work.
@Suite("Keyring rotation under kill -9", .serialized)
struct KeyringCrashTests {
    @Test("kill -9 at several moments of a rotation leaves every value readable; the next rotation completes")
    func killDuringRotation() async throws {
        let folder = try TemporaryFolder("keyward-rotate-kill")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        // 1,200 versions: six batches of data keys, so a rotation takes a while.
        var values: [String: String] = [:]
        for index in 0..<300 {
            for version in 1...4 {
                let value = "kill-value-\(index)-\(version)"
                let put = try await HTTP.send(
                    .PUT, "\(server.address)/v1/secrets/k/s\(index)", headers: [("Authorization", "Bearer \(server.rootToken)")],
                    body: #"{"value":"\#(value)"}"#)
                guard put.status == 200 || put.status == 201 else { throw EndToEndError("put answered \(put.status)") }
                values["k/s\(index)#\(version)"] = value
            }
        }
        for delay in [0, 20_000, 60_000, 150_000] as [useconds_t] {
            // Start a rotation and kill the server after `delay` microseconds.
            let token = server.rootToken
            let address = server.address
            let rotation = Task { try? await HTTP.send(.POST, "\(address)/v1/sys/keyring/rotate", headers: [("Authorization", "Bearer \(token)")]) }
            usleep(delay)
            server.killHard()
            _ = await rotation.value
            try await server.start()
            for (name, value) in values where name.hasSuffix("#1") || name.hasSuffix("#4") {
                let parts = name.split(separator: "#")
                let read = try await HTTP.send(
                    .GET, "\(server.address)/v1/secrets/\(parts[0])?version=\(parts[1])", headers: [("Authorization", "Bearer \(server.rootToken)")])
                let matches = read.status == 200 && read.json["value"] as? String == value
                #expect(matches, "after a kill at \(delay) µs, \(name) answered \(read.status)")
                if !matches { return }
            }
        }
        let finished = try await HTTP.send(
            .POST, "\(server.address)/v1/sys/keyring/rotate", headers: [("Authorization", "Bearer \(server.rootToken)")])
        #expect(finished.status == 200, "\(finished.body)")
        // Each killed rotation may have added a KEK; the finished one destroyed them all.
        let to = try #require(finished.json["to"] as? Int)
        let again = try await HTTP.send(
            .POST, "\(server.address)/v1/sys/keyring/rotate", headers: [("Authorization", "Bearer \(server.rootToken)")])
        #expect(again.json["from"] as? [Int] == [to], "the keyring held more than the current KEK: \(again.body)")
        for (name, value) in values {
            let parts = name.split(separator: "#")
            let read = try await HTTP.send(
                .GET, "\(server.address)/v1/secrets/\(parts[0])?version=\(parts[1])", headers: [("Authorization", "Bearer \(server.rootToken)")])
            #expect(read.json["value"] as? String == value, "\(name)")
        }
        let audit = try await HTTP.send(.GET, "\(server.address)/v1/audit/verify", headers: [("Authorization", "Bearer \(server.rootToken)")])
        #expect(audit.json["intact"] as? Bool == true, "\(audit.body)")
    }
}
