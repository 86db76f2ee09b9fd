import Foundation
@testable import Sluice
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct JobOperatorTests {

    // MARK: Launch rules

    @Test func completedInstanceIsRefusedAndNothingIsCreated() async throws {
        let job = try Job("done-once", steps: [TaskletStep("a") { _ in .finished }])
        let (op, repository) = makeOperator()
        let params: JobParameters = ["day": JobParameter(.string("2026-11-30"))]
        let first = try await op.start(job, parameters: params)
        #expect(first.status == .completed)
        await #expect(throws: LaunchRefused.alreadyComplete(instanceId: first.instanceId, executionId: first.id)) {
            try await op.start(job, parameters: params)
        }
        await #expect(throws: LaunchRefused.alreadyComplete(instanceId: first.instanceId, executionId: first.id)) {
            try await op.launch(job, parameters: params)
        }
        #expect(try await repository.jobExecutions(instanceId: first.instanceId).map(\.id) == [first.id])
        // Other identifying parameters are another instance.
        let other = try await op.start(job, parameters: ["day": JobParameter(.string("2026-12-01"))])
        #expect(other.status == .completed)
        #expect(other.instanceId != first.instanceId)
    }

    @Test func runningInstanceRefusesASecondStart() async throws {
        let started = Latch()
        let gate = Latch()
        let job = try Job("long-running", steps: [blocking("wait", started: started, gate: gate)])
        let (op, repository) = makeOperator()
        let running = try await op.launch(job)
        await started.wait()
        await #expect(throws: LaunchRefused.alreadyRunning(executionId: running.execution.id)) { try await op.start(job) }
        await #expect(throws: LaunchRefused.alreadyRunning(executionId: running.execution.id)) { try await op.launch(job) }
        gate.open()
        let done = await running.result()
        #expect(done.status == .completed)
        #expect(try await repository.jobExecutions(instanceId: done.instanceId).count == 1)
    }

    @Test func ofTenConcurrentLaunchesExactlyOneSucceeds() async throws {
        let started = Latch()
        let gate = Latch()
        let job = try Job("concurrent", steps: [blocking("wait", started: started, gate: gate)])
        let (op, repository) = makeOperator()
        let params: JobParameters = ["file": JobParameter(.string("x.csv"))]
        let results = await withTaskGroup(of: Result<RunningJob, any Error>.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do { return .success(try await op.launch(job, parameters: params)) } catch { return .failure(error) }
                }
            }
            var all: [Result<RunningJob, any Error>] = []
            for await r in group { all.append(r) }
            return all
        }
        let winners = results.compactMap { try? $0.get() }
        try #require(winners.count == 1)
        let winner = winners[0]
        let refusals = results.compactMap { r -> (any Error)? in
            if case .failure(let e) = r { e } else { nil }
        }
        #expect(refusals.count == 9)
        for error in refusals {
            #expect(error as? LaunchRefused == .alreadyRunning(executionId: winner.execution.id))
        }
        gate.open()
        let done = await winner.result()
        #expect(done.status == .completed)
        #expect(try await repository.jobExecutions(instanceId: done.instanceId).count == 1)
    }

    @Test func nonRestartableJobRefusesRestartAfterFailure() async throws {
        let job = try Job("once-only", steps: [failingStep("a")]).restartable(false)
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        await #expect(throws: LaunchRefused.notRestartable(instanceId: first.instanceId)) { try await op.start(job) }
        await #expect(throws: LaunchRefused.notRestartable(instanceId: first.instanceId)) { try await op.restart(executionId: first.id) }
        #expect(try await repository.jobExecutions(instanceId: first.instanceId).count == 1)
    }

    @Test func abandonedInstanceRefusesRestart() async throws {
        let job = try Job("abandon-me", steps: [failingStep("a")])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let abandoned = try await op.abandon(executionId: first.id)
        #expect(abandoned.status == .abandoned)
        #expect(try await op.jobExecution(id: first.id)?.status == .abandoned)
        await #expect(throws: LaunchRefused.abandoned(executionId: first.id)) { try await op.start(job) }
        await #expect(throws: LaunchRefused.abandoned(executionId: first.id)) { try await op.restart(executionId: first.id) }
        #expect(try await repository.jobExecutions(instanceId: first.instanceId).count == 1)
        await #expect(throws: LaunchRefused.noSuchExecution(id: 4242)) { try await op.abandon(executionId: 4242) }
    }

    @Test func abandoningARunningExecutionIsRefused() async throws {
        let started = Latch()
        let gate = Latch()
        let job = try Job("abandon-running", steps: [blocking("wait", started: started, gate: gate)])
        let (op, _) = makeOperator()
        let running = try await op.launch(job)
        await started.wait()
        await #expect(throws: LaunchRefused.alreadyRunning(executionId: running.execution.id)) {
            try await op.abandon(executionId: running.execution.id)
        }
        #expect(try await op.jobExecution(id: running.execution.id)?.status == .started)
        gate.open()
        let done = await running.result()
        #expect(done.status == .completed)
    }

    @Test func restartByExecutionIdRules() async throws {
        let healthy = Mutex(false)
        let job = try Job("restart-rules", steps: [TaskletStep("a") { _ in
            guard healthy.withLock({ $0 }) else { throw BatchError(.io, "down") }
            return .finished
        }])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        let second = try await op.start(job)
        #expect(first.status == .failed && second.status == .failed)
        #expect(first.instanceId == second.instanceId)

        await #expect(throws: LaunchRefused.notLatest(executionId: first.id, latest: second.id)) {
            try await op.restart(executionId: first.id)
        }
        await #expect(throws: LaunchRefused.noSuchExecution(id: 999)) { try await op.restart(executionId: 999) }
        #expect(try await repository.jobExecutions(instanceId: first.instanceId).count == 2)

        healthy.withLock { $0 = true }
        let third = try await op.restart(executionId: second.id)
        #expect(third.status == .completed)
        #expect(third.instanceId == first.instanceId)
        await #expect(throws: LaunchRefused.alreadyComplete(instanceId: first.instanceId, executionId: third.id)) {
            try await op.restart(executionId: third.id)
        }
        #expect(try await repository.jobExecutions(instanceId: first.instanceId).count == 3)
    }

    @Test func restartOfAnUnregisteredJobIsRefused() async throws {
        let job = try Job("registered-elsewhere", steps: [failingStep("a")])
        let repository = InMemoryJobRepository()
        let first = try await JobOperator(repository: repository, configuration: .quiet).start(job)
        let other = JobOperator(repository: repository, configuration: .quiet)
        await #expect(throws: LaunchRefused.noSuchJob(name: "registered-elsewhere")) { try await other.restart(executionId: first.id) }
        other.register(job)
        let second = try await other.restart(executionId: first.id)
        #expect(second.instanceId == first.instanceId)
    }

    // MARK: Start limits

    @Test func startLimitRefusesTheThirdLaunch() async throws {
        let job = try Job("limited", steps: [
            TaskletStep("prep") { _ in .finished },
            failingStep("flaky").startLimit(2),
        ])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        let second = try await op.start(job)
        #expect(first.status == .failed && second.status == .failed)
        await #expect(throws: LaunchRefused.startLimitReached(step: "flaky", limit: 2)) { try await op.start(job) }
        await #expect(throws: LaunchRefused.startLimitReached(step: "flaky", limit: 2)) { try await op.restart(executionId: second.id) }
        #expect(try await repository.jobExecutions(instanceId: first.instanceId).map(\.id) == [second.id, first.id])
        #expect(try await repository.stepExecutionCount(instanceId: first.instanceId, stepName: "flaky") == 2)
    }

    @Test func stepReachingItsStartLimitDuringARunFailsThatExecution() async throws {
        // 'prep' reruns on every restart (allowStartIfComplete) but may start only once; the
        // launch is accepted (the resume step 'load' has no limit) and the run fails at 'prep'.
        let faults = FaultInjector(["load"])
        let ran = Records<String>()
        let job = try Job("limit-during-run", steps: [
            TaskletStep("prep") { _ in
                ran.append("prep")
                return .finished
            }.allowStartIfComplete().startLimit(1),
            TaskletStep("load") { _ in
                ran.append("load")
                try faults.check("load")
                return .finished
            },
        ])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let second = try await op.start(job)
        #expect(second.status == .failed)
        #expect(second.id != first.id)
        #expect(second.exitStatus.description.contains("start limit"))
        #expect(ran.all == ["prep", "load"])
        #expect(try await repository.stepExecutions(jobExecutionId: second.id).isEmpty)
    }

    // MARK: Stop

    @Test func stopThroughTheRepositoryStopsAtAChunkBoundaryAndRestartResumes() async throws {
        let input = Array(0..<100)
        let arrived = Latch()
        let gate = Latch()
        let once = Once()
        let writer = TransactionalListWriter<Int>()
        let step = ChunkStep<Int, Int>(
            "copy", chunkSize: 10,
            reader: { _ in GatedReader(input, pauseAt: 25, once: once, arrived: arrived, gate: gate) },
            writer: { _ in writer }
        ).transactionManager(InMemoryTransactionManager())
        let job = try Job("stoppable", steps: [step])
        let (op, repository) = makeOperator()
        let running = try await op.launch(job)
        await arrived.wait()  // the reader is inside chunk 3 (items 20...29)
        let stopping = try await op.stop(executionId: running.execution.id)
        #expect(stopping.status == .stopping)
        #expect(try await op.runningExecutions().map(\.id) == [running.execution.id])
        gate.open()
        let stopped = await running.result()
        #expect(stopped.status == .stopped)
        #expect(stopped.exitStatus.code == "STOPPED")
        let steps = try await repository.stepExecutions(jobExecutionId: stopped.id)
        #expect(steps.map(\.status) == [.stopped])
        #expect(steps.first?.counters.writeCount == 30)
        #expect(writer.items == Array(0..<30))
        await #expect(throws: JobRepositoryError.notRunning(id: stopped.id, status: .stopped)) {
            try await op.stop(executionId: stopped.id)
        }

        let restarted = try await op.restart(executionId: stopped.id)
        #expect(restarted.status == .completed)
        #expect(restarted.instanceId == stopped.instanceId)
        #expect(writer.items == input)
        let rerun = try await repository.stepExecutions(jobExecutionId: restarted.id)
        #expect(rerun.first?.counters.readCount == 70)
    }

    @Test func cancellingTheWaitingTaskStopsTheJobGracefully() async throws {
        let started = Latch()
        let gate = Latch()
        let finishNow = Mutex(false)
        let calls = SharedCounter()
        let job = try Job("cancel-me", steps: [TaskletStep("spin") { ctx in
            if finishNow.withLock({ $0 }) { return .finished }
            if calls.next() == 1 {
                started.open()
                await gate.wait()
            }
            await Task.yield()
            if calls.count > 100_000 {
                ctx.exitStatus = Sluice.ExitStatus("NEVER STOPPED")
                return .finished
            }
            return .continuable
        }])
        let (op, repository) = makeOperator()
        let running = try await op.launch(job)
        await started.wait()
        let waiter = Task { await running.result() }
        waiter.cancel()
        gate.open()
        let stopped = await waiter.value
        #expect(stopped.status == .stopped)
        #expect(try await repository.stepExecutions(jobExecutionId: stopped.id).map(\.status) == [.stopped])
        #expect(try await op.jobExecution(id: stopped.id)?.status == .stopped)

        finishNow.withLock { $0 = true }
        let restarted = try await op.start(job)
        #expect(restarted.status == .completed)
        #expect(restarted.instanceId == stopped.instanceId)
    }

    @Test func runningJobStopStopsThatExecution() async throws {
        let started = Latch()
        let gate = Latch()
        let job = try Job("stop-handle", steps: [TaskletStep("spin") { _ in
            started.open()
            await gate.wait()
            return .continuable
        }, TaskletStep("never") { _ in .finished }])
        let (op, repository) = makeOperator()
        let running = try await op.launch(job)
        await started.wait()
        running.stop()
        gate.open()
        let stopped = await running.result()
        #expect(stopped.status == .stopped)
        #expect(try await repository.stepExecutions(jobExecutionId: stopped.id).map(\.stepName) == ["spin"])
    }

    // MARK: Recover

    @Test func recoverMarksStaleExecutionsFailedAndTheyCanBeRestarted() async throws {
        let ran = Records<String>()
        let job = try Job("crashed", steps: [
            TaskletStep("prep") { _ in
                ran.append("prep")
                return .finished
            },
            TaskletStep("work") { ctx in
                ran.append("work:\(ctx.executionContext.int("cursor") ?? -1)")
                return .finished
            },
        ])
        let (op, repository) = makeOperator()
        op.register(job)
        let params: JobParameters = ["batch": JobParameter(.int(7))]
        // A process that died mid-run: execution STARTED, 'prep' completed, 'work' running.
        var dead = try await repository.createJobExecution(LaunchRequest(jobName: "crashed", parameters: params))
        dead.status = .started
        dead.startTime = Date()
        dead.exitStatus = .executing
        dead = try await repository.updateJobExecution(dead)
        var prep = try await repository.createStepExecution(StepExecution(jobExecutionId: dead.id, stepName: "prep", status: .started))
        prep.status = .completed
        prep.exitStatus = .completed
        _ = try await repository.updateStepExecution(prep)
        _ = try await repository.createStepExecution(StepExecution(
            jobExecutionId: dead.id, stepName: "work", status: .started, executionContext: ["cursor": 3]))

        await #expect(throws: LaunchRefused.alreadyRunning(executionId: dead.id)) { try await op.start(job, parameters: params) }
        #expect(try await op.recover(staleAfter: .seconds(3600)).isEmpty)

        let recovered = try await op.recover(staleAfter: .zero)
        #expect(recovered.map(\.id) == [dead.id])
        #expect(recovered.first?.status == .failed)
        #expect(try await op.jobExecution(id: dead.id)?.status == .failed)
        let steps = try await repository.stepExecutions(jobExecutionId: dead.id)
        #expect(steps.map(\.status) == [.completed, .failed])
        #expect(try await op.runningExecutions().isEmpty)

        let restarted = try await op.restart(executionId: dead.id)
        #expect(restarted.status == .completed)
        #expect(restarted.instanceId == dead.instanceId)
        #expect(try await repository.stepExecutions(jobExecutionId: restarted.id).map(\.stepName) == ["work"])
        #expect(ran.all == ["work:3"])
    }

    // MARK: Incrementers

    @Test func startNextInstanceWithRunIdIncrementer() async throws {
        let seen = Records<Int>()
        let job = try Job("nightly", steps: [TaskletStep("a") { ctx in
            seen.append(ctx.step.jobParameters.int("run.id") ?? -1)
            return .finished
        }]).incrementer(RunIdIncrementer())
        let (op, _) = makeOperator()
        var executions: [JobExecution] = []
        for _ in 0..<3 { executions.append(try await op.startNextInstance(job)) }
        #expect(executions.map(\.status) == [.completed, .completed, .completed])
        #expect(executions.map { $0.parameters.int("run.id") } == [1, 2, 3])
        #expect(seen.all == [1, 2, 3])
        #expect(Set(executions.map(\.instanceId)).count == 3)
        #expect(try await op.jobInstances(jobName: "nightly").map(\.id) == executions.map(\.instanceId).reversed())
    }

    @Test func startNextInstanceParametersOverrideTheDerivedOnes() async throws {
        // "the parameters the job's incrementer derives from the last instance, laid under
        // `parameters`": the caller's values win over the ones copied from the last instance.
        let seen = Records<String>()
        let job = try Job("nightly-region", steps: [TaskletStep("a") { ctx in
            seen.append("\(ctx.step.jobParameters.string("region") ?? "nil")#\(ctx.step.jobParameters.int("run.id") ?? -1)")
            return .finished
        }]).incrementer(RunIdIncrementer())
        let (op, _) = makeOperator()
        let first = try await op.startNextInstance(job, parameters: ["region": JobParameter(.string("eu"))])
        let second = try await op.startNextInstance(job, parameters: ["region": JobParameter(.string("us"))])
        #expect(first.status == .completed && second.status == .completed)
        #expect(seen.all == ["eu#1", "us#2"])
        #expect(second.parameters.string("region") == "us")
    }

    @Test func startNextInstanceWithTimestampIncrementer() async throws {
        let job = try Job("stamped", steps: [TaskletStep("a") { _ in .finished }]).incrementer(TimestampIncrementer())
        let (op, _) = makeOperator()
        var executions: [JobExecution] = []
        for _ in 0..<3 { executions.append(try await op.startNextInstance(job)) }
        #expect(executions.allSatisfy { $0.status == .completed })
        #expect(Set(executions.map(\.instanceId)).count == 3)
        let stamps = executions.compactMap { e -> Date? in
            if case .timestamp(let d)? = e.parameters["run.timestamp"]?.value { d } else { nil }
        }
        #expect(stamps.count == 3)
        #expect(stamps == stamps.sorted() && Set(stamps).count == 3)
    }

    @Test func startNextInstanceWithoutIncrementerThrows() async throws {
        let job = try Job("no-incrementer", steps: [TaskletStep("a") { _ in .finished }])
        let (op, _) = makeOperator()
        await #expect(throws: BatchError.self) { try await op.startNextInstance(job) }
        #expect(try await op.jobNames().isEmpty)
    }

    // MARK: Parameters

    @Test func validatorRefusalCreatesNothing() async throws {
        let job = try Job("validated", steps: [TaskletStep("a") { _ in .finished }])
            .validator(JobParametersValidators.required("input"))
        let (op, _) = makeOperator()
        await #expect(throws: LaunchRefused.invalidParameters(JobParametersInvalid(name: "input", reason: "is required"))) {
            try await op.start(job)
        }
        #expect(try await op.jobNames().isEmpty)
        let ok = try await op.start(job, parameters: ["input": JobParameter(.string("a.csv"))])
        #expect(ok.status == .completed)
    }

    @Test func secretsAreStoredMaskedButTheStepSeesThem() async throws {
        let seen = Records<String>()
        let faults = FaultInjector(["use"])
        let job = try Job("secretive", steps: [TaskletStep("use") { ctx in
            seen.append(ctx.step.jobParameters.string("password") ?? "nil")
            try faults.check("use")
            return .finished
        }])
        let (op, repository) = makeOperator()
        let params: JobParameters = [
            "input": JobParameter(.string("a.csv")),
            "password": JobParameter(.string("hunter2"), secret: true),
        ]
        let first = try await op.start(job, parameters: params)
        #expect(first.status == .failed)
        #expect(seen.all == ["hunter2"])
        let stored = try #require(try await repository.jobExecution(id: first.id))
        let masked = try #require(stored.parameters["password"])
        #expect(masked.value == .string("******"))
        #expect(masked.secret)
        #expect(!masked.identifying)
        #expect(stored.parameters.string("input") == "a.csv")
        #expect(!String(describing: stored).contains("hunter2"))
        // The secret is not part of the instance's identity.
        let instance = try #require(try await repository.jobInstance(id: first.instanceId))
        #expect(instance.key == JobInstance.key(for: ["input": JobParameter(.string("a.csv"))]))

        // A restart by execution id re-supplies the secret, which the repository only holds masked.
        let second = try await op.restart(executionId: first.id,
                                          parameters: ["password": JobParameter(.string("hunter3"), secret: true)])
        #expect(second.status == .completed)
        #expect(second.instanceId == first.instanceId)
        #expect(seen.all == ["hunter2", "hunter3"])
        let storedAgain = try #require(try await repository.jobExecution(id: second.id))
        #expect(storedAgain.parameters["password"]?.value == .string("******"))
        #expect(storedAgain.parameters.string("input") == "a.csv")
    }

    @Test func restartTakesNewNonIdentifyingParameters() async throws {
        let seen = Records<String>()
        let faults = FaultInjector(["use"])
        faults.arm("use")
        let job = try Job("non-identifying", steps: [TaskletStep("use") { ctx in
            seen.append("\(ctx.step.jobParameters.string("day") ?? "nil")/\(ctx.step.jobParameters.int("limit") ?? -1)")
            try faults.check("use")
            return .finished
        }])
        let (op, repository) = makeOperator()
        let day = JobParameter(.string("2026-11-30"))
        let first = try await op.start(job, parameters: ["day": day, "limit": JobParameter(.int(5), identifying: false)])
        #expect(first.status == .failed)
        // A run with other non-identifying values is a restart of the same instance with those values.
        let second = try await op.start(job, parameters: ["day": day, "limit": JobParameter(.int(10), identifying: false)])
        #expect(second.status == .failed)
        #expect(second.instanceId == first.instanceId)
        #expect(try await repository.jobExecution(id: second.id)?.parameters.int("limit") == 10)
        // `restart ID` keeps the previous execution's values.
        let third = try await op.restart(executionId: second.id)
        #expect(third.status == .completed)
        #expect(third.instanceId == first.instanceId)
        #expect(seen.all == ["2026-11-30/5", "2026-11-30/10", "2026-11-30/10"])
        #expect(third.parameters.int("limit") == 10)
        #expect(third.parameters.string("day") == "2026-11-30")
    }

    @Test func restartCarriesTheJobExecutionContext() async throws {
        let seen = Records<Int>()
        let faults = FaultInjector(["use"])
        let job = try Job("job-context", steps: [
            TaskletStep("remember") { ctx in
                ctx.jobContextUpdates["cursor"] = 42
                return .finished
            },
            TaskletStep("use") { ctx in
                seen.append(ctx.step.jobExecutionContext.int("cursor") ?? -1)
                try faults.check("use")
                return .finished
            },
        ])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(first.executionContext.int("cursor") == 42)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(try await repository.stepExecutions(jobExecutionId: second.id).map(\.stepName) == ["use"])
        #expect(seen.all == [42, 42])
        #expect(try await op.jobExecution(id: second.id)?.executionContext.int("cursor") == 42)
    }

    // MARK: Queries

    @Test func queries() async throws {
        let (op, _) = makeOperator()
        let alpha = try Job("alpha", steps: [TaskletStep("a1") { _ in .finished }, TaskletStep("a2") { _ in .finished }])
        let beta = try Job("beta", steps: [TaskletStep("b1") { _ in .finished }])
        let a1 = try await op.start(alpha, parameters: ["n": JobParameter(.int(1))])
        let a2 = try await op.start(alpha, parameters: ["n": JobParameter(.int(2))])
        let b1 = try await op.start(beta)
        #expect(try await op.jobNames() == ["alpha", "beta"])
        #expect(try await op.jobInstances(jobName: "alpha").map(\.id) == [a2.instanceId, a1.instanceId])
        #expect(try await op.jobInstances(jobName: "alpha", offset: 1, limit: 1).map(\.id) == [a1.instanceId])
        #expect(try await op.jobInstances(jobName: "beta").map(\.id) == [b1.instanceId])
        #expect(try await op.jobInstances(jobName: "gamma").isEmpty)
        #expect(try await op.stepExecutions(executionId: a1.id).map(\.stepName) == ["a1", "a2"])
        #expect(try await op.jobExecution(id: b1.id)?.jobName == "beta")
        #expect(try await op.jobExecution(id: 9999) == nil)
        #expect(try await op.runningExecutions().isEmpty)

        let started = Latch()
        let gate = Latch()
        let gamma = try Job("gamma", steps: [blocking("g", started: started, gate: gate)])
        let running = try await op.launch(gamma)
        await started.wait()
        #expect(try await op.runningExecutions().map(\.id) == [running.execution.id])
        #expect(try await op.runningExecutions(jobName: "gamma").map(\.id) == [running.execution.id])
        #expect(try await op.runningExecutions(jobName: "alpha").isEmpty)
        #expect(try await op.jobExecution(id: running.execution.id)?.status == .started)
        gate.open()
        let done = await running.result()
        #expect(done.status == .completed)
        #expect(try await op.runningExecutions().isEmpty)
        #expect(try await op.jobNames() == ["alpha", "beta", "gamma"])
        #expect(try await op.jobExecutions(matching: ExecutionQuery(jobName: "alpha")).map(\.id) == [a2.id, a1.id])
    }

    @Test func jobExecutionsOfAnInstanceAreNewestFirst() async throws {
        let faults = FaultInjector(["a"])
        let job = try Job("twice", steps: [TaskletStep("a") { _ in
            try faults.check("a")
            return .finished
        }])
        let (op, _) = makeOperator()
        let first = try await op.start(job)
        let second = try await op.start(job)
        #expect(try await op.jobExecutions(instanceId: first.instanceId).map(\.id) == [second.id, first.id])
        #expect(try await op.jobExecutions(instanceId: first.instanceId).map(\.status) == [.completed, .failed])
    }

    // MARK: Repository traffic

    /// Runs a chunk step over `items` items (chunk size 100) and returns the repository calls.
    private func repositoryCalls(items: Int) async throws -> (counts: [String: Int], commitCount: Int) {
        let counting = CountingJobRepository(wrapping: InMemoryJobRepository())
        var configuration = JobOperator.Configuration.quiet
        configuration.heartbeatInterval = .seconds(3600)
        let op = JobOperator(repository: counting, configuration: configuration)
        let writer = ArrayItemWriter<Int>()
        let step = ChunkStep<Int, Int>("copy", chunkSize: 100,
                                       reader: { _ in ArrayItemReader(Array(0..<items)) },
                                       writer: { _ in writer })
        let job = try Job("counted", steps: [step])
        let e = try await op.start(job)
        let counts = counting.counts
        #expect(e.status == .completed)
        #expect(writer.items.count == items)
        let steps = try await counting.base.stepExecutions(jobExecutionId: e.id)
        return (counts, try #require(steps.first).counters.commitCount)
    }

    @Test func exactlyOneRepositoryCallPerChunkCommit() async throws {
        let small = try await repositoryCalls(items: 1000)
        let large = try await repositoryCalls(items: 2000)
        // 1000 items in chunks of 100 is 10 full chunks; the read that finds the end of input
        // collects nothing and commits nothing (ChunkRun.loop returns before writing).
        #expect(small.counts["commitChunk"] == 10)
        #expect(large.counts["commitChunk"] == 20)
        #expect(small.commitCount == 10)
        #expect(large.commitCount == 20)
        #expect(small.counts["heartbeat", default: 0] == 0)
        #expect(large.counts["heartbeat", default: 0] == 0)
        // `canParticipate` is asked once per commit; it does no I/O (see JobRepository).
        #expect(small.counts["canParticipate", default: 0] == small.counts["commitChunk"])
        #expect(large.counts["canParticipate", default: 0] == large.counts["commitChunk"])

        func io(_ counts: [String: Int]) -> [String: Int] { counts.filter { $0.key != "canParticipate" } }
        func total(_ counts: [String: Int]) -> Int { io(counts).values.reduce(0, +) }
        let fixedSmall = io(small.counts).filter { $0.key != "commitChunk" }
        let fixedLarge = io(large.counts).filter { $0.key != "commitChunk" }
        // Everything else is a fixed cost per run, whatever the number of chunks.
        #expect(fixedSmall == fixedLarge)
        #expect(total(large.counts) - total(small.counts) == large.counts["commitChunk"]! - small.counts["commitChunk"]!)
        #expect(fixedSmall["updateStepExecution"] == 1)
        #expect(fixedSmall["createStepExecution"] == 1)
        #expect(fixedSmall["createJobExecution"] == 1)
        #expect(fixedSmall["updateJobExecution"] == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func heartbeatAdvancesLastUpdated() async throws {
        let counting = CountingJobRepository(wrapping: InMemoryJobRepository())
        var configuration = JobOperator.Configuration.quiet
        configuration.heartbeatInterval = .milliseconds(20)
        let op = JobOperator(repository: counting, configuration: configuration)
        let times = Records<Date>()
        let job = try Job("heartbeat", steps: [TaskletStep("wait") { ctx in
            let id = ctx.step.jobExecutionId
            let before = try await counting.base.jobExecution(id: id)?.lastUpdated
            let beats = counting.count("heartbeat")
            // A bounded wait for two more heartbeats (not the synchronisation under test).
            let deadline = ContinuousClock.now + .seconds(10)
            while counting.count("heartbeat") < beats + 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let after = try await counting.base.jobExecution(id: id)?.lastUpdated
            if let before, let after {
                times.append(before)
                times.append(after)
            }
            return .finished
        }])
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(counting.count("heartbeat") >= 2)
        try #require(times.all.count == 2)
        #expect(times.all[1] > times.all[0])
        #expect(try #require(e.lastUpdated) >= times.all[1])
    }
}

// MARK: - Helpers (nested, so that they shadow any module-level names)

extension JobOperatorTests {
    /// True exactly once.
    final class Once: Sendable {
        private let used = Mutex(false)
        func claim() -> Bool { used.withLock { u in defer { u = true }; return !u } }
    }

    /// Reads an array and resumes from its committed position; the first time it reaches
    /// `pauseAt` (across instances sharing `once`) it opens `arrived` and waits for `gate`.
    final class GatedReader: ItemReader, ItemStream {
        private let items: [Int]
        private let pauseAt: Int
        private let once: Once
        private let arrived: Latch
        private let gate: Latch
        private let position = Mutex(0)

        init(_ items: [Int], pauseAt: Int, once: Once, arrived: Latch, gate: Latch) {
            self.items = items
            self.pauseAt = pauseAt
            self.once = once
            self.arrived = arrived
            self.gate = gate
        }

        func read() async throws -> Int? {
            let index = position.withLock { $0 }
            if index == pauseAt, once.claim() {
                arrived.open()
                await gate.wait()
            }
            guard index < items.count else { return nil }
            position.withLock { $0 = index + 1 }
            return items[index]
        }

        func open(_ context: ExecutionContext) async throws {
            let saved = context.int("gated.position") ?? 0
            position.withLock { $0 = saved }
        }

        func update(_ context: inout ExecutionContext) async throws {
            context["gated.position"] = .int(position.withLock { $0 })
        }
    }

    /// A tasklet step that opens `started` and waits for `gate` before finishing.
    func blocking(_ name: String, started: Latch, gate: Latch) -> TaskletStep {
        TaskletStep(name) { _ in
            started.open()
            await gate.wait()
            return .finished
        }
    }

    /// A tasklet step that always fails.
    func failingStep(_ name: String) -> TaskletStep {
        TaskletStep(name) { (_: inout TaskletContext) async throws -> RepeatStatus in throw BatchError(.io, "down") }
    }

    func makeOperator() -> (JobOperator, InMemoryJobRepository) {
        let repository = InMemoryJobRepository()
        return (JobOperator(repository: repository, configuration: .quiet), repository)
    }
}
