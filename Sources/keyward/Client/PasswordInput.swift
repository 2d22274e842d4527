import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A password read from a terminal with echo off (the prompt on standard
/// error), or the first line of standard input when it is not a terminal.
/// Never a flag: a command's arguments are visible to every user of the machine.
enum PasswordInput {
    /// `noun` names what is read in the message when standard input has nothing.
    static func read(prompt: String, confirm: Bool = false, noun: String = "password") throws -> String {
        let first = try readOne(prompt: prompt, noun: noun)
        if confirm, isatty(STDIN_FILENO) == 1 {
            guard try readOne(prompt: "Again: ", noun: noun) == first else { throw ValidationError("the two entries differ") }
        }
        return first
    }

    private static func readOne(prompt: String, noun: String) throws -> String {
        let terminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            Console.write(bytes: Array(prompt.utf8), to: STDERR_FILENO)
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                Console.write(bytes: [0x0A], to: STDERR_FILENO)
            }
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no \(noun) on standard input") }
        return line
    }
}
