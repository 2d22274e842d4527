#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rules of `.keywardignore`: one per line, `#` starts a comment.
/// A line of 32 hex characters (optionally after `fingerprint:`) ignores that
/// finding; any other line is a path glob (`*`, `?`, `[…]`, `**`), matched against
/// the path relative to the repository root or scanned folder. A glob without `/`
/// matches a name at any depth; a glob ending in `/` matches a folder.
public struct IgnoreList: Sendable {
    public private(set) var globs: [String] = []
    public private(set) var fingerprints: Set<String> = []
    /// The folder, relative to where the globs apply, that a walk starts from.
    private var pathPrefix = ""

    public init() {}

    public init(text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = String(rawLine).trimmed(of: " \t")
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("fingerprint:") { line = String(line.dropFirst("fingerprint:".count)).trimmed(of: " \t") }
            if Fingerprint.isFingerprint(Substring(line)) {
                fingerprints.insert(line)
            } else {
                globs.append(line.hasPrefix("/") ? String(line.dropFirst()) : line)
            }
        }
    }

    public mutating func merge(_ other: IgnoreList) {
        globs += other.globs
        fingerprints.formUnion(other.fingerprints)
    }

    /// A list that matches `path` as this one matches `prefix/path`: for a walk
    /// that starts in a sub-folder of the repository.
    public func prefixed(_ prefix: String) -> IgnoreList {
        var copy = self
        copy.pathPrefix = prefix
        return copy
    }

    /// Whether `path` (relative, `/`-separated; folders end in `/`) is ignored.
    public func ignores(path: String) -> Bool {
        guard !globs.isEmpty else { return false }
        let path = pathPrefix.isEmpty ? path : pathPrefix + "/" + path
        let isFolder = path.hasSuffix("/")
        let trimmed = isFolder ? String(path.dropLast()) : path
        let name = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        for glob in globs {
            let wantsFolder = glob.hasSuffix("/")
            let pattern = wantsFolder ? String(glob.dropLast()) : glob
            if wantsFolder && !isFolder { continue }
            if pattern.contains("/") {
                if fnmatch(pattern, trimmed, 0) == 0 { return true }
                // `dir/**` and `dir/*` also cover what lies below.
                if pattern.hasSuffix("/**"), trimmed.hasPrefix(String(pattern.dropLast(2))) { return true }
            } else if fnmatch(pattern, name, 0) == 0 {
                return true
            }
        }
        return false
    }
}

extension String {
    func trimmed(of characters: String) -> String {
        let set = Set(characters)
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
