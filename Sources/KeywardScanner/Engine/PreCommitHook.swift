import Foundation
import KeywardCore

/// Writes the git pre-commit hook that runs `keyward scan --staged`.
public enum PreCommitHook {
    public static let marker = "# installed by keyward hook install"

    public static let script = """
        #!/bin/sh
        \(marker)
        # Blocks a commit whose staged changes hold a credential. Bypass once with `git commit --no-verify`.
        exec keyward scan --staged
        """ + "\n"

    /// Installs the hook in the repository around `folder`; returns the hook's path.
    /// An existing hook that Keyward did not write is kept unless `replacing`.
    public static func install(in folder: String, replacing: Bool) throws(KeywardError) -> String {
        var hooks = ""
        do {
            try GitCommand(workingDirectory: folder).run(["rev-parse", "--git-path", "hooks"]) { hooks = String(decoding: $0, as: UTF8.self) }
        } catch {
            throw KeywardError(.notAGitRepository, "\(folder) is not inside a git work tree")
        }
        let directory = hooks.hasPrefix("/") ? hooks : PathJoin.join(folder, hooks)
        let path = PathJoin.join(directory, "pre-commit")
        if let existing = FileManager.default.contents(atPath: path), !replacing,
            !String(decoding: existing, as: UTF8.self).contains(marker)
        {
            throw KeywardError(.conflict, "\(path) exists and was not written by keyward; pass --force to replace it")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(script.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw KeywardError(.outputFailed, "cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }
}
