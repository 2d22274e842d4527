import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Starts child processes one at a time in this process, and only while it
/// holds fewer than `descriptorCeiling` file descriptors.
///
/// Foundation's `Process.run()` on Linux finds the highest open descriptor by
/// reading `/proc/self/fd` and copying each entry's whole 256-byte name field:
/// with about 1,350 descriptors or more open, an entry can sit at the very end
/// of readdir's buffer and the copy reads past it (the SIGSEGV in a memmove
/// that the full test suite hit, with 1,384 open). A keyward process never holds
/// that many, but the test process does for moments, so a start waits (up to
/// `maximumWait`) until the count is below the ceiling. Every start, in the
/// product and in the tests, goes through here.
public enum ProcessStart {
    private static let starting = Mutex(())
    public static let descriptorCeiling = 1_000
    static let maximumWait: Duration = .seconds(60)

    public static func run(_ process: Process) throws {
        try starting.withLock { _ in
            let clock = ContinuousClock()
            let deadline = clock.now + maximumWait
            while let open = openDescriptors(), open >= descriptorCeiling, clock.now < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            try process.run()
        }
    }

    /// How many descriptors this process holds: entries of `/proc/self/fd`
    /// counted without reading their names; nil without `/proc`.
    public static func openDescriptors() -> Int? {
        #if os(Linux)
            guard let directory = opendir("/proc/self/fd") else { return nil }
            defer { closedir(directory) }
            var count = 0
            while readdir(directory) != nil { count += 1 }
            return max(0, count - 3)  // ".", ".." and the directory's own descriptor
        #else
            return nil
        #endif
    }
}
