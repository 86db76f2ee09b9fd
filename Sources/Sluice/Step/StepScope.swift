import Foundation
import Logging

/// What a running step can use from the engine: the repository, the job execution, the stop
/// signal, logging and, for partition managers, a way to run worker steps with the same restart
/// rules as any other step.
public struct StepScope: Sendable {
    let run: JobRun
    /// The partition values when this is a partition worker.
    public let partition: ExecutionContext?
    /// A logger with job, execution and step metadata.
    public let logger: Logger
    /// Whether this execution resumes an earlier, unfinished execution of the step.
    var isResuming = false

    /// The job repository.
    public var repository: any JobRepository { run.repository }
    /// The id of the running job execution.
    public var jobExecutionId: Int { run.executionId }
    /// The job name.
    public var jobName: String { run.job.name }
    /// The job parameters, with real secret values.
    public var jobParameters: JobParameters { run.parameters }
    /// The signal that asks the step to stop at its next boundary.
    public var stopSignal: StopSignal { run.stopSignal }
    /// The interval at which long-running steps should report liveness.
    public var heartbeatInterval: Duration { run.configuration.heartbeatInterval }
    /// Metric recording for this job.
    var metrics: SluiceMetrics { run.metrics }

    /// The component factory's view of `execution`.
    public func context(for execution: StepExecution) -> StepContext {
        StepContext(
            stepName: execution.stepName, stepExecutionId: execution.id, jobExecutionId: run.executionId,
            jobInstanceId: run.instanceId,
            jobName: run.job.name, jobParameters: run.parameters, jobExecutionContext: run.jobContext,
            stepExecutionContext: execution.executionContext, isResuming: isResuming, partition: partition, logger: logger,
            stopSignal: run.stopSignal)
    }

    /// Adds entries to the job execution context (saved when the job ends, visible to later steps
    /// and decisions, and carried into a restart).
    public func promoteToJobContext(_ entries: ExecutionContext) {
        run.promote(entries)
    }

    /// Runs `step` as a worker named `name` with its own context and components, applying the
    /// same restart rules as any step: a worker that completed in an earlier execution is not run
    /// again and its recorded execution is returned.
    public func runWorker(_ step: any Step, named name: String, partition: ExecutionContext) async throws -> StepExecution {
        try await run.runStep(step, named: name, partition: partition).execution
    }
}
