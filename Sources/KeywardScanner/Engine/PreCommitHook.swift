import Foundation
import KeywardCore

/// Writes the git pre-commit hook that runs `keyward scan --staged`.
public enum PreCommitHook {
    public static let marker = "# installed by keyward hook install"

    /// The hook. It runs the `keyward` that installed it (`executable`) while that
    /// file is there, else the one on `PATH`; when neither exists it blocks the
    /// commit with a message, since a secret check that silently stops checking is
    /// worse than one that is loud.
    public static func script(executable: String?) -> String {
        let installed = executable.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" } ?? "''"
        return """
            #!/bin/sh
            \(marker)
            # Runs keyward scan --staged: blocks a commit whose staged changes hold a credential.
            # Bypass once with `git commit --no-verify`.
            keyward=\(installed)
            if [ -z "$keyward" ] || [ ! -x "$keyward" ]; then
                keyward=$(command -v keyward) || {
                    echo "keyward pre-commit hook: the keyward command was not found; install it or run keyward hook install --force again" >&2
                    exit 1
                }
            fi
            exec "$keyward" scan --staged
            """ + "\n"
    }

    /// Installs the hook in the repository around `folder`; returns the hook's path.
    /// An existing hook that Keyward did not write is kept unless `replacing`.
    public static func install(in folder: String, replacing: Bool, executable: String? = nil) throws(KeywardError) -> String {
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
            try Data(script(executable: executable).utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw KeywardError(.outputFailed, "cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }
}
