/// A phase of a job, run as a ``StepExecution``: a ``ChunkStep`` (read → process → write in
/// chunks), a ``TaskletStep`` (one action, repeated until finished) or a ``PartitionStep``.
///
/// The engine (not the step) decides whether a step runs at all: completed steps are skipped on
/// restart unless ``allowStartIfComplete``, and ``startLimit`` caps how often it may start per
/// job instance.
public protocol Step: Sendable {
    /// The step's name, unique within its job; also its flow element id.
    var name: String { get }
    /// How many times the step may be started across the executions of one job instance.
    var startLimit: Int { get }
    /// Whether a step that completed in an earlier execution runs again on restart.
    var allowStartIfComplete: Bool { get }
    /// Listeners notified when the step starts and ends.
    var stepListeners: [any StepExecutionListener] { get }

    /// Runs the step. `execution` is already stored and STARTED, and holds the saved context of
    /// the previous attempt when this is a resume. Returns the execution with its final status,
    /// exit status and counters; errors are recorded in it rather than thrown.
    func execute(_ execution: StepExecution, in scope: StepScope) async -> StepExecution
}

extension Step {
    public var startLimit: Int { .max }
    public var allowStartIfComplete: Bool { false }
    public var stepListeners: [any StepExecutionListener] { [] }
}

/// What a step factory sees when it builds components for one step execution: the late-bound
/// values (`#{jobParameters[...]}`, `#{stepExecutionContext[...]}`, `#{partition[...]}`).
public struct StepContext: Sendable {
    /// The step (or `STEP:PARTITION`) name.
    public var stepName: String
    /// The step execution's id.
    public var stepExecutionId: Int
    /// The job execution's id.
    public var jobExecutionId: Int
    /// The job instance's id: stable across restarts, so components can key their own progress by it.
    public var jobInstanceId: Int
    /// The job name.
    public var jobName: String
    /// The job parameters, with real (unmasked) secret values.
    public var jobParameters: JobParameters
    /// The job execution context as the step started.
    public var jobExecutionContext: ExecutionContext
    /// The step's saved context (non-empty when resuming).
    public var stepExecutionContext: ExecutionContext
    /// Whether this execution resumes an earlier, unfinished execution of the step in this job
    /// instance. Components that keep progress outside the repository trust it only then; on a
    /// fresh start (new instance, or a completed step run again) such progress is someone else's.
    public var isResuming = false
    /// The partition's values for a partition worker, else nil.
    public var partition: ExecutionContext?
    /// A logger with job, execution, step and partition metadata.
    public var logger: Logger
    /// Set when the job is asked to stop (by `stop`, a signal or the repository): long-running
    /// work such as a shell command or a sleep checks it to end early.
    public var stopSignal = StopSignal()
}

import Logging
