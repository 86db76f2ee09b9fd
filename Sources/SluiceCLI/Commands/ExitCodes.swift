import Sluice

/// The tool's exit codes (contract section 1).
enum ExitCodes {
    /// The execution COMPLETED, or the command succeeded.
    static let success: Int32 = 0
    /// The execution FAILED, or the command failed (for example, the repository is unreachable).
    static let failed: Int32 = 1
    /// A usage error or an invalid job definition; nothing was started.
    static let usage: Int32 = 2
    /// The execution STOPPED (restartable).
    static let stopped: Int32 = 3
    /// Refused: instance already complete, already running, not restartable, start limit reached.
    static let refused: Int32 = 4
    /// Aborted by a second interrupt; the execution is left running in the repository.
    static let aborted: Int32 = 130

    /// The exit code for an execution's final status.
    static func of(_ status: BatchStatus) -> Int32 {
        switch status {
        case .completed: success
        case .stopped: stopped
        case .failed, .abandoned, .unknown, .starting, .started, .stopping: failed
        }
    }
}
