import Foundation
import KeywardCore

/// Finds the master key: the `KEYWARD_MASTER_KEY` variable (base64) first, else a
/// key file. A missing key file is created only when the store is empty, with
/// mode 0600; a file readable by group or others is refused.
public struct MasterKeySource: Sendable {
    public var environmentValue: String?
    public var keyFile: String

    public init(environmentValue: String?, keyFile: String) {
        self.environmentValue = environmentValue
        self.keyFile = keyFile
    }

    /// What loading found, with warnings for the operator (never the key).
    public struct Loaded: Sendable {
        public var masterKey: MasterKey
        /// Whether a new key file was written.
        public var created: Bool
        public var warnings: [String]
    }

    /// Loads the key. `storeIsEmpty` says whether a new key file may be made.
    public func load(storeIsEmpty: Bool) throws(KeywardError) -> Loaded {
        if let environmentValue, !environmentValue.isEmpty {
            return Loaded(masterKey: try MasterKey(base64: environmentValue, origin: "KEYWARD_MASTER_KEY"), created: false, warnings: [])
        }
        var warnings: [String] = []
        if let workTree = GitWorkTree.containing(path: keyFile) {
            warnings.append("the master key file \(keyFile) lies inside the git work tree \(workTree); keep it out of version control")
        }
        let manager = FileManager.default
        if !manager.fileExists(atPath: keyFile) {
            guard storeIsEmpty else {
                throw KeywardError(
                    .masterKey,
                    "the master key file \(keyFile) is missing but the store already holds data; restore the key file or set KEYWARD_MASTER_KEY (Keyward never re-keys a store silently)"
                )
            }
            let key = MasterKey.generate()
            try KeyFile.writeNew(path: keyFile, contents: key.base64 + "\n")
            return Loaded(masterKey: key, created: true, warnings: warnings)
        }
        try KeyFile.requirePrivate(path: keyFile, what: "master key file")
        let text = try KeyFile.read(path: keyFile, what: "master key file")
        return Loaded(masterKey: try MasterKey(base64: text, origin: "the master key file \(keyFile)"), created: false, warnings: warnings)
    }

    /// The master key in `path` for a rekey: read (mode 0600 required) when the
    /// file exists, else a new key written there with mode 0600. Returns whether
    /// the file was made.
    public static func loadOrCreate(path: String) throws(KeywardError) -> (key: MasterKey, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            try KeyFile.requirePrivate(path: path, what: "new master key file")
            let text = try KeyFile.read(path: path, what: "new master key file")
            return (try MasterKey(base64: text, origin: "the new master key file \(path)"), false)
        }
        let key = MasterKey.generate()
        try KeyFile.writeNew(path: path, contents: key.base64 + "\n")
        return (key, true)
    }

    /// Whether the key comes from `KEYWARD_MASTER_KEY` rather than the key file.
    public var usesEnvironment: Bool { !(environmentValue ?? "").isEmpty }
}
