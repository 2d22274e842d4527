import Foundation
import KeywardTesting
import Testing

@Suite("The end-to-end harness")
struct BinaryWatchdogTests {
    @Test("a command that runs past its timeout is killed and fails its test instead of hanging the run")
    func hungCommandIsKilled() throws {
        let folder = try TemporaryFolder("keyward-e2e-watchdog")
        defer { folder.remove() }
        let started = Date()
        // `serve` runs until it is stopped: the watchdog must stop it.
        #expect(throws: EndToEndError.self) {
            try KeywardBinary.run(
                ["serve", "--port", "0", "--db", folder.file("keyward.db")],
                environment: ["KEYWARD_HOME": folder.file("home"), "PATH": "/usr/bin:/bin"], timeoutSeconds: 2)
        }
        #expect(Date().timeIntervalSince(started) < 60)
    }
}
