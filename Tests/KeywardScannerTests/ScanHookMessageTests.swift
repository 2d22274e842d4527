import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

/// What the pre-commit hook says when it blocks a commit.
@Suite struct ScanHookMessageTests {
    static func finding(_ fingerprint: String) -> Finding {
        Finding(
            rule: "github-pat", description: "GitHub token", file: "a.env", line: 1, column: 1, secret: "x", fingerprint: fingerprint,
            confirmed: true)
    }

    @Test func theBlockedMessageSaysHowToAllowAFalsePositive() {
        let fingerprint = String(repeating: "ab", count: 16)
        let message = PreCommitHook.blockedMessage(for: [Self.finding(fingerprint)])
        #expect(message.contains("commit blocked"))
        #expect(message.contains("keyward"))
        #expect(message.contains("1 possible secret "))
        #expect(message.contains("keyward:allow"))
        #expect(message.contains("echo \(fingerprint) >> .keywardignore"))
        #expect(message.contains("git commit --no-verify"))
        #expect(message.contains("at your own risk"))

        let two = PreCommitHook.blockedMessage(for: [Self.finding(fingerprint), Self.finding(String(repeating: "cd", count: 16))])
        #expect(two.contains("2 possible secrets"))
        #expect(two.contains("fingerprint shown above"))
    }

    @Test func theHookTellsTheScanThatItRunsFromTheHook() {
        let script = PreCommitHook.script(executable: "/opt/keyward")
        #expect(script.contains("KEYWARD_HOOK=pre-commit\n"))
        #expect(script.contains("export KEYWARD_HOOK"))
        #expect(PreCommitHook.isRunningFromHook(["KEYWARD_HOOK": "pre-commit"]))
        #expect(!PreCommitHook.isRunningFromHook([:]))
    }
}
