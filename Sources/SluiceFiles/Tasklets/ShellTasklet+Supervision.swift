#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sluice

extension ShellTasklet {
    /// Why a command was terminated before it ended by itself.
    enum Interruption: Sendable, Hashable {
        /// The timeout passed.
        case timedOut
        /// The step's stop signal was raised.
        case stopped
        /// The task was cancelled.
        case cancelled
    }

    /// Waits for the child to be reaped, terminating its process group (SIGTERM, then SIGKILL
    /// after the grace period) when the timeout passes, the step is stopped or the task is
    /// cancelled; returns why it was terminated, if it was.
    func supervise(_ child: ChildProcess) async -> Interruption? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var interruption: Interruption?
        var terminatedAt: ContinuousClock.Instant?
        var killed = false
        while child.termination == nil {
            if let terminatedAt {
                if !killed, ContinuousClock.now - terminatedAt >= gracePeriod {
                    child.signalGroup(SIGKILL)
                    killed = true
                }
            } else if let reason = pendingInterruption(deadline: deadline) {
                interruption = reason
                terminatedAt = .now
                child.signalGroup(SIGTERM)
            }
            await StopPolling.pause(.milliseconds(20))
        }
        return interruption
    }

    private func pendingInterruption(deadline: ContinuousClock.Instant?) -> Interruption? {
        switch StopPolling.interruption(stopSignal) {
        case .cancelled: return .cancelled
        case .stopped: return .stopped
        case .elapsed, nil: break
        }
        if let deadline, ContinuousClock.now >= deadline { return .timedOut }
        return nil
    }

    /// The tasklet's result for a command that ended: finished, continuable (stopped), or an error.
    func outcome(_ termination: ChildProcess.Termination, _ interruption: Interruption?, _ child: ChildProcess) throws -> RepeatStatus {
        switch interruption {
        case .cancelled: throw CancellationError()
        case .stopped: return .continuable
        case .timedOut:
            let limit = timeout.map { "\($0)" } ?? "its timeout"
            throw BatchError(.timeout, "shell: command `\(command)` timed out after \(limit) and was terminated"
                + Self.tails(child))
        case nil:
            guard termination.exitCode != 0 else { return .finished }
            throw BatchError(Self.commandFailedCategory, "shell: command `\(command)` \(Self.describe(termination))" + Self.tails(child))
        }
    }

    private static func describe(_ termination: ChildProcess.Termination) -> String {
        switch termination {
        case .exited(let status): "exited with status \(status)"
        case .signalled(let signal): "was killed by signal \(signal)"
        }
    }

    /// The non-empty output tails, for error messages.
    private static func tails(_ child: ChildProcess) -> String {
        var text = ""
        let errors = child.errors.text
        let output = child.output.text
        if !errors.isEmpty { text += "\n--- stderr (last \(child.errors.limit) bytes) ---\n" + errors }
        if !output.isEmpty { text += "\n--- stdout (last \(child.output.limit) bytes) ---\n" + output }
        return text
    }

    /// The absolute path of `program`: as given when it holds a `/` (relative ones under
    /// `directory`), else the first executable match in `searchPath`. Not found, or a missing
    /// working directory, is an `io` error.
    static func locate(_ program: String, searchPath: String?, directory: String) async throws -> String {
        try await BlockingIO.run {
            var info = stat()
            guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw BatchError(.io, "shell: working directory \(directory) does not exist or is not a directory")
            }
            if program.contains("/") {
                let path = program.hasPrefix("/") ? program : directory + "/" + program
                guard isExecutableFile(path) else { throw BatchError(.io, "shell: \(path) is not an executable file") }
                return path
            }
            let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
            for entry in directories {
                let base = entry.isEmpty ? directory : (entry.hasPrefix("/") ? String(entry) : directory + "/" + entry)
                let candidate = base + "/" + program
                if isExecutableFile(candidate) { return candidate }
            }
            throw BatchError(.io, "shell: command '\(program)' not found in PATH")
        }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}
