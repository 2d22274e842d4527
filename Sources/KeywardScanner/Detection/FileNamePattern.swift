/// Which files a file rule reads: by the file's name (compared lower-cased) and,
/// for names too common to trust alone (`config`, `credentials`), by the folder it
/// sits in. Checked once per file, never per byte. A class, so that a `Rule` stays
/// one pointer bigger: the prefilter's hot loop copies rules, and every field of a
/// struct here would be retained and released on each copy.
public final class FileNamePattern: Sendable {
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
    public let names: Set<String>
    /// Name beginnings: `.env.` for `.env.production`.
    public let prefixes: [String]
    /// Name endings: `.sql`, `.kubeconfig`.
    public let suffixes: [String]
    /// `folder/name` pairs, where the name alone is too common: `.aws/credentials`.
    public let inFolder: Set<String>
    /// Name endings that count only inside a named folder: `credentials/` + `.key` (`folder/suffix`).
    public let suffixesInFolder: [(folder: String, suffix: String)]

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

/// The file rules of a detector, indexed so that a file whose name no rule asks
/// for (nearly every file) costs one dictionary lookup and a few byte compares.
struct FileRuleIndex: Sendable {
    private var byName: [String: [Int]] = [:]
    private var bySuffix: [(suffix: String, rule: Int)] = []
    private var byPrefix: [(prefix: String, rule: Int)] = []
    private var patterns: [Int: FileNamePattern] = [:]

    init(rules: [Rule]) {
        for (index, rule) in rules.enumerated() {
            guard let pattern = rule.fileNames else { continue }
            patterns[index] = pattern
            for name in pattern.names { byName[name, default: []].append(index) }
            for pair in pattern.inFolder { byName[String(pair.split(separator: "/").last ?? ""), default: []].append(index) }
            bySuffix += pattern.suffixes.map { ($0, index) } + pattern.suffixesInFolder.map { ($0.suffix, index) }
            byPrefix += pattern.prefixes.map { ($0, index) }
        }
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// The rules that read the file at `path`, in rule order.
    func rules(for path: String) -> [Int] {
        let file: Substring
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            file = path[path.utf8.index(after: slash)...]
        } else {
            file = Substring(path)
        }
        let lower = file.lowercased()
        var candidates = byName[lower] ?? []
        for entry in bySuffix where lower.hasSuffix(entry.suffix) { candidates.append(entry.rule) }
        if lower.utf8.first == UInt8(ascii: ".") {
            for entry in byPrefix where lower.hasPrefix(entry.prefix) { candidates.append(entry.rule) }
        }
        guard !candidates.isEmpty else { return [] }
        let name = FileNamePattern.Name(path)
        return Set(candidates).sorted().filter { patterns[$0]?.matches(name) == true }
    }
}
