import Foundation

/// A one-line progress report on stderr for large trees, redrawn at most five
/// times a second. Quiet when disabled (stderr is not a terminal).
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drewSomething = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(files: Int, bytes: Int) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
            lastDraw = now
            drewSomething = true
            let megabytes = Double(bytes) / 1_048_576
            let line = "\r\u{1B}[Kscanning: \(files) files, \(String(format: "%.1f", megabytes)) MB"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        guard enabled, drewSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
