#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to standard output and standard error with `write(2)`. A closed pipe
/// (`keyward serve | head -1`, a log collector that went away) loses the text
/// but never stops the process: `main` ignores SIGPIPE, and unlike
/// `FileHandle.write` a failed write here is not a crash.
enum Console {
    static func line(_ text: String) {
        write(text + "\n")
    }

    static func write(_ text: String) {
        write(bytes: Array(text.utf8), to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        write(bytes: Array((text + "\n").utf8), to: STDERR_FILENO)
    }

    static func write(bytes: [UInt8], to descriptor: Int32 = STDOUT_FILENO) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif
