import Foundation

/// A ``JobRepository`` that keeps everything in memory, for tests, examples and jobs that need no
/// restart across processes.
///
/// Every record lives in a dictionary keyed by its id (with small per-instance and per-execution
/// id lists for the queries), so a chunk commit costs O(1). Being an actor, each method runs
/// without interleaving: a launch checks ``LaunchRules`` and inserts in one step, so of N
/// concurrent launches of one instance at most one succeeds. Ids are assigned from 1 upward per
/// kind of record. It has no database, so it never joins a writer's transaction.
public actor InMemoryJobRepository: JobRepository {
    private struct InstanceIdentity: Hashable {
        var jobName: String
        var key: String
    }

    private var instances: [Int: JobInstance] = [:]
    private var instanceIds: [InstanceIdentity: Int] = [:]
    private var jobExecutionsById: [Int: JobExecution] = [:]
    /// The execution ids of each instance, ascending (ids only grow, so appending keeps the order).
    private var executionIdsByInstance: [Int: [Int]] = [:]
    private var stepExecutionsById: [Int: StepExecution] = [:]
    /// The step execution ids of each job execution, ascending.
    private var stepIdsByJobExecution: [Int: [Int]] = [:]
    private var nextInstanceId = 1
    private var nextJobExecutionId = 1
    private var nextStepExecutionId = 1

    /// Creates an empty repository.
    public init() {}

    // MARK: Launch

    /// Applies ``LaunchRules`` and creates the instance (if new) and a STARTING execution that
    /// carries the previous execution's job context; `restartOf` must name an execution of the
    /// same instance, else the launch is refused with ``LaunchRefused/noSuchExecution(id:)``.
    public func createJobExecution(_ request: LaunchRequest) async throws -> JobExecution {
        let identity = InstanceIdentity(jobName: request.jobName, key: request.instanceKey)
        let instanceId = instanceIds[identity]
        let latest = instanceId.flatMap { executionIdsByInstance[$0]?.last }.flatMap { jobExecutionsById[$0] }
        if let restartOf = request.restartOf {
            // The execution to restart must exist and belong to the requested instance.
            guard let target = jobExecutionsById[restartOf], target.instanceId == instanceId else {
                throw LaunchRefused.noSuchExecution(id: restartOf)
            }
        }
        try LaunchRules.check(request, instanceId: instanceId, latest: latest)

        let now = Date()
        let resolvedInstanceId: Int
        if let instanceId {
            resolvedInstanceId = instanceId
        } else {
            resolvedInstanceId = nextInstanceId
            nextInstanceId += 1
            instances[resolvedInstanceId] = JobInstance(id: resolvedInstanceId, jobName: request.jobName, key: request.instanceKey)
            instanceIds[identity] = resolvedInstanceId
        }
        let execution = JobExecution(
            id: nextJobExecutionId, instanceId: resolvedInstanceId, jobName: request.jobName,
            parameters: request.parameters, status: .starting, exitStatus: .unknown, createTime: now,
            lastUpdated: now, executionContext: latest?.executionContext ?? ExecutionContext(), version: 0
        )
        nextJobExecutionId += 1
        jobExecutionsById[execution.id] = execution
        executionIdsByInstance[resolvedInstanceId, default: []].append(execution.id)
        return execution
    }

    // MARK: Updates

    /// Stores the execution. Its id, instance, job name, parameters and create time are fixed at
    /// creation; the stored ones are kept whatever the argument says.
    public func updateJobExecution(_ execution: JobExecution) async throws -> JobExecution {
        guard let stored = jobExecutionsById[execution.id] else {
            throw JobRepositoryError.notFound("job execution", id: execution.id)
        }
        guard stored.version == execution.version else {
            throw JobRepositoryError.optimisticLockFailure("job execution", id: execution.id)
        }
        var updated = execution
        updated.instanceId = stored.instanceId
        updated.jobName = stored.jobName
        updated.parameters = stored.parameters
        updated.createTime = stored.createTime
        updated.status = JobExecution.mergedStatus(stored: stored.status, incoming: execution.status)
        updated.version = stored.version + 1
        updated.lastUpdated = Date()
        jobExecutionsById[execution.id] = updated
        return updated
    }

    /// Stamps `lastUpdated` (no version change) and returns the stored status.
    public func heartbeat(jobExecutionId: Int) async throws -> BatchStatus {
        guard var stored = jobExecutionsById[jobExecutionId] else {
            throw JobRepositoryError.notFound("job execution", id: jobExecutionId)
        }
        stored.lastUpdated = Date()
        jobExecutionsById[jobExecutionId] = stored
        return stored.status
    }

    /// Turns STARTING or STARTED into STOPPING (no version change); STOPPING stays as it is.
    public func requestStop(jobExecutionId: Int) async throws -> JobExecution {
        guard var stored = jobExecutionsById[jobExecutionId] else {
            throw JobRepositoryError.notFound("job execution", id: jobExecutionId)
        }
        switch stored.status {
        case .starting, .started:
            stored.status = .stopping
            jobExecutionsById[jobExecutionId] = stored
            return stored
        case .stopping:
            return stored
        case .stopped, .completed, .failed, .abandoned, .unknown:
            throw JobRepositoryError.notRunning(id: jobExecutionId, status: stored.status)
        }
    }

    /// Stores a new step execution with the next id and version 0; its job execution must exist.
    public func createStepExecution(_ execution: StepExecution) async throws -> StepExecution {
        guard jobExecutionsById[execution.jobExecutionId] != nil else {
            throw JobRepositoryError.notFound("job execution", id: execution.jobExecutionId)
        }
        var created = execution
        created.id = nextStepExecutionId
        nextStepExecutionId += 1
        created.version = 0
        created.lastUpdated = Date()
        stepExecutionsById[created.id] = created
        stepIdsByJobExecution[created.jobExecutionId, default: []].append(created.id)
        return created
    }

    /// Stores the step execution. Its id, job execution and name are fixed at creation.
    public func updateStepExecution(_ execution: StepExecution) async throws -> StepExecution {
        _ = try store(execution)
        return stepExecutionsById[execution.id]!
    }

    /// Always false: an in-memory repository has no database to share a transaction with.
    public nonisolated func canParticipate(in transaction: any Transaction) -> Bool { false }

    /// Stores the step execution like ``updateStepExecution(_:)`` and records the job execution's
    /// heartbeat. The transaction is ignored (see ``canParticipate(in:)``).
    public func commitChunk(_ execution: StepExecution, in transaction: (any Transaction)?) async throws -> ChunkCommitResult {
        // The hot path of every chunk: index-based access reads and writes records in place,
        // copying none of them.
        let (version, jobExecutionId, now) = try store(execution)
        guard let job = jobExecutionsById.index(forKey: jobExecutionId) else {
            // Unreachable while step executions are only created for existing job executions
            // (and purged with them); reported rather than assumed.
            throw JobRepositoryError.notFound("job execution", id: jobExecutionId)
        }
        jobExecutionsById.values[job].lastUpdated = now
        return ChunkCommitResult(version: version, jobStatus: jobExecutionsById.values[job].status)
    }

    /// The optimistic-locked full update shared by ``updateStepExecution(_:)`` and ``commitChunk(_:in:)``.
    private func store(_ execution: StepExecution) throws -> (version: Int, jobExecutionId: Int, now: Date) {
        guard let index = stepExecutionsById.index(forKey: execution.id) else {
            throw JobRepositoryError.notFound("step execution", id: execution.id)
        }
        let storedVersion = stepExecutionsById.values[index].version
        guard storedVersion == execution.version else {
            throw JobRepositoryError.optimisticLockFailure("step execution", id: execution.id)
        }
        let now = Date()
        let jobExecutionId = stepExecutionsById.values[index].jobExecutionId
        var updated = execution
        updated.jobExecutionId = jobExecutionId
        updated.stepName = stepExecutionsById.values[index].stepName
        updated.version = storedVersion + 1
        updated.lastUpdated = now
        stepExecutionsById.values[index] = updated
        return (storedVersion + 1, jobExecutionId, now)
    }

    // MARK: Queries

    /// The names of all jobs that have instances, sorted.
    public func jobNames() async throws -> [String] {
        Set(instances.values.map(\.jobName)).sorted()
    }

    /// The instances of a job, highest id first, paged.
    public func jobInstances(jobName: String, offset: Int, limit: Int) async throws -> [JobInstance] {
        page(instances.values.filter { $0.jobName == jobName }.sorted { $0.id > $1.id }, offset: offset, limit: limit)
    }

    /// The instance with an id.
    public func jobInstance(id: Int) async throws -> JobInstance? { instances[id] }

    /// The instance of a job with an instance key.
    public func jobInstance(jobName: String, key: String) async throws -> JobInstance? {
        instanceIds[InstanceIdentity(jobName: jobName, key: key)].flatMap { instances[$0] }
    }

    /// The execution with an id.
    public func jobExecution(id: Int) async throws -> JobExecution? { jobExecutionsById[id] }

    /// The executions of an instance, highest id first.
    public func jobExecutions(instanceId: Int) async throws -> [JobExecution] {
        (executionIdsByInstance[instanceId] ?? []).reversed().compactMap { jobExecutionsById[$0] }
    }

    /// Executions filtered by job name, status and heartbeat age, highest id first, paged.
    public func jobExecutions(matching query: ExecutionQuery) async throws -> [JobExecution] {
        let matching = jobExecutionsById.values.filter { e in
            if let name = query.jobName, e.jobName != name { return false }
            if !query.statuses.isEmpty, !query.statuses.contains(e.status) { return false }
            if let before = query.lastUpdatedBefore, !((e.lastUpdated ?? e.createTime) < before) { return false }
            return true
        }
        return page(matching.sorted { $0.id > $1.id }, offset: query.offset, limit: query.limit)
    }

    /// The step executions of a job execution, in creation order.
    public func stepExecutions(jobExecutionId: Int) async throws -> [StepExecution] {
        (stepIdsByJobExecution[jobExecutionId] ?? []).compactMap { stepExecutionsById[$0] }
    }

    /// The step execution with an id.
    public func stepExecution(id: Int) async throws -> StepExecution? { stepExecutionsById[id] }

    /// The step execution named `stepName` with the highest id among the instance's executions.
    public func lastStepExecution(instanceId: Int, stepName: String) async throws -> StepExecution? {
        steps(ofInstance: instanceId, named: stepName).max { $0.id < $1.id }
    }

    /// How many step executions named `stepName` the instance's executions have.
    public func stepExecutionCount(instanceId: Int, stepName: String) async throws -> Int {
        steps(ofInstance: instanceId, named: stepName).count
    }

    private func steps(ofInstance instanceId: Int, named stepName: String) -> [StepExecution] {
        (executionIdsByInstance[instanceId] ?? []).flatMap { executionId in
            (stepIdsByJobExecution[executionId] ?? []).compactMap { stepExecutionsById[$0] }.filter { $0.stepName == stepName }
        }
    }

    private func page<T>(_ items: [T], offset: Int, limit: Int) -> [T] {
        let start = min(max(0, offset), items.count)
        let end = start + min(max(0, limit), items.count - start)
        return Array(items[start..<end])
    }

    // MARK: Maintenance

    /// Deletes finished executions that ended before `date`, their step executions, and the
    /// instances left without executions; returns how many job executions were deleted.
    public func purge(endedBefore date: Date) async throws -> Int {
        let doomed = jobExecutionsById.values.filter { e in
            guard !e.status.isRunning, let end = e.endTime else { return false }
            return end < date
        }
        var touchedInstances = Set<Int>()
        for execution in doomed {
            jobExecutionsById[execution.id] = nil
            for stepId in stepIdsByJobExecution.removeValue(forKey: execution.id) ?? [] {
                stepExecutionsById[stepId] = nil
            }
            executionIdsByInstance[execution.instanceId]?.removeAll { $0 == execution.id }
            touchedInstances.insert(execution.instanceId)
        }
        for instanceId in touchedInstances where executionIdsByInstance[instanceId]?.isEmpty ?? true {
            executionIdsByInstance[instanceId] = nil
            if let instance = instances.removeValue(forKey: instanceId) {
                instanceIds[InstanceIdentity(jobName: instance.jobName, key: instance.key)] = nil
            }
        }
        return doomed.count
    }
}
