import Foundation
import Synchronization

/// Starts child processes one at a time in this process. Foundation's
/// `Process.run()` on Linux crashed in the full test suite with a bad memmove
/// inside it while two threads were starting processes at once (the scanner's
/// git and a test's `keyward`); every start, in the product and in the tests,
/// goes through here. No I/O of its own: a lock around `run()`.
public enum ProcessStart {
    private static let starting = Mutex(())

    public static func run(_ process: Process) throws {
        try starting.withLock { _ in try process.run() }
    }
}
