import Foundation

/// One attempt to run a step within a ``JobExecution``: its status, counters, saved context and
/// failures. Partition workers are step executions named `STEP:PARTITION`.
public struct StepExecution: Sendable, Hashable, Identifiable {
    /// The repository's id, a positive integer (0 before it is stored).
    public var id: Int
    /// The job execution this step ran in.
    public var jobExecutionId: Int
    /// The step name (`STEP:PARTITION` for a partition worker).
    public var stepName: String
    /// The lifecycle state.
    public var status: BatchStatus
    /// How it ended, or EXECUTING while running.
    public var exitStatus: ExitStatus
    /// Item and transaction counters as of the last commit.
    public var counters: StepCounters
    /// The step's restart state, as of the last commit.
    public var executionContext: ExecutionContext
    /// When the step started.
    public var startTime: Date?
    /// When the step ended.
    public var endTime: Date?
    /// When the repository last stored this execution.
    public var lastUpdated: Date?
    /// Errors recorded while running.
    public var failures: [Failure]
    /// The optimistic-locking version: each full update must present the version it read.
    public var version: Int

    /// Creates a step execution record.
    public init(
        id: Int = 0, jobExecutionId: Int, stepName: String, status: BatchStatus = .starting,
        exitStatus: ExitStatus = .executing, counters: StepCounters = StepCounters(),
        executionContext: ExecutionContext = ExecutionContext(), startTime: Date? = nil, endTime: Date? = nil,
        lastUpdated: Date? = nil, failures: [Failure] = [], version: Int = 0
    ) {
        self.id = id
        self.jobExecutionId = jobExecutionId
        self.stepName = stepName
        self.status = status
        self.exitStatus = exitStatus
        self.counters = counters
        self.executionContext = executionContext
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdated = lastUpdated
        self.failures = failures
        self.version = version
    }
}
