import KeywardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a report to the file of `--output`. A new file is created with mode 0600:
/// a report names where secrets are (and holds them with `--show-secrets`). An
/// existing file keeps its mode, never widened; with `privateOnly` (the report
/// holds secrets) its group and other permissions are taken away first.
public enum ReportFile {
    public static func write(_ text: String, to path: String, privateOnly: Bool) throws(KeywardError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(path, errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(path, errno) }
        if privateOnly, info.st_mode & 0o077 != 0, fchmod(descriptor, info.st_mode & 0o7700) != 0 {
            throw failure(path, errno)
        }
        let bytes = Array(text.utf8)
        // `withUnsafeBytes` rethrows untyped errors: the failure comes back as a value.
        let failed: KeywardError? = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return failure(path, errno) }
                offset += written
            }
            return nil
        }
        if let failed { throw failed }
    }

    private static func failure(_ path: String, _ code: Int32) -> KeywardError {
        KeywardError(.outputFailed, "cannot write the report to \(path): \(FileReader.reason(code))", field: "--output")
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif
