/// Whether a tasklet has more work to do.
public enum RepeatStatus: Sendable, Hashable {
    /// Call the tasklet again (in a new transaction).
    case continuable
    /// The tasklet is done.
    case finished
}

/// What a tasklet call can read and change: its saved state, counters and exit status.
public struct TaskletContext: Sendable {
    /// The step, execution and job information.
    public let step: StepContext
    /// The step's restart state; saved with each call's commit.
    public var executionContext: ExecutionContext
    /// Counters the tasklet may raise (for example `readCount` for rows a SQL statement touched).
    public var counters: StepCounters
    /// The step's exit status when it finishes; nil means COMPLETED.
    public var exitStatus: ExitStatus?
    /// Entries to add to the job execution context.
    public var jobContextUpdates = ExecutionContext()
}

/// A single action run by a ``TaskletStep`` (a shell command, a SQL script, a file move): called
/// repeatedly, each call in its own transaction, until it returns ``RepeatStatus/finished``.
public protocol Tasklet: Sendable {
    /// Does one unit of work.
    func execute(_ context: inout TaskletContext) async throws -> RepeatStatus
}

/// A tasklet from a closure.
public struct ClosureTasklet: Tasklet {
    private let body: @Sendable (inout TaskletContext) async throws -> RepeatStatus

    /// Creates the tasklet.
    public init(_ body: @escaping @Sendable (inout TaskletContext) async throws -> RepeatStatus) { self.body = body }

    public func execute(_ context: inout TaskletContext) async throws -> RepeatStatus { try await body(&context) }
}

/// A step that runs a ``Tasklet`` until it finishes, stopping early at a call boundary when asked.
public struct TaskletStep: Step {
    public let name: String
    public var startLimit: Int = .max
    public var allowStartIfComplete: Bool = false
    public var stepListeners: [any StepExecutionListener] = []
    /// The transaction manager each call runs in.
    public var transactionManager: any TransactionManager = ResourcelessTransactionManager()
    let makeTasklet: @Sendable (StepContext) async throws -> any Tasklet

    /// A step whose tasklet is built per step execution by `tasklet`. (Disfavoured so that a
    /// trailing closure that only throws reads as a tasklet body, not as a factory.)
    @_disfavoredOverload
    public init(_ name: String, tasklet: @escaping @Sendable (StepContext) async throws -> any Tasklet) {
        self.name = name
        makeTasklet = tasklet
    }

    /// A step whose tasklet is a closure.
    public init(_ name: String, _ body: @escaping @Sendable (inout TaskletContext) async throws -> RepeatStatus) {
        self.init(name, tasklet: { _ in ClosureTasklet(body) })
    }

    /// Sets how often the step may start per job instance.
    public func startLimit(_ limit: Int) -> Self { var c = self; c.startLimit = limit; return c }
    /// Lets the step run again on restart after it completed.
    public func allowStartIfComplete(_ allow: Bool = true) -> Self { var c = self; c.allowStartIfComplete = allow; return c }
    /// Sets the transaction manager each call runs in.
    public func transactionManager(_ manager: any TransactionManager) -> Self { var c = self; c.transactionManager = manager; return c }
    /// Adds a step listener.
    public func listener(_ listener: any StepExecutionListener) -> Self { var c = self; c.stepListeners.append(listener); return c }

    public func execute(_ execution: StepExecution, in scope: StepScope) async -> StepExecution {
        var execution = execution
        do {
            let tasklet = try await makeTasklet(scope.context(for: execution))
            while true {
                if scope.stopSignal.isRequested { return ended(execution, .stopped, ExitStatus.stopped) }
                var context = TaskletContext(step: scope.context(for: execution),
                                             executionContext: execution.executionContext,
                                             counters: execution.counters)
                let transaction = try await transactionManager.begin()
                let status: RepeatStatus
                do {
                    status = try await ActiveTransaction.run(transaction) { try await tasklet.execute(&context) }
                } catch {
                    try? await transaction.rollback()
                    execution.counters.rollbackCount += 1
                    throw error
                }
                execution = try await commit(context, of: execution, in: transaction, scope: scope)
                if status == .finished { return ended(execution, .completed, context.exitStatus ?? .completed) }
            }
        } catch {
            var failed = ended(execution, .failed, ExitStatus.failed.describing(String(describing: error)))
            failed.failures.append(Failure(error))
            return failed
        }
    }

    private func commit(_ context: TaskletContext, of execution: StepExecution, in transaction: any Transaction,
                        scope: StepScope) async throws -> StepExecution {
        var next = execution
        next.executionContext = context.executionContext
        next.counters = context.counters
        next.counters.commitCount += 1
        if !context.jobContextUpdates.isEmpty { scope.promoteToJobContext(context.jobContextUpdates) }
        let result: ChunkCommitResult
        do {
            if scope.repository.canParticipate(in: transaction) {
                result = try await scope.repository.commitChunk(next, in: transaction)
                try await transaction.commit()
            } else {
                try await transaction.commit()
                result = try await scope.repository.commitChunk(next, in: nil)
            }
        } catch {
            // Release the transaction (and its connection) whatever failed; a rollback after a
            // commit is a no-op.
            try? await transaction.rollback()
            throw error
        }
        next.version = result.version
        if result.jobStatus == .stopping { scope.stopSignal.request() }
        return next
    }

    private func ended(_ execution: StepExecution, _ status: BatchStatus, _ exit: ExitStatus) -> StepExecution {
        var e = execution
        e.status = status
        e.exitStatus = exit
        return e
    }
}
