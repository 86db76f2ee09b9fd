#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sluice
import Synchronization

/// A command started by the `shell` tasklet with `posix_spawn`: the leader of its own process
/// group (so signals reach whatever it starts), with every signal at its default action and none
/// blocked — whatever the launching thread or the host process ignores or blocks (dispatch
/// threads block signals; a CLI may ignore SIGTERM) — input from `/dev/null`, and its output and
/// error pipes read into bounded tails.
///
/// Nothing here blocks the cooperative pool: launching goes through ``BlockingIO``; waiting for
/// the process and reading its pipes, which last as long as the command, run on threads of their
/// own (``DedicatedThread``).
final class ChildProcess: Sendable {
    /// How a child process ended.
    enum Termination: Sendable, Hashable {
        /// It exited with a status.
        case exited(Int32)
        /// A signal killed it.
        case signalled(Int32)

        /// The exit status as a shell reports it: the status, or 128 + the signal number.
        var exitCode: Int {
            switch self {
            case .exited(let status): Int(status)
            case .signalled(let signal): 128 + Int(signal)
            }
        }

        /// Decodes a `waitpid` status.
        init(waitStatus status: Int32) {
            let signal = status & 0x7F
            self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        }
    }

    /// The process id, also the id of its process group.
    let pid: Int32
    /// The tail of standard output.
    let output: OutputTail
    /// The tail of standard error.
    let errors: OutputTail
    private let outputDescriptor: Int32
    private let errorDescriptor: Int32
    private let ending = Mutex<(termination: Termination, at: ContinuousClock.Instant)?>(nil)

    private init(pid: Int32, outputDescriptor: Int32, errorDescriptor: Int32, tailLimit: Int) {
        self.pid = pid
        self.outputDescriptor = outputDescriptor
        self.errorDescriptor = errorDescriptor
        output = OutputTail(limit: tailLimit)
        errors = OutputTail(limit: tailLimit)
    }

    /// Starts `executable` (an absolute path) with `argv` (its first element is the name the
    /// program sees), exactly `environment`, in `directory`; keeps the last `tailLimit` bytes of
    /// each output stream. A failure to start is an `io` error.
    static func launch(executable: String, argv: [String], environment: [String: String], directory: String,
                       tailLimit: Int) async throws -> ChildProcess {
        try await BlockingIO.run {
            let (outputRead, outputWrite) = try pipePair()
            let (errorRead, errorWrite) = try pipePair()
            defer {
                _ = close(outputWrite)
                _ = close(errorWrite)
            }
            var spawn = try SpawnRequest(directory: directory, output: outputWrite, errors: errorWrite)
            defer { spawn.release() }
            let pid: Int32
            do {
                pid = try spawn.start(executable, argv: argv, environment: environment)
            } catch {
                for descriptor in [outputRead, errorRead] { _ = close(descriptor) }
                throw error
            }
            return ChildProcess(pid: pid, outputDescriptor: outputRead, errorDescriptor: errorRead, tailLimit: tailLimit)
        }
    }

    /// How the process ended, once it has been reaped.
    var termination: Termination? { ending.withLock { $0?.termination } }

    /// Waits (on a thread of its own) for the process to end and reaps it.
    func reap() async -> Termination {
        await DedicatedThread.run(name: "sluice.shell.wait") { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                // EINTR: wait again. ECHILD cannot happen for our own child; end rather than spin.
                if errno != EINTR { status = 0x7F; break }
            }
            let termination = Termination(waitStatus: status)
            ending.withLock { $0 = (termination, .now) }
            return termination
        }
    }

    /// Sends `signal` to the process group (the command and everything it started), unless the
    /// process was already reaped (its id may then belong to another process).
    func signalGroup(_ signal: Int32) {
        guard termination == nil else { return }
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }

    /// Reads both pipes into their tails (each on a thread of its own) until they close, or until
    /// one second after the process ended (a grandchild that left the group may hold them open).
    func drainOutput() async {
        let abandon: @Sendable () -> Bool = { [self] in
            ending.withLock { $0.map { ContinuousClock.now - $0.at > .seconds(1) } ?? false }
        }
        async let out: Void = DedicatedThread.run(name: "sluice.shell.stdout") { [output, outputDescriptor] in
            output.drain(outputDescriptor, abandon: abandon)
        }
        async let err: Void = DedicatedThread.run(name: "sluice.shell.stderr") { [errors, errorDescriptor] in
            errors.drain(errorDescriptor, abandon: abandon)
        }
        _ = await (out, err)
    }

    /// A pipe whose descriptors are closed on exec (the child gets copies via dup2).
    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw BatchError(.io, "shell: cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}
