/// A step that splits its work with a ``Partitioner`` and runs one worker step execution per
/// partition, at most `threads` at a time, each with its own context and components.
///
/// The manager step execution gets the aggregated counters of the workers that ran in this
/// execution, and the most severe of their statuses. On restart, workers that completed before
/// are not run again.
public struct PartitionStep: Step {
    public let name: String
    /// The worker step run for each partition (its own name is replaced by `STEP:PARTITION`).
    public var worker: any Step
    /// Produces the partition plan.
    public var partitioner: any Partitioner
    /// How many workers may run at once.
    public var threads: Int
    /// The grid size hint passed to the partitioner.
    public var gridSize: Int
    public var startLimit: Int = .max
    public var allowStartIfComplete: Bool = false
    public var stepListeners: [any StepExecutionListener] = []

    static let planKey = "sluice.partition.plan"

    /// Creates a partitioned step.
    public init(_ name: String, worker: any Step, partitioner: any Partitioner, threads: Int = 1, gridSize: Int? = nil) {
        self.name = name
        self.worker = worker
        self.partitioner = partitioner
        self.threads = Swift.max(1, threads)
        self.gridSize = gridSize ?? Swift.max(1, threads)
    }

    public func execute(_ execution: StepExecution, in scope: StepScope) async -> StepExecution {
        var execution = execution
        do {
            let plan = try await loadOrCreatePlan(&execution, scope: scope)
            let results = try await runWorkers(plan, scope: scope)
            return aggregate(results, into: execution)
        } catch {
            execution.status = .failed
            execution.exitStatus = ExitStatus.failed.describing(String(describing: error))
            execution.failures.append(Failure(error))
            return execution
        }
    }

    /// The plan saved by an earlier execution of this step, or a new one (saved before any worker runs).
    private func loadOrCreatePlan(_ execution: inout StepExecution, scope: StepScope) async throws -> [Partition] {
        if let saved = execution.executionContext[Self.planKey]?.arrayValue {
            return saved.compactMap { entry in
                guard let name = entry.objectValue?["name"]?.stringValue,
                      let values = entry.objectValue?["values"]?.objectValue else { return nil }
                return Partition(name: name, values: ExecutionContext(values))
            }
        }
        let plan = try await partitioner.partitions(gridSize: gridSize)
        let names = Set(plan.map(\.name))
        guard names.count == plan.count else {
            throw BatchError(.validation, "partitioner of step '\(name)' returned duplicate partition names")
        }
        execution.executionContext[Self.planKey] = .array(plan.map {
            .object(["name": .string($0.name), "values": .object($0.values.entries)])
        })
        execution = try await scope.repository.updateStepExecution(execution)
        return plan
    }

    /// Runs the workers with at most `threads` in flight; results are kept in plan order.
    private func runWorkers(_ plan: [Partition], scope: StepScope) async throws -> [StepExecution] {
        var results = [StepExecution?](repeating: nil, count: plan.count)
        try await withThrowingTaskGroup(of: (Int, StepExecution).self) { group in
            var next = 0
            func launch() {
                let index = next
                let partition = plan[index]
                group.addTask {
                    (index, try await scope.runWorker(worker, named: "\(name):\(partition.name)", partition: partition.values))
                }
                next += 1
            }
            while next < Swift.min(threads, plan.count) { launch() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < plan.count { launch() }
            }
        }
        return results.compactMap { $0 }
    }

    private func aggregate(_ workers: [StepExecution], into execution: StepExecution) -> StepExecution {
        var e = execution
        let ran = workers.filter { $0.jobExecutionId == execution.jobExecutionId }
        e.counters = ran.reduce(StepCounters()) { $0 + $1.counters }
        e.status = workers.reduce(BatchStatus.completed) { $0.combined(with: $1.status) }
        e.exitStatus = workers.first { $0.status == e.status && $0.status != .completed }?.exitStatus ?? ExitStatus(e.status)
        e.failures += ran.flatMap(\.failures)
        return e
    }
}
