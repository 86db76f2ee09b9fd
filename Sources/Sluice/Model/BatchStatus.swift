/// The lifecycle state of a job or step execution, as in JSR-352 and Spring Batch.
public enum BatchStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Created, not yet running.
    case starting = "STARTING"
    /// Running.
    case started = "STARTED"
    /// A stop was requested; the execution ends at its next chunk or tasklet boundary.
    case stopping = "STOPPING"
    /// Ended by a stop request; restartable.
    case stopped = "STOPPED"
    /// Finished successfully.
    case completed = "COMPLETED"
    /// Ended by an error; restartable.
    case failed = "FAILED"
    /// Given up by an operator; never restarted.
    case abandoned = "ABANDONED"
    /// The state could not be determined (for example a failed status update).
    case unknown = "UNKNOWN"

    /// Whether an execution in this state may still be doing work.
    public var isRunning: Bool { self == .starting || self == .started || self == .stopping }

    /// Whether an execution that ended in this state may be restarted.
    public var isRestartable: Bool { self == .failed || self == .stopped }

    /// Whether this is a final state.
    public var isFinished: Bool { !isRunning }

    /// The more severe of two statuses, used to aggregate partitions and split flows.
    public func combined(with other: BatchStatus) -> BatchStatus {
        severity >= other.severity ? self : other
    }

    var severity: Int {
        switch self {
        case .completed: 0
        case .starting: 1
        case .started: 2
        case .stopping: 3
        case .stopped: 4
        case .failed: 5
        case .abandoned: 6
        case .unknown: 7
        }
    }

    public var description: String { rawValue }
}
