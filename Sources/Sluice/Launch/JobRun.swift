import Foundation
import Logging
import Synchronization
import Tracing

/// One job execution in progress: walks the flow, runs steps under the restart rules, keeps the
/// heartbeat, and stores the final state. Shared (read-mostly) by the tasks of splits and partitions.
final class JobRun: Sendable {
    let repository: any JobRepository
    let job: Job
    let executionId: Int
    let instanceId: Int
    let parameters: JobParameters
    let stopSignal: StopSignal
    let configuration: JobOperator.Configuration
    let metrics: SluiceMetrics
    let logger: Logger
    private let state: Mutex<State>

    static let restartKey = "sluice.flow.restartAt"

    struct State {
        var jobContext: ExecutionContext
        var steps: [String: StepExecution] = [:]
        var forced: Set<String> = []
        /// Partitioned steps forced to run again: their workers run again too.
        var forcedManagers: Set<String> = []
    }

    init(job: Job, execution: JobExecution, parameters: JobParameters, repository: any JobRepository,
         stopSignal: StopSignal, configuration: JobOperator.Configuration) {
        self.job = job
        self.executionId = execution.id
        self.instanceId = execution.instanceId
        self.parameters = parameters
        self.repository = repository
        self.stopSignal = stopSignal
        self.configuration = configuration
        self.metrics = SluiceMetrics(job: job.name)
        var logger = configuration.logger
        logger[metadataKey: "job"] = "\(job.name)"
        logger[metadataKey: "execution"] = "\(execution.id)"
        self.logger = logger
        state = Mutex(State(jobContext: execution.executionContext))
    }

    var jobContext: ExecutionContext { state.withLock { $0.jobContext } }

    func promote(_ entries: ExecutionContext) { state.withLock { $0.jobContext.merge(entries) } }

    // MARK: Job

    /// Runs the execution to its end and returns it as stored.
    func execute(_ execution: JobExecution) async -> JobExecution {
        let started = ContinuousClock.now
        return await withSpan("sluice.job") { span in
            span.attributes["sluice.job.name"] = job.name
            span.attributes["sluice.job.execution_id"] = executionId
            var execution = execution
            execution.status = .started
            execution.startTime = Date()
            execution.exitStatus = .executing
            do {
                execution = try await repository.updateJobExecution(execution)
                if execution.status == .stopping { stopSignal.request() }
            } catch {
                logger.error("could not mark the execution started", metadata: ["error": "\(error)"])
                return execution
            }
            logger.info("job started")
            for l in job.listeners { await l.beforeJob(execution) }
            let outcome = await runWithHeartbeat()
            execution = await finish(execution, outcome)
            span.attributes["sluice.job.status"] = execution.status.rawValue
            metrics.jobEnded(execution, duration: ContinuousClock.now - started)
            logger.info("job ended", metadata: ["status": "\(execution.status)", "exitStatus": "\(execution.exitStatus.code)"])
            return execution
        }
    }

    private func runWithHeartbeat() async -> Result<FlowOutcome, any Error> {
        await withTaskGroup(of: Result<FlowOutcome, any Error>?.self) { group in
            let interval = configuration.heartbeatInterval
            group.addTask { [repository, executionId, stopSignal] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    if let status = try? await repository.heartbeat(jobExecutionId: executionId), status == .stopping {
                        stopSignal.request()
                    }
                }
                return nil
            }
            group.addTask {
                do { return .success(try await self.runFromRestartPoint()) } catch { return .failure(error) }
            }
            var outcome: Result<FlowOutcome, any Error> = .failure(CancellationError())
            while let next = await group.next() {
                if let result = next {
                    outcome = result
                    group.cancelAll()
                }
            }
            return outcome
        }
    }

    private func runFromRestartPoint() async throws -> FlowOutcome {
        var path: [String] = []
        let restartAt = state.withLock { s -> String? in
            let id = s.jobContext.string(Self.restartKey)
            s.jobContext[Self.restartKey] = nil
            return id
        }
        if let restartAt {
            // The restart element runs even if it completed: a split or nested flow with every
            // step in it, a partitioned step with its workers.
            let forced = Set([restartAt] + job.stepNames(inside: restartAt))
            state.withLock { $0.forced = forced }
        }
        if let restartAt {
            guard let found = job.path(to: restartAt) else {
                throw BatchError(.validation, "restart element '\(restartAt)' no longer exists in job '\(job.name)'")
            }
            path = found
        }
        return try await runFlow(job.flow, from: path[...])
    }

    private func finish(_ execution: JobExecution, _ outcome: Result<FlowOutcome, any Error>) async -> JobExecution {
        var execution = execution
        switch outcome {
        case .success(let flow):
            execution.status = flow.status
            execution.exitStatus = flow.exitStatus
            if flow.status == .stopped, let restartAt = flow.restartAt {
                promote([Self.restartKey: .string(restartAt)])
            }
        case .failure(let error):
            execution.status = .failed
            execution.exitStatus = ExitStatus.failed.describing(String(describing: error))
            execution.failures.append(Failure(error))
            logger.error("job failed", metadata: ["error": "\(error)"])
        }
        execution.executionContext = jobContext
        execution.endTime = Date()
        for l in job.listeners { await l.afterJob(execution) }
        do {
            return try await repository.updateJobExecution(execution)
        } catch JobRepositoryError.optimisticLockFailure {
            // Someone else (recover, abandon) changed the record while we ran: keep their status
            // only if they ended it; a stop request never bumps the version.
            logger.warning("job execution was changed by another process while it ran; storing the final state over it")
            if let stored = try? await repository.jobExecution(id: executionId) {
                execution.version = stored.version
                if let saved = try? await repository.updateJobExecution(execution) { return saved }
            }
            return execution
        } catch {
            logger.error("could not store the final job state", metadata: ["error": "\(error)"])
            return execution
        }
    }

    // MARK: Flow

    struct FlowOutcome {
        var status: BatchStatus
        var exitStatus: ExitStatus
        var restartAt: String? = nil
    }

    private struct ElementResult {
        var status: BatchStatus
        var exitStatus: ExitStatus
        var step: StepExecution?
        var restartAt: String?
        /// The element stopped the whole job (a stop request, or a stop inside a nested flow).
        var stopsJob: Bool
    }

    func runFlow(_ flow: Flow, from path: ArraySlice<String>) async throws -> FlowOutcome {
        var index = path.first.flatMap { flow.index(of: $0) } ?? 0
        var inner = path.dropFirst()
        var lastStep: StepExecution?
        while true {
            let element = flow.elements[index]
            let result = try await runElement(element, from: inner, lastStep: lastStep)
            inner = []
            lastStep = result.step
            if result.stopsJob {
                return FlowOutcome(status: .stopped, exitStatus: result.exitStatus, restartAt: result.restartAt)
            }
            guard !element.transitions.isEmpty else {
                if result.status != .completed { return FlowOutcome(status: .failed, exitStatus: result.exitStatus) }
                if index + 1 < flow.elements.count { index += 1; continue }
                return FlowOutcome(status: .completed, exitStatus: result.exitStatus)
            }
            guard let transition = Transition.best(in: element.transitions, for: result.exitStatus.code) else {
                return FlowOutcome(status: .failed, exitStatus: result.exitStatus.code == "COMPLETED" ? .failed.describing(
                    "no transition of '\(element.id)' matches exit status \(result.exitStatus.code)") : result.exitStatus)
            }
            switch transition.action {
            case .to(let id):
                index = flow.index(of: id) ?? flow.elements.count
            case .end(let code):
                return FlowOutcome(status: .completed, exitStatus: code.map { ExitStatus($0) } ?? .completed)
            case .fail(let code):
                return FlowOutcome(status: .failed, exitStatus: code.map { ExitStatus($0) } ?? ExitStatus.failed.describing(result.exitStatus.description))
            case .stop(let restart, let code):
                return FlowOutcome(status: .stopped, exitStatus: code.map { ExitStatus($0) } ?? .stopped, restartAt: restart ?? element.id)
            }
        }
    }

    private func runElement(_ element: FlowElement, from path: ArraySlice<String>, lastStep: StepExecution?) async throws -> ElementResult {
        switch element.kind {
        case .step(let step):
            let e = try await runStep(step, named: step.name, partition: nil).execution
            let stopped = e.status == .stopped || e.status == .stopping
            return ElementResult(status: e.status, exitStatus: e.exitStatus, step: e, stopsJob: stopped)
        case .decision(let decider):
            let code = try await decider.decide(try await decisionContext(lastStep: lastStep))
            logger.debug("decision", metadata: ["decision": "\(element.id)", "status": "\(code)"])
            return ElementResult(status: code == "FAILED" ? .failed : .completed, exitStatus: ExitStatus(code), stopsJob: false)
        case .flow(let nested):
            let o = try await runFlow(nested, from: path)
            return ElementResult(status: o.status, exitStatus: o.exitStatus, restartAt: o.restartAt, stopsJob: o.status == .stopped)
        case .split(let flows, let threads):
            let o = try await runSplit(flows, threads: threads ?? flows.count, from: path)
            return ElementResult(status: o.status, exitStatus: o.exitStatus, restartAt: o.restartAt, stopsJob: o.status == .stopped)
        }
    }

    /// Runs the flows in parallel with at most `threads` at once. COMPLETED when all complete;
    /// otherwise the outcome of the first flow in list order that did not.
    private func runSplit(_ flows: [Flow], threads: Int, from path: ArraySlice<String>) async throws -> FlowOutcome {
        var outcomes = [FlowOutcome?](repeating: nil, count: flows.count)
        try await withThrowingTaskGroup(of: (Int, FlowOutcome).self) { group in
            var next = 0
            func launch() {
                let index = next
                let start = path.first.flatMap { flows[index].index(of: $0) } != nil ? path : []
                group.addTask { (index, try await self.runFlow(flows[index], from: start)) }
                next += 1
            }
            while next < min(max(1, threads), flows.count) { launch() }
            while let (index, outcome) = try await group.next() {
                outcomes[index] = outcome
                if next < flows.count { launch() }
            }
        }
        let results = outcomes.compactMap { $0 }
        if let first = results.first(where: { $0.status != .completed }) { return first }
        return FlowOutcome(status: .completed, exitStatus: .completed)
    }

    /// What a decider sees: every step of the job as last recorded for this instance, including
    /// steps not walked in this execution (a restart may begin at the decision itself).
    private func decisionContext(lastStep: StepExecution?) async throws -> DecisionContext {
        var s = state.withLock { $0 }
        for name in job.stepNames where s.steps[name] == nil {
            if let recorded = try await repository.lastStepExecution(instanceId: instanceId, stepName: name) {
                s.steps[name] = recorded
            }
        }
        return DecisionContext(jobExecutionId: executionId, jobParameters: parameters, jobExecutionContext: s.jobContext,
                               steps: s.steps, lastStep: lastStep)
    }

    // MARK: Steps

    struct StepOutcome {
        var execution: StepExecution
        var ran: Bool
    }

    /// Runs a step under the restart rules: a step that completed in an earlier execution of the
    /// instance is skipped (its recorded execution drives the flow) unless it allows restarts when
    /// complete or is the forced restart point; the start limit is enforced; a resumed step gets
    /// the saved context of its last attempt.
    func runStep(_ step: any Step, named name: String, partition: ExecutionContext?) async throws -> StepOutcome {
        let last = try await repository.lastStepExecution(instanceId: instanceId, stepName: name)
        let forced = state.withLock { s in
            if s.forced.remove(name) != nil {
                if step is PartitionStep { s.forcedManagers.insert(name) }
                return true
            }
            return s.forcedManagers.contains(String(name.split(separator: ":", maxSplits: 1)[0])) && name.contains(":")
        }
        if let last, last.status == .completed, !step.allowStartIfComplete, !forced {
            logger.info("step already completed; skipping", metadata: ["step": "\(name)"])
            record(last)
            return StepOutcome(execution: last, ran: false)
        }
        if let last, last.status == .unknown {
            throw BatchError(.validation, "step '\(name)' ended in state UNKNOWN in execution \(last.jobExecutionId) and cannot be restarted safely")
        }
        let starts = try await repository.stepExecutionCount(instanceId: instanceId, stepName: name)
        guard starts < step.startLimit else { throw StartLimitExceeded(step: name, limit: step.startLimit) }
        var execution = StepExecution(jobExecutionId: executionId, stepName: name, status: .started, startTime: Date())
        if let last, last.status != .completed { execution.executionContext = last.executionContext }
        execution = try await repository.createStepExecution(execution)
        var logger = self.logger
        logger[metadataKey: "step"] = "\(name)"
        if partition != nil { logger[metadataKey: "partition"] = "\(name.split(separator: ":").last ?? "")" }
        let scope = StepScope(run: self, partition: partition, logger: logger, isResuming: last.map { $0.status != .completed } ?? false)
        let started = ContinuousClock.now
        var done = await withSpan("sluice.step") { span in
            span.attributes["sluice.step.name"] = name
            span.attributes["sluice.step.execution_id"] = execution.id
            for l in step.stepListeners { await l.beforeStep(execution) }
            logger.info("step started")
            var done = await step.execute(execution, in: scope)
            done.endTime = Date()
            for l in step.stepListeners { if let s = await l.afterStep(done) { done.exitStatus = s } }
            span.attributes["sluice.step.status"] = done.status.rawValue
            return done
        }
        if done.status == .started { done.status = .completed }
        done = try await repository.updateStepExecution(done)
        metrics.stepEnded(done, duration: ContinuousClock.now - started)
        logger.info("step ended", metadata: ["status": "\(done.status)", "read": "\(done.counters.readCount)",
                                             "written": "\(done.counters.writeCount)"])
        record(done)
        return StepOutcome(execution: done, ran: true)
    }

    private func record(_ execution: StepExecution) {
        state.withLock { $0.steps[execution.stepName] = execution }
    }
}

/// A step reached its start limit during a run; the execution fails.
public struct StartLimitExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step.
    public var step: String
    /// Its start limit.
    public var limit: Int

    public var description: String { "step '\(step)' has reached its start limit (\(limit))" }
}
