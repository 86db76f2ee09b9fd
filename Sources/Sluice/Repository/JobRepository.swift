import Foundation

/// Stores job instances, executions, step executions and their contexts: the record of every
/// run, and the checkpoints restarts resume from.
///
/// The protocol is shaped for SQL: launches are atomic (``createJobExecution(_:)`` checks the
/// launch rules and inserts in one step), full updates use optimistic locking by `version`, and a
/// chunk commit is exactly one call (``commitChunk(_:in:)``) that stores counters, step context
/// and heartbeat together, inside the writer's transaction when both share a database.
/// ``InMemoryJobRepository`` implements it; `RepositoryContract` (in `SluiceTestSupport`) is the
/// test suite every implementation must pass.
public protocol JobRepository: Sendable {
    // MARK: Launch

    /// Atomically applies the launch rules (``LaunchRules``) to the instance named by the request
    /// and, if they allow it, creates the instance (when new) and a STARTING execution. Of N
    /// concurrent calls for the same instance, at most one succeeds; the others throw
    /// ``LaunchRefused``. A restart's execution starts with the previous execution's job context.
    func createJobExecution(_ request: LaunchRequest) async throws -> JobExecution

    // MARK: Updates

    /// Stores a whole job execution. Throws ``JobRepositoryError/optimisticLockFailure(_:id:)``
    /// when its `version` is not the stored one; returns it with the new version. The instance,
    /// job name, parameters and create time never change; a stored STOPPING status is kept when
    /// the update says STARTING or STARTED (``JobExecution/mergedStatus(stored:incoming:)``).
    func updateJobExecution(_ execution: JobExecution) async throws -> JobExecution

    /// Records that a running execution is alive (sets `lastUpdated`, no version change) and
    /// returns its stored status, so the runner notices a stop request (STOPPING).
    func heartbeat(jobExecutionId: Int) async throws -> BatchStatus

    /// Marks a STARTING or STARTED execution STOPPING (no version change); the runner stops at its
    /// next boundary. Throws ``JobRepositoryError/notRunning(id:status:)`` otherwise.
    func requestStop(jobExecutionId: Int) async throws -> JobExecution

    /// Stores a new step execution and returns it with its id.
    func createStepExecution(_ execution: StepExecution) async throws -> StepExecution

    /// Stores a whole step execution, with optimistic locking like ``updateJobExecution(_:)``.
    func updateStepExecution(_ execution: StepExecution) async throws -> StepExecution

    /// Whether `transaction` is on this repository's own database, so that a chunk checkpoint can
    /// be written inside it (making "items written" and "checkpoint advanced" one commit). No I/O.
    func canParticipate(in transaction: any Transaction) -> Bool

    /// The one call per chunk commit: stores the step's counters, context and status, and the job
    /// execution's heartbeat, with optimistic locking. With a transaction it writes inside it
    /// (only when ``canParticipate(in:)`` said so); without one it commits on its own.
    func commitChunk(_ execution: StepExecution, in transaction: (any Transaction)?) async throws -> ChunkCommitResult

    // MARK: Queries

    /// The names of all jobs that have instances, sorted.
    func jobNames() async throws -> [String]
    /// The instances of a job, newest first.
    func jobInstances(jobName: String, offset: Int, limit: Int) async throws -> [JobInstance]
    /// The instance with an id.
    func jobInstance(id: Int) async throws -> JobInstance?
    /// The instance of a job with the given instance key (see ``JobInstance/key(for:)``).
    func jobInstance(jobName: String, key: String) async throws -> JobInstance?
    /// The execution with an id.
    func jobExecution(id: Int) async throws -> JobExecution?
    /// The executions of an instance, newest first.
    func jobExecutions(instanceId: Int) async throws -> [JobExecution]
    /// Executions across instances, newest first, filtered and paged.
    func jobExecutions(matching query: ExecutionQuery) async throws -> [JobExecution]
    /// The step executions of a job execution, in creation order.
    func stepExecutions(jobExecutionId: Int) async throws -> [StepExecution]
    /// The step execution with an id.
    func stepExecution(id: Int) async throws -> StepExecution?
    /// The newest step execution named `stepName` in any execution of the instance.
    func lastStepExecution(instanceId: Int, stepName: String) async throws -> StepExecution?
    /// How many times a step was started across the executions of an instance.
    func stepExecutionCount(instanceId: Int, stepName: String) async throws -> Int

    // MARK: Maintenance

    /// Deletes finished executions that ended before `date` (with their steps and contexts), and
    /// instances left without executions. Never touches running executions. Returns how many
    /// job executions were deleted.
    func purge(endedBefore date: Date) async throws -> Int
}

/// What a chunk commit returns to the runner.
public struct ChunkCommitResult: Sendable, Hashable {
    /// The step execution's new version.
    public var version: Int
    /// The job execution's stored status: STOPPING means a stop was requested.
    public var jobStatus: BatchStatus

    /// Creates a result.
    public init(version: Int, jobStatus: BatchStatus) {
        self.version = version
        self.jobStatus = jobStatus
    }
}

/// A filter for ``JobRepository/jobExecutions(matching:)``.
public struct ExecutionQuery: Sendable, Hashable {
    /// Only executions of this job.
    public var jobName: String?
    /// Only executions with one of these statuses (empty: any).
    public var statuses: Set<BatchStatus>
    /// Only executions whose heartbeat (`lastUpdated`, else `createTime`) is older than this.
    public var lastUpdatedBefore: Date?
    /// Executions to skip, for paging.
    public var offset: Int
    /// The page size.
    public var limit: Int

    /// Creates a query.
    public init(jobName: String? = nil, statuses: Set<BatchStatus> = [], lastUpdatedBefore: Date? = nil,
                offset: Int = 0, limit: Int = 100) {
        self.jobName = jobName
        self.statuses = statuses
        self.lastUpdatedBefore = lastUpdatedBefore
        self.offset = offset
        self.limit = limit
    }

    /// Running executions (STARTING, STARTED, STOPPING), optionally of one job.
    public static func running(jobName: String? = nil, limit: Int = 1000) -> ExecutionQuery {
        ExecutionQuery(jobName: jobName, statuses: [.starting, .started, .stopping], limit: limit)
    }
}

/// Repository failures that are not launch refusals.
public enum JobRepositoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another writer updated the record since it was read.
    case optimisticLockFailure(_ entity: String, id: Int)
    /// No record with that id.
    case notFound(_ entity: String, id: Int)
    /// The execution is not running (for stop requests).
    case notRunning(id: Int, status: BatchStatus)

    public var description: String {
        switch self {
        case .optimisticLockFailure(let entity, let id):
            "\(entity) \(id) was updated by another process since it was read (optimistic lock)"
        case .notFound(let entity, let id): "no \(entity) with id \(id)"
        case .notRunning(let id, let status): "job execution \(id) is not running (status \(status))"
        }
    }
}
