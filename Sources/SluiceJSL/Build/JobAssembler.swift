import Logging
import Sluice
import SluiceExpression

/// Builds a runnable ``Sluice/Job`` from a validated ``JobSpec``: flows, steps and policies now;
/// readers, processors, writers and tasklets when each step starts, from properties whose
/// `#{...}` placeholders are resolved for that step execution.
struct JobAssembler {
    let spec: JobSpec
    let registry: ComponentRegistry
    let resources: ComponentResources
    let baseDirectory: String
    let logger: Logger

    func job() async throws -> Job {
        var job = try Job(spec.name, flow: Flow(try await elements(spec.elements)))
        job = job.restartable(spec.restartable)
        switch spec.incrementer {
        case "run-id": job = job.incrementer(RunIdIncrementer())
        case "timestamp": job = job.incrementer(TimestampIncrementer())
        default: break
        }
        if !spec.parameters.isEmpty { job = job.validator(JobParametersValidators.declared(spec.parameters)) }
        for listener in spec.listeners {
            let made = try await registry.make(.listener, listener.name, as: (any Sendable).self,
                                               properties: listener.properties, context: context(for: listener, step: nil))
            guard let jobListener = made as? any JobExecutionListener else {
                throw BatchError(.validation, "\(listener.location.map { "\($0): " } ?? "")listener '\(listener.name)' is not a job listener")
            }
            job = job.listener(jobListener)
        }
        return job
    }

    private func elements(_ specs: [ElementSpec]) async throws -> [FlowElement] {
        var result: [FlowElement] = []
        for spec in specs { result.append(try await element(spec)) }
        return result
    }

    private func element(_ spec: ElementSpec) async throws -> FlowElement {
        let transitions = spec.transitions.map { Transition(on: $0.pattern, $0.action) }
        switch spec.kind {
        case .step(let step):
            return .step(try await self.step(spec.id, step), transitions: transitions)
        case .decision(let decision):
            return .decision(spec.id, try await decider(spec.id, decision), transitions: transitions)
        case .split(let split):
            var flows: [Flow] = []
            for flow in split.flows { flows.append(Flow(try await elements(flow))) }
            return .split(spec.id, flows: flows, threads: split.threads, transitions: transitions)
        }
    }

    private func decider(_ id: String, _ spec: DecisionSpec) async throws -> any Decider {
        if let ref = spec.decider {
            return try await registry.make(.decider, ref.name, as: (any Decider).self, properties: ref.properties,
                                           context: context(for: ref, step: nil))
        }
        let rules = try spec.rules.map { (condition: try Expression($0.condition), status: $0.status) }
        return RuleDecider(id: id, rules: rules, otherwise: spec.otherwise)
    }

    // MARK: Steps

    private func step(_ id: String, _ spec: StepSpec) async throws -> any Step {
        var step: any Step
        switch spec.body {
        case .chunk(let chunk): step = try await chunkStep(id, chunk, spec)
        case .tasklet(let tasklet): step = try await taskletStep(id, tasklet, spec)
        }
        guard let partition = spec.partition else { return step }
        var partitioned = PartitionStep(id, worker: step, partitioner: try await partitioner(partition),
                                        threads: partition.threads, gridSize: partition.gridSize)
        partitioned.startLimit = spec.startLimit ?? .max
        partitioned.allowStartIfComplete = spec.allowStartIfComplete
        return partitioned
    }

    private func chunkStep(_ id: String, _ chunk: ChunkSpec, _ spec: StepSpec) async throws -> any Step {
        let registry = self.registry
        let reader = chunk.reader
        let writer = chunk.writer
        let processors = chunk.processors
        let makeContext = { @Sendable (component: ComponentSpec, step: StepContext) in self.context(for: component, step: step) }
        let makeReader: @Sendable (StepContext) async throws -> any ItemReader<Record> = { step in
            try await registry.make(.reader, reader.name, as: (any ItemReader<Record>).self,
                                    properties: try Placeholders.resolve(reader.properties, in: step), context: makeContext(reader, step))
        }
        let makeWriter: @Sendable (StepContext) async throws -> any ItemWriter<Record> = { step in
            try await registry.make(.writer, writer.name, as: (any ItemWriter<Record>).self,
                                    properties: try Placeholders.resolve(writer.properties, in: step), context: makeContext(writer, step))
        }
        var step: ChunkStep<Record, Record>
        if processors.isEmpty {
            step = ChunkStep(id, chunkSize: chunk.size, reader: makeReader, writer: makeWriter)
        } else {
            step = ChunkStep(id, chunkSize: chunk.size, reader: makeReader, processor: { step in
                var chain: [any ItemProcessor<Record, Record>] = []
                for p in processors {
                    chain.append(try await registry.make(.processor, p.name, as: (any ItemProcessor<Record, Record>).self,
                                                         properties: try Placeholders.resolve(p.properties, in: step), context: makeContext(p, step)))
                }
                return chain.count == 1 ? chain[0] : CompositeItemProcessor(chain)
            }, writer: makeWriter)
        }
        step = step.retry(chunk.retry).skip(chunk.skip).noRollback(chunk.noRollback)
            .allowStartIfComplete(spec.allowStartIfComplete)
        if let limit = spec.startLimit { step = step.startLimit(limit) }
        if let timeLimit = chunk.timeLimit { step = step.chunkTimeLimit(timeLimit) }
        step = step.readAhead(chunk.readAhead)
        if let manager = try await registry.transactionManager(.writer, writer.name, properties: writer.properties,
                                                               context: context(for: writer, step: nil)) {
            step = step.transactionManager(manager)
        }
        for listener in try await listeners(spec.listeners) { step = step.listener(listener) }
        return step
    }

    private func taskletStep(_ id: String, _ tasklet: ComponentSpec, _ spec: StepSpec) async throws -> any Step {
        let registry = self.registry
        let makeContext = { @Sendable (step: StepContext) in self.context(for: tasklet, step: step) }
        var step = TaskletStep(id, tasklet: { step in
            try await registry.make(.tasklet, tasklet.name, as: (any Tasklet).self,
                                    properties: try Placeholders.resolve(tasklet.properties, in: step), context: makeContext(step))
        })
        step = step.allowStartIfComplete(spec.allowStartIfComplete)
        if let limit = spec.startLimit { step = step.startLimit(limit) }
        if let manager = try await registry.transactionManager(.tasklet, tasklet.name, properties: tasklet.properties,
                                                               context: context(for: tasklet, step: nil)) {
            step = step.transactionManager(manager)
        }
        for listener in try await listeners(spec.listeners) {
            guard let stepListener = listener as? any StepExecutionListener else {
                throw BatchError(.validation, "step '\(id)': a tasklet step takes step listeners only")
            }
            step = step.listener(stepListener)
        }
        return step
    }

    private func listeners(_ specs: [ComponentSpec]) async throws -> [any Sendable] {
        var result: [any Sendable] = []
        for spec in specs {
            result.append(try await registry.make(.listener, spec.name, as: (any Sendable).self,
                                                  properties: spec.properties, context: context(for: spec, step: nil)))
        }
        return result
    }

    private func partitioner(_ spec: PartitionSpec) async throws -> any Partitioner {
        if let plan = spec.plan { return StaticPartitioner(plan.map(Self.contextValues)) }
        guard let component = spec.partitioner else { throw BatchError(.validation, "partition needs a plan or a partitioner") }
        return try await registry.make(.partitioner, component.name, as: (any Partitioner).self,
                                       properties: component.properties, context: context(for: component, step: nil))
    }

    /// A plan entry's scalars as typed context values (integers, numbers and booleans as such).
    static func contextValues(_ node: PropertyNode) -> ExecutionContext {
        var context = ExecutionContext()
        for entry in node.entries ?? [] { context[entry.key] = contextValue(entry.value) }
        return context
    }

    private static func contextValue(_ node: PropertyNode) -> ContextValue {
        switch node.content {
        case .null: return .null
        case .scalar(let text, let quoted):
            if !quoted, let i = Int(text) { return .int(i) }
            if !quoted, let d = Double(text) { return .double(d) }
            if !quoted, text == "true" || text == "false" { return .bool(text == "true") }
            return .string(text)
        case .list(let items): return .array(items.map(contextValue))
        case .map(let entries): return .object(Dictionary(entries.map { ($0.key, contextValue($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }

    private func context(for component: ComponentSpec, step: StepContext?) -> ComponentContext {
        ComponentContext(componentName: component.name, location: component.location, baseDirectory: baseDirectory,
                         step: step, resources: resources, logger: step?.logger ?? logger)
    }
}
