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
            # Tells keyward scan that it runs from this hook, so that it says the commit was blocked.
            KEYWARD_HOOK=pre-commit
            export KEYWARD_HOOK
            exec "$keyward" scan --staged
            """ + "\n"
    }

    /// The environment variable the hook sets for `keyward scan --staged`, and its value.
    public static let environmentVariable = "KEYWARD_HOOK"
    public static let environmentValue = "pre-commit"

    /// Whether this process runs from the hook (the hook sets `KEYWARD_HOOK=pre-commit`).
    public static func isRunningFromHook(_ environment: [String: String]) -> Bool {
        environment[environmentVariable] == environmentValue
    }

    /// What the hook says on stderr after the findings, when it blocks a commit.
    public static func blockedMessage(for findings: [Finding]) -> String {
        let count = findings.count == 1 ? "1 possible secret" : "\(findings.count) possible secrets"
        let fingerprints = Array(Set(findings.map(\.fingerprint))).sorted()
        let entry =
            fingerprints.count == 1
            ? "echo \(fingerprints[0]) >> .keywardignore" : "add the fingerprint shown above to .keywardignore, one per line"
        return """
            keyward: commit blocked: the staged changes hold \(count) (listed above).
            If a finding is a false positive, allow it in one of these ways and commit again:
              - add a comment holding keyward:allow on its line;
              - add its fingerprint to .keywardignore at the repository root: \(entry)
              - or skip this check for one commit with git commit --no-verify (at your own risk: nothing is checked).
            If it is a real secret, unstage it, keep it out of the repository, and rotate it if it was ever shared.
            """
    }

    /// What the hook says when the scan itself failed (the commit is blocked too).
    public static let failedMessage =
        "keyward: commit blocked: the staged changes could not be scanned (see the error above); fix it, or skip this check for one commit with git commit --no-verify (at your own risk)."

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
