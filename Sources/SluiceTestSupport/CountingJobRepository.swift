import Foundation
import Sluice
import Synchronization

/// A ``JobRepository`` that forwards every call to another repository and counts the calls by
/// method name, so tests and benchmarks can assert how many repository round trips a run made
/// (for example exactly one `commitChunk` per chunk).
///
/// Counts are keyed by the method's base name: `createJobExecution`, `updateJobExecution`,
/// `heartbeat`, `requestStop`, `createStepExecution`, `updateStepExecution`, `canParticipate`,
/// `commitChunk`, `jobNames`, `jobInstances`, `jobInstance`, `jobExecution`, `jobExecutions`,
/// `stepExecutions`, `stepExecution`, `lastStepExecution`, `stepExecutionCount` and `purge`.
/// Overloads share a name (`jobInstance(id:)` and `jobInstance(jobName:key:)` both count as
/// `jobInstance`). A call is counted when it is made, whether or not it then throws.
public final class CountingJobRepository: JobRepository {
    /// The repository every call is forwarded to.
    public let base: any JobRepository
    private let callCounts = Mutex<[String: Int]>([:])
    private let participation: (@Sendable (any Transaction) -> Bool)?
    private let commitChunkHook: (@Sendable (StepExecution, (any Transaction)?) async throws -> Void)?

    /// Wraps a repository; all counts start at zero.
    ///
    /// - Parameters:
    ///   - participation: Answers ``canParticipate(in:)`` instead of `base`, so engine tests can
    ///     take the path where the checkpoint commits in the chunk's transaction.
    ///   - commitChunkHook: Runs before each forwarded `commitChunk`; what it throws fails that
    ///     commit (tests inject failures and record the order of commits with it).
    public init(wrapping base: any JobRepository, participation: (@Sendable (any Transaction) -> Bool)? = nil,
                commitChunkHook: (@Sendable (StepExecution, (any Transaction)?) async throws -> Void)? = nil) {
        self.base = base
        self.participation = participation
        self.commitChunkHook = commitChunkHook
    }

    /// How many times the method with this base name was called since creation or ``reset()``.
    public func count(_ method: String) -> Int {
        callCounts.withLock { $0[method, default: 0] }
    }

    /// Every method called so far with its call count (methods never called are absent).
    public var counts: [String: Int] {
        callCounts.withLock { $0 }
    }

    /// Sets every count back to zero.
    public func reset() {
        callCounts.withLock { $0.removeAll() }
    }

    private func record(_ method: String) {
        callCounts.withLock { $0[method, default: 0] += 1 }
    }

    // MARK: Forwarding

    /// Counts `createJobExecution` and forwards.
    public func createJobExecution(_ request: LaunchRequest) async throws -> JobExecution {
        record("createJobExecution")
        return try await base.createJobExecution(request)
    }

    /// Counts `updateJobExecution` and forwards.
    public func updateJobExecution(_ execution: JobExecution) async throws -> JobExecution {
        record("updateJobExecution")
        return try await base.updateJobExecution(execution)
    }

    /// Counts `heartbeat` and forwards.
    public func heartbeat(jobExecutionId: Int) async throws -> BatchStatus {
        record("heartbeat")
        return try await base.heartbeat(jobExecutionId: jobExecutionId)
    }

    /// Counts `requestStop` and forwards.
    public func requestStop(jobExecutionId: Int) async throws -> JobExecution {
        record("requestStop")
        return try await base.requestStop(jobExecutionId: jobExecutionId)
    }

    /// Counts `createStepExecution` and forwards.
    public func createStepExecution(_ execution: StepExecution) async throws -> StepExecution {
        record("createStepExecution")
        return try await base.createStepExecution(execution)
    }

    /// Counts `updateStepExecution` and forwards.
    public func updateStepExecution(_ execution: StepExecution) async throws -> StepExecution {
        record("updateStepExecution")
        return try await base.updateStepExecution(execution)
    }

    /// Counts `canParticipate` and forwards.
    public func canParticipate(in transaction: any Transaction) -> Bool {
        record("canParticipate")
        return participation?(transaction) ?? base.canParticipate(in: transaction)
    }

    /// Counts `commitChunk` and forwards.
    public func commitChunk(_ execution: StepExecution, in transaction: (any Transaction)?) async throws -> ChunkCommitResult {
        record("commitChunk")
        try await commitChunkHook?(execution, transaction)
        return try await base.commitChunk(execution, in: transaction)
    }

    /// Counts `jobNames` and forwards.
    public func jobNames() async throws -> [String] {
        record("jobNames")
        return try await base.jobNames()
    }

    /// Counts `jobInstances` and forwards.
    public func jobInstances(jobName: String, offset: Int, limit: Int) async throws -> [JobInstance] {
        record("jobInstances")
        return try await base.jobInstances(jobName: jobName, offset: offset, limit: limit)
    }

    /// Counts `jobInstance` and forwards.
    public func jobInstance(id: Int) async throws -> JobInstance? {
        record("jobInstance")
        return try await base.jobInstance(id: id)
    }

    /// Counts `jobInstance` and forwards.
    public func jobInstance(jobName: String, key: String) async throws -> JobInstance? {
        record("jobInstance")
        return try await base.jobInstance(jobName: jobName, key: key)
    }

    /// Counts `jobExecution` and forwards.
    public func jobExecution(id: Int) async throws -> JobExecution? {
        record("jobExecution")
        return try await base.jobExecution(id: id)
    }

    /// Counts `jobExecutions` and forwards.
    public func jobExecutions(instanceId: Int) async throws -> [JobExecution] {
        record("jobExecutions")
        return try await base.jobExecutions(instanceId: instanceId)
    }

    /// Counts `jobExecutions` and forwards.
    public func jobExecutions(matching query: ExecutionQuery) async throws -> [JobExecution] {
        record("jobExecutions")
        return try await base.jobExecutions(matching: query)
    }

    /// Counts `stepExecutions` and forwards.
    public func stepExecutions(jobExecutionId: Int) async throws -> [StepExecution] {
        record("stepExecutions")
        return try await base.stepExecutions(jobExecutionId: jobExecutionId)
    }

    /// Counts `stepExecution` and forwards.
    public func stepExecution(id: Int) async throws -> StepExecution? {
        record("stepExecution")
        return try await base.stepExecution(id: id)
    }

    /// Counts `lastStepExecution` and forwards.
    public func lastStepExecution(instanceId: Int, stepName: String) async throws -> StepExecution? {
        record("lastStepExecution")
        return try await base.lastStepExecution(instanceId: instanceId, stepName: stepName)
    }

    /// Counts `stepExecutionCount` and forwards.
    public func stepExecutionCount(instanceId: Int, stepName: String) async throws -> Int {
        record("stepExecutionCount")
        return try await base.stepExecutionCount(instanceId: instanceId, stepName: stepName)
    }

    /// Counts `purge` and forwards.
    public func purge(endedBefore date: Date) async throws -> Int {
        record("purge")
        return try await base.purge(endedBefore: date)
    }
}
