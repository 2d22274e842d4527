import Foundation

/// Finds whether a path lies in a git work tree, by looking for `.git` in its
/// folder and every folder above.
enum GitWorkTree {
    static func containing(path: String) -> String? {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        var folder = absolute.deletingLastPathComponent()
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
