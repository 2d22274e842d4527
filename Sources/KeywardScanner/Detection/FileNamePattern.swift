/// Which files a file rule reads: by the file's name (compared lower-cased) and,
/// for names too common to trust alone (`config`, `credentials`), by the folder it
/// sits in. Checked once per file, never per byte.
public struct FileNamePattern: Sendable {
    /// A path cut into what the patterns look at.
    public struct Name: Sendable {
        /// The last component, lower-cased.
        public var file: String
        /// The folder holding it, lower-cased (empty at the root).
        public var folder: String

        public init(_ path: String) {
            let parts = path.split(separator: "/")
            file = parts.last.map { $0.lowercased() } ?? ""
            folder = parts.count >= 2 ? parts[parts.count - 2].lowercased() : ""
        }
    }

    /// Exact names: `.netrc`.
    public var names: Set<String> = []
    /// Name beginnings: `.env.` for `.env.production`.
    public var prefixes: [String] = []
    /// Name endings: `.sql`, `.kubeconfig`.
    public var suffixes: [String] = []
    /// `folder/name` pairs, where the name alone is too common: `.aws/credentials`.
    public var inFolder: Set<String> = []
    /// Name endings that count only inside a named folder: `credentials/` + `.key` (`folder/suffix`).
    public var suffixesInFolder: [(folder: String, suffix: String)] = []

    public init(
        names: Set<String> = [], prefixes: [String] = [], suffixes: [String] = [], inFolder: Set<String> = [],
        suffixesInFolder: [(folder: String, suffix: String)] = []
    ) {
        self.names = names
        self.prefixes = prefixes
        self.suffixes = suffixes
        self.inFolder = inFolder
        self.suffixesInFolder = suffixesInFolder
    }

    public func matches(_ name: Name) -> Bool {
        if names.contains(name.file) { return true }
        if prefixes.contains(where: { name.file.hasPrefix($0) }) || suffixes.contains(where: { name.file.hasSuffix($0) }) { return true }
        if inFolder.contains(name.folder + "/" + name.file) { return true }
        return suffixesInFolder.contains { $0.folder == name.folder && name.file.hasSuffix($0.suffix) }
    }

    public func matches(path: String) -> Bool { matches(Name(path)) }
}
