#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files into one reusable buffer, so memory stays flat however
/// many files a scan reads.
final class FileReader {
    enum Outcome {
        case text(ScanBytes)
        case binary
        case tooLarge(Int)
        case unreadable(String)
    }

    let maximumSize: Int
    private var buffer: UnsafeMutableBufferPointer<UInt8>

    init(maximumSize: Int) {
        self.maximumSize = maximumSize
        self.buffer = .allocate(capacity: 1 << 16)
    }

    deinit { buffer.deallocate() }

    /// The file's bytes, valid until the next call.
    func read(_ path: String) -> Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .unreadable(Self.reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unreadable(Self.reason(errno)) }
        let size = Int(info.st_size)
        if size > maximumSize { return .tooLarge(size) }
        if size + 1 > buffer.count {
            buffer.deallocate()
            buffer = .allocate(capacity: max(size + 1, buffer.count * 2))
        }
        guard let base = buffer.baseAddress else { return .unreadable("no memory to read it into") }
        var total = 0
        while total < size {
            let count = systemRead(descriptor, base + total, size - total)
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(Self.reason(errno))
            }
            if count == 0 { break }
            total += count
        }
        // A NUL byte in the first 8 KiB marks a binary file, as git does.
        if memchr(base, 0, min(total, 8192)) != nil { return .binary }
        return .text(ScanBytes(rebasing: buffer[0..<total]))
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif
