import Foundation
import KeywardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that hold secrets (the master key, the root token): created with mode
/// 0600 in one step, and refused when group or others may read them.
public enum KeyFile {
    /// Creates `path` with mode 0600 (failing if it exists) and writes `contents`,
    /// flushed to disk. Missing parent folders are created with mode 0700.
    public static func writeNew(path: String, contents: String, replacing: Bool = false) throws(KeywardError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw KeywardError(.configuration, "cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        if replacing { unlink(path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw KeywardError(.configuration, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw KeywardError(.configuration, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces `path` with `contents` in one step: a new file (mode 0600) beside
    /// it, flushed, then renamed over it. A crash leaves the old file or the new
    /// one, never neither.
    public static func replace(path: String, contents: String) throws(KeywardError) {
        let temporary = path + ".new-\(UInt64.random(in: 0...UInt64.max))"
        try writeNew(path: temporary, contents: contents)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw KeywardError(.configuration, "cannot replace \(path): \(reason)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    /// Throws when group or others may read or write `path`.
    public static func requirePrivate(path: String, what: String) throws(KeywardError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KeywardError(.configuration, "cannot read the \(what) \(path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & 0o077 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw KeywardError(
                .configuration,
                "the \(what) \(path) has mode \(mode): group or others may access it; run chmod 600 \(path)"
            )
        }
    }

    /// The file's text.
    public static func read(path: String, what: String) throws(KeywardError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeywardError(.configuration, "cannot read the \(what) \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KeywardError(.configuration, "the \(what) \(path) is not UTF-8 text")
        }
        return text
    }
}
