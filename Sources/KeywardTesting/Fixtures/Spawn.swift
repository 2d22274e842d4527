import Foundation
import Synchronization

/// Starts `process` while no other test of this process starts one.
/// Foundation's `Process.run()` on Linux crashed once in the full suite (a bad
/// memmove inside it) while two tests were starting processes at once; tests
/// that start processes go through here.
public func spawn(_ process: Process) throws {
    try spawning.withLock { _ in try process.run() }
}

private let spawning = Mutex(())
