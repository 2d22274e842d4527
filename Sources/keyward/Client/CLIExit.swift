import ArgumentParser

/// The exit codes of SPEC §6.
enum CLIExit {
    static let success = ExitCode(0)
    /// A negative answer: a key that is not valid, findings, 401/403/404/429.
    static let negative = ExitCode(1)
    /// Usage or input error, 400/409/413/422 included.
    static let usage = ExitCode(2)
    /// Server or I/O failure: 5xx, no connection.
    static let failure = ExitCode(3)
    /// `run`: the command cannot be found or executed (as a shell says).
    static let notRunnable = ExitCode(127)

    /// The exit code for an HTTP status that is not a success.
    static func forStatus(_ status: Int) -> ExitCode {
        switch status {
        case 401, 403, 404, 429: negative
        case 400..<500: usage
        default: failure
        }
    }
}

/// A failure with its message for people and its exit code.
struct CLIFailure: Error {
    var message: String
    var exitCode: ExitCode
}
