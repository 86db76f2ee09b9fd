/// How an execution ended, as a code that flow transitions match against and a free-text description.
///
/// The predefined codes are `COMPLETED`, `FAILED`, `STOPPED`, `NOOP`, `EXECUTING` and `UNKNOWN`;
/// any other string is a custom code (set by a decider, a listener or a tasklet).
public struct ExitStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The code transitions match, for example `COMPLETED` or `COMPLETED WITH SKIPS`.
    public var code: String
    /// A human-readable explanation, typically the error that ended a failed execution.
    public var description: String

    /// Creates an exit status with a code and an optional description.
    public init(_ code: String, description: String = "") {
        self.code = code
        self.description = description
    }

    /// Finished successfully.
    public static let completed = ExitStatus("COMPLETED")
    /// Ended by an error.
    public static let failed = ExitStatus("FAILED")
    /// Ended by a stop request.
    public static let stopped = ExitStatus("STOPPED")
    /// Ran but had nothing to do.
    public static let noop = ExitStatus("NOOP")
    /// Still running.
    public static let executing = ExitStatus("EXECUTING")
    /// Unknown outcome.
    public static let unknown = ExitStatus("UNKNOWN")

    /// The same code with a different description.
    public func describing(_ description: String) -> ExitStatus {
        ExitStatus(code, description: description)
    }

    /// The exit status that corresponds to a batch status.
    public init(_ status: BatchStatus) {
        switch status {
        case .completed: self = .completed
        case .failed: self = .failed
        case .stopped, .stopping: self = .stopped
        case .starting, .started: self = .executing
        case .abandoned: self = ExitStatus("ABANDONED")
        case .unknown: self = .unknown
        }
    }
}
