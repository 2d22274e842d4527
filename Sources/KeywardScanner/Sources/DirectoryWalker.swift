#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the regular files under a folder, depth first and in name order. It
/// never follows a symbolic link (so it never leaves the tree), skips `.git`,
/// and skips what the ignore list and `gitIgnored` name.
struct DirectoryWalker {
    let ignore: IgnoreList
    let note: (String) -> Void
    /// Paths relative to the root that git ignores (folders end in `/`).
    var gitIgnored: Set<String> = []

    init(ignore: IgnoreList, note: @escaping (String) -> Void) {
        self.ignore = ignore
        self.note = note
    }

    /// Calls `body(path, relativePath)` for each file under `root`.
    /// `relativePath` is relative to `root`; `path` is `root` joined with it.
    func walk(_ root: String, _ body: (String, String) -> Void) {
        walk(directory: root, relative: "", body)
    }

    private func walk(directory: String, relative: String, _ body: (String, String) -> Void) {
        guard let handle = opendir(directory) else {
            note("cannot read folder \(directory): \(FileReader.reason(errno))")
            return
        }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(handle)
        entries.sort { $0.name < $1.name }
        for entry in entries {
            let path = PathJoin.join(directory, entry.name)
            let relativePath = relative.isEmpty ? entry.name : relative + "/" + entry.name
            var type = entry.type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFREG: type = UInt8(DT_REG)
                default: type = UInt8(DT_LNK)
                }
            }
            switch type {
            case UInt8(DT_DIR):
                if entry.name == ".git" || ignore.ignores(path: relativePath + "/") || gitIgnored.contains(relativePath + "/") { continue }
                walk(directory: path, relative: relativePath, body)
            case UInt8(DT_REG):
                if ignore.ignores(path: relativePath) || gitIgnored.contains(relativePath) { continue }
                body(path, relativePath)
            default:
                continue  // symbolic links, sockets, devices
            }
        }
    }
}

/// Joins paths the way the user wrote them: `dir` + `a/b` is `dir/a/b`, `dir/` + `a` is `dir/a`.
enum PathJoin {
    static func join(_ base: String, _ rest: String) -> String {
        if rest.isEmpty { return base }
        if base.isEmpty { return rest }
        return base.hasSuffix("/") ? base + rest : base + "/" + rest
    }
}
