import KeywardCore

#if canImport(Glibc)
    import Glibc
#endif

/// The command `keyward run` starts: spawned directly (`posix_spawnp`, no
/// shell between), with the variables added to the environment, standard
/// input, output and error passed through (through an `OutputMasker` with
/// `--mask`), and SIGINT, SIGTERM and SIGHUP forwarded. Its exit status is
/// the child's (128 + N when a signal ended it).
enum ChildProcess {
    /// The signals forwarded to the child.
    static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `command` to its end and returns the exit status for `run` to exit with.
    static func run(_ command: [String], adding variables: [(name: String, value: [UInt8])], masking secrets: [[UInt8]]?) throws -> Int32 {
        var environment = ProcessEnvironment.current()
        for variable in variables { environment[variable.name] = variable.value }
        var output: (Int32, Int32) = (-1, -1)
        var errors: (Int32, Int32) = (-1, -1)
        if secrets != nil {
            output = try pipePair()
            errors = try pipePair()
        }
        // Forwarding is in place before the child exists, so that no signal in
        // between ends run and orphans the child.
        SignalForwarding.install()
        let pid: pid_t
        do {
            pid = try spawn(command, environment: environment, output: output.1, errors: errors.1)
        } catch {
            SignalForwarding.remove()
            throw error
        }
        SignalForwarding.started(pid)
        if let secrets {
            close(output.1)
            close(errors.1)
            MaskedStreams.pump([(output.0, STDOUT_FILENO), (errors.0, STDERR_FILENO)], secrets: secrets)
        }
        let status = wait(for: pid)
        SignalForwarding.remove()
        return status
    }

    private static func pipePair() throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw CLIFailure(message: "error: cannot make a pipe: \(String(cString: strerror(errno)))", exitCode: CLIExit.failure)
        }
        return (fds[0], fds[1])
    }

    /// Starts `command[0]` (looked up in PATH) with `command` as its arguments.
    /// The child gets default dispositions for every signal and an empty mask
    /// (the CLI ignores SIGPIPE; a child must not inherit that).
    private static func spawn(_ command: [String], environment: [String: [UInt8]], output: Int32, errors: Int32) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if output >= 0 { posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO) }
        if errors >= 0 { posix_spawn_file_actions_adddup2(&actions, errors, STDERR_FILENO) }

        let arguments = command.map { strdup($0) } + [nil]
        let entries = environment.map { name, value in CString.make(Array(name.utf8) + [UInt8(ascii: "=")] + value) } + [nil]
        defer {
            for pointer in arguments { free(pointer) }
            for pointer in entries { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command[0], &actions, &attributes, arguments, entries)
        guard result == 0 else {
            let reason = String(cString: strerror(result))
            let exit = result == ENOENT || result == EACCES ? CLIExit.notRunnable : CLIExit.failure
            throw CLIFailure(message: "error: cannot start \(command[0]): \(reason)", exitCode: exit)
        }
        return pid
    }

    /// The child's exit status, or 128 + N for a signal.
    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return CLIExit.failure.rawValue }
        }
        let low = status & 0x7F
        if low == 0 { return (status >> 8) & 0xFF }
        return 128 + low
    }
}

/// A NUL-terminated copy of bytes in memory from `malloc`, freed by the caller.
enum CString {
    static func make(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar>? {
        guard let raw = malloc(bytes.count + 1) else { return nil }
        let pointer = raw.bindMemory(to: CChar.self, capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
        pointer[bytes.count] = 0
        return pointer
    }
}

/// This process's environment as name → bytes.
enum ProcessEnvironment {
    static func current() -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry)))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                result[String(decoding: bytes[..<equals], as: UTF8.self)] = Array(bytes[(equals + 1)...])
            }
            cursor += 1
        }
        return result
    }
}

/// SIGINT, SIGTERM and SIGHUP sent to `keyward run` (by `kill`, a supervisor)
/// are sent on to the child. A signal the kernel sent to the whole foreground
/// process group (Ctrl-C at a terminal) reached the child already and is not
/// sent twice: its `si_code` is positive (`SI_KERNEL`), where `kill(2)` and
/// `sigqueue(3)` give zero or less.
enum SignalForwarding {
    /// The child, once started (0 before).
    nonisolated(unsafe) static var child: pid_t = 0
    /// A signal that came before the child existed, sent to it when it does.
    nonisolated(unsafe) static var pending: Int32 = 0

    static func install() {
        child = 0
        pending = 0
        for signal in ChildProcess.forwarded {
            var action = sigaction()
            action.sa_flags = SA_SIGINFO | SA_RESTART
            // Only async-signal-safe work here: two stores and kill(2).
            action.__sigaction_handler.sa_sigaction = { signal, info, _ in
                guard let info, info.pointee.si_code <= 0 else { return }
                if SignalForwarding.child > 0 {
                    kill(SignalForwarding.child, signal)
                } else {
                    SignalForwarding.pending = signal
                }
            }
            sigaction(signal, &action, nil)
        }
    }

    static func started(_ pid: pid_t) {
        child = pid
        if pending != 0 { kill(pid, pending) }
    }

    /// Back to the defaults once the child is gone.
    static func remove() {
        child = 0
        for signal in ChildProcess.forwarded { Glibc.signal(signal, SIG_DFL) }
    }
}

/// Copies the child's output to ours through a masker per stream, until both end.
enum MaskedStreams {
    static func pump(_ streams: [(from: Int32, to: Int32)], secrets: [[UInt8]]) {
        var maskers = streams.map { _ in OutputMasker(secrets: secrets) }
        var open = streams.map { _ in true }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while open.contains(true) {
            var polled = streams.enumerated().map { index, stream in pollfd(fd: open[index] ? stream.from : -1, events: Int16(POLLIN), revents: 0) }
            if poll(&polled, nfds_t(polled.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in streams.indices where open[index] && polled[index].revents != 0 {
                let count = read(streams[index].from, &buffer, buffer.count)
                if count > 0 {
                    Console.write(bytes: maskers[index].feed(Array(buffer[0..<count])), to: streams[index].to)
                } else if count == 0 || errno != EINTR {
                    Console.write(bytes: maskers[index].finish(), to: streams[index].to)
                    close(streams[index].from)
                    open[index] = false
                }
            }
        }
    }
}
