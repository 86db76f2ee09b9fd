import Foundation

/// One attempt to run a ``JobInstance``: its parameters, status, timing, job-level context and
/// failures. A restart creates a new execution of the same instance.
public struct JobExecution: Sendable, Hashable, Identifiable {
    /// The repository's id, a positive integer.
    public var id: Int
    /// The instance this execution belongs to.
    public var instanceId: Int
    /// The job name.
    public var jobName: String
    /// The parameters of this execution, secrets masked.
    public var parameters: JobParameters
    /// The lifecycle state; STOPPING records a stop request.
    public var status: BatchStatus
    /// How it ended, or EXECUTING / UNKNOWN while running.
    public var exitStatus: ExitStatus
    /// When the execution was created.
    public var createTime: Date
    /// When it started running.
    public var startTime: Date?
    /// When it ended.
    public var endTime: Date?
    /// The last heartbeat or update; a running execution whose heartbeat is stale is presumed dead.
    public var lastUpdated: Date?
    /// Job-level state shared by steps and carried into a restart.
    public var executionContext: ExecutionContext
    /// Errors that ended the job.
    public var failures: [Failure]
    /// The optimistic-locking version.
    public var version: Int

    /// Creates a job execution record.
    public init(
        id: Int, instanceId: Int, jobName: String, parameters: JobParameters, status: BatchStatus = .starting,
        exitStatus: ExitStatus = .unknown, createTime: Date = Date(), startTime: Date? = nil, endTime: Date? = nil,
        lastUpdated: Date? = nil, executionContext: ExecutionContext = ExecutionContext(), failures: [Failure] = [],
        version: Int = 0
    ) {
        self.id = id
        self.instanceId = instanceId
        self.jobName = jobName
        self.parameters = parameters
        self.status = status
        self.exitStatus = exitStatus
        self.createTime = createTime
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdated = lastUpdated
        self.executionContext = executionContext
        self.failures = failures
        self.version = version
    }
}

extension JobExecution {
    /// The status a full update stores: a stop request (STOPPING, which does not bump the version)
    /// survives an update from a runner that still thinks the execution is STARTING or STARTED.
    /// Every repository applies this rule in `updateJobExecution`.
    public static func mergedStatus(stored: BatchStatus, incoming: BatchStatus) -> BatchStatus {
        stored == .stopping && (incoming == .starting || incoming == .started) ? .stopping : incoming
    }
}
