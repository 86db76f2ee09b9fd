import Foundation
import Logging
import Synchronization

/// Starts, restarts, stops, abandons and recovers job executions, and answers queries about them:
/// the one entry point for running jobs from Swift (the `sluice` CLI is built on it).
///
/// Launch rules (checked atomically by the repository, see ``LaunchRules``): a COMPLETED or
/// ABANDONED instance is refused, an instance with a running execution is refused, a
/// non-restartable job is refused on restart, and a restart whose resume step reached its start
/// limit is refused. Refusals throw ``LaunchRefused`` and create nothing.
public final class JobOperator: Sendable {
    /// Settings shared by every execution this operator runs.
    public struct Configuration: Sendable {
        /// How often a running execution writes a heartbeat (chunk commits write one too).
        public var heartbeatInterval: Duration = .seconds(5)
        /// The logger executions log to; job, execution, step and partition go in its metadata.
        public var logger = Logger(label: "sluice")

        /// The default configuration.
        public init() {}
    }

    /// The repository executions are recorded in.
    public let repository: any JobRepository
    /// The settings.
    public let configuration: Configuration
    private let jobs: Mutex<[String: Job]>

    /// Creates an operator; `jobs` are the jobs `restart(executionId:)` can find by name.
    public init(repository: any JobRepository, jobs: [Job] = [], configuration: Configuration = Configuration()) {
        self.repository = repository
        self.configuration = configuration
        self.jobs = Mutex(Dictionary(jobs.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last }))
    }

    /// Makes a job known for restarts by execution id.
    public func register(_ job: Job) { jobs.withLock { $0[job.name] = job } }

    /// The registered job with a name.
    public func job(named name: String) -> Job? { jobs.withLock { $0[name] } }

    // MARK: Launching

    /// Runs the instance of `job` named by the identifying `parameters` to its end: a new
    /// instance, or a restart of its last execution when that one FAILED or STOPPED. Returns the
    /// final execution. Cancelling the calling task stops the execution gracefully (STOPPED).
    public func start(_ job: Job, parameters: JobParameters = JobParameters()) async throws -> JobExecution {
        try await launch(job, parameters: parameters).result()
    }

    /// Starts the instance and returns at once with a handle to await or stop it.
    public func launch(_ job: Job, parameters: JobParameters = JobParameters()) async throws -> RunningJob {
        register(job)
        try validate(job, parameters)
        let request = LaunchRequest(jobName: job.name, parameters: parameters.masked, restartable: job.restartable)
        try await checkStartLimit(job, instanceKey: request.instanceKey)
        let execution = try await repository.createJobExecution(request)
        return begin(job, execution, parameters: parameters)
    }

    /// Starts a fresh instance with the parameters the job's incrementer derives from the last
    /// instance, laid under `parameters`.
    public func startNextInstance(_ job: Job, parameters: JobParameters = JobParameters()) async throws -> JobExecution {
        try await start(job, parameters: nextInstanceParameters(job, parameters: parameters))
    }

    /// The parameters of the job's next instance: its incrementer applied to the last instance's
    /// identifying parameters, with `parameters` laid over them. Throws a `validation` error for
    /// a job without an incrementer. Use it with ``launch(_:parameters:)`` to get a handle.
    public func nextInstanceParameters(_ job: Job, parameters: JobParameters = JobParameters()) async throws -> JobParameters {
        guard let incrementer = job.incrementer else {
            throw BatchError(.validation, "job '\(job.name)' has no incrementer; cannot start a next instance")
        }
        let last = try await repository.jobInstances(jobName: job.name, offset: 0, limit: 1).first
        var previous: JobParameters?
        if let last, let execution = try await repository.jobExecutions(instanceId: last.id).first {
            previous = execution.parameters
        }
        return incrementer.next(after: previous).identifying.merging(parameters)
    }

    /// Restarts the FAILED or STOPPED execution `id` (which must be its instance's latest) with its
    /// parameters; `parameters` replace non-identifying values, and must re-supply secrets,
    /// which the repository only holds masked.
    public func restart(executionId id: Int, parameters overrides: JobParameters = JobParameters()) async throws -> JobExecution {
        try await launchRestart(executionId: id, parameters: overrides).result()
    }

    /// Like ``restart(executionId:parameters:)`` but returns at once with a handle.
    public func launchRestart(executionId id: Int, parameters overrides: JobParameters = JobParameters()) async throws -> RunningJob {
        guard let previous = try await repository.jobExecution(id: id) else { throw LaunchRefused.noSuchExecution(id: id) }
        guard let job = job(named: previous.jobName) else { throw LaunchRefused.noSuchJob(name: previous.jobName) }
        var parameters = previous.parameters
        for (name, p) in overrides where parameters[name] == nil || !p.identifying || parameters[name]!.secret {
            parameters[name] = p
        }
        try validate(job, parameters)
        var request = LaunchRequest(jobName: job.name, parameters: parameters.masked, restartable: job.restartable, restartOf: id)
        request.instanceKey = JobInstance.key(for: previous.parameters)
        try await checkStartLimit(job, instanceKey: request.instanceKey)
        let execution = try await repository.createJobExecution(request)
        return begin(job, execution, parameters: parameters)
    }

    private func begin(_ job: Job, _ execution: JobExecution, parameters: JobParameters) -> RunningJob {
        let signal = StopSignal()
        let run = JobRun(job: job, execution: execution, parameters: parameters, repository: repository,
                         stopSignal: signal, configuration: configuration)
        // An unstructured task: cancelling the caller must stop the job at a boundary, not
        // cancel its repository calls half-way.
        let task = Task { await run.execute(execution) }
        return RunningJob(execution: execution, stopSignal: signal, task: task)
    }

    private func validate(_ job: Job, _ parameters: JobParameters) throws {
        do { try job.validator?.validate(parameters) } catch { throw LaunchRefused.invalidParameters(error) }
    }

    /// Refuses a restart whose resume step (the first step of the last execution that did not
    /// complete; for a partitioned step, its manager) has reached its start limit.
    private func checkStartLimit(_ job: Job, instanceKey: String) async throws {
        guard let instance = try await repository.jobInstance(jobName: job.name, key: instanceKey),
              let last = try await repository.jobExecutions(instanceId: instance.id).first,
              last.status.isRestartable
        else { return }
        let steps = try await repository.stepExecutions(jobExecutionId: last.id)
        guard let resume = steps.first(where: { $0.status != .completed && !$0.stepName.contains(":") }), let step = job.step(named: resume.stepName),
              step.startLimit != .max
        else { return }
        let starts = try await repository.stepExecutionCount(instanceId: instance.id, stepName: resume.stepName)
        if starts >= step.startLimit { throw LaunchRefused.startLimitReached(step: resume.stepName, limit: step.startLimit) }
    }

    // MARK: Control

    /// Asks a running execution to stop, through the repository, so it works across processes:
    /// the execution becomes STOPPING and ends STOPPED at its next chunk or tasklet boundary.
    @discardableResult
    public func stop(executionId id: Int) async throws -> JobExecution {
        try await repository.requestStop(jobExecutionId: id)
    }

    /// Marks a FAILED or STOPPED execution ABANDONED, so its instance is never restarted.
    /// A running execution cannot be abandoned.
    @discardableResult
    public func abandon(executionId id: Int) async throws -> JobExecution {
        guard var execution = try await repository.jobExecution(id: id) else { throw LaunchRefused.noSuchExecution(id: id) }
        guard !execution.status.isRunning else { throw LaunchRefused.alreadyRunning(executionId: id) }
        execution.status = .abandoned
        execution.exitStatus = ExitStatus("ABANDONED")
        execution.endTime = execution.endTime ?? Date()
        return try await repository.updateJobExecution(execution)
    }

    /// Marks running executions whose heartbeat is older than `staleAfter` FAILED (and their
    /// running steps FAILED), so they can be restarted after their process died. Returns them.
    public func recover(staleAfter: Duration = .seconds(300)) async throws -> [JobExecution] {
        let cutoff = Date().addingTimeInterval(-staleAfter.seconds)
        let stale = try await repository.jobExecutions(
            matching: ExecutionQuery(statuses: [.starting, .started, .stopping], lastUpdatedBefore: cutoff, limit: .max))
        var recovered: [JobExecution] = []
        for var execution in stale {
            for var step in try await repository.stepExecutions(jobExecutionId: execution.id) where step.status.isRunning {
                step.status = .failed
                step.exitStatus = ExitStatus.failed.describing("process died (recovered)")
                step.endTime = Date()
                _ = try await repository.updateStepExecution(step)
            }
            execution.status = .failed
            execution.exitStatus = ExitStatus.failed.describing("no heartbeat since \(execution.lastUpdated.map(Timestamps.format) ?? "start"); marked FAILED by recover")
            execution.endTime = Date()
            do {
                recovered.append(try await repository.updateJobExecution(execution))
            } catch JobRepositoryError.optimisticLockFailure {
                continue  // it came back to life, or another recover got there first
            }
        }
        return recovered
    }

    // MARK: Queries

    /// The names of jobs with recorded instances.
    public func jobNames() async throws -> [String] { try await repository.jobNames() }
    /// A job's instances, newest first.
    public func jobInstances(jobName: String, offset: Int = 0, limit: Int = 100) async throws -> [JobInstance] {
        try await repository.jobInstances(jobName: jobName, offset: offset, limit: limit)
    }
    /// An instance's executions, newest first.
    public func jobExecutions(instanceId: Int) async throws -> [JobExecution] { try await repository.jobExecutions(instanceId: instanceId) }
    /// An execution by id.
    public func jobExecution(id: Int) async throws -> JobExecution? { try await repository.jobExecution(id: id) }
    /// Executions matching a query, newest first.
    public func jobExecutions(matching query: ExecutionQuery) async throws -> [JobExecution] {
        try await repository.jobExecutions(matching: query)
    }
    /// Running executions, optionally of one job.
    public func runningExecutions(jobName: String? = nil) async throws -> [JobExecution] {
        try await repository.jobExecutions(matching: .running(jobName: jobName))
    }
    /// The step executions of an execution, in order.
    public func stepExecutions(executionId: Int) async throws -> [StepExecution] {
        try await repository.stepExecutions(jobExecutionId: executionId)
    }
}

/// A job execution started by ``JobOperator/launch(_:parameters:)``.
public struct RunningJob: Sendable {
    /// The execution as created (STARTING), with its id.
    public let execution: JobExecution
    let stopSignal: StopSignal
    let task: Task<JobExecution, Never>

    /// Waits for the execution to end and returns it. Cancelling the waiting task stops the
    /// execution gracefully at its next boundary (STOPPED, restartable).
    public func result() async -> JobExecution {
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            stopSignal.request()
        }
    }

    /// Asks this execution to stop at its next boundary, without going through the repository.
    public func stop() { stopSignal.request() }
}
