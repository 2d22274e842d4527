import Foundation
import KeywardCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file, held until released or the
/// process ends (a `kill -9` frees it too, so a crash never leaves a stale lock).
final class FileLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock at once or throws `STORE_IN_USE` with `heldMessage`.
    static func acquire(path: String, heldMessage: String) throws(KeywardError) -> FileLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KeywardError(.storageFailure, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            close(descriptor)
            if failure == EWOULDBLOCK { throw KeywardError(.storeInUse, heldMessage) }
            throw KeywardError(.storageFailure, "cannot lock \(path): \(String(cString: strerror(failure)))")
        }
        return FileLock(descriptor: descriptor)
    }

    /// Frees the lock; calling it again does nothing harmful (the descriptor is closed once).
    func release() {
        released.withLock { done in
            guard !done else { return }
            done = true
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    private let released = Mutex(false)
}

extension KeywardError.Code {
    /// Another server holds the embedded store (exit 3).
    public static let storeInUse = Self("STORE_IN_USE", .unavailable)
}
