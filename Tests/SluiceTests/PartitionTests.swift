@testable import Sluice
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct PartitionTests {

    // MARK: Plans and names

    @Test func staticPartitionsRunOneWorkerEachWithItsOwnValuesAndComponents() async throws {
        let builds = Records<String>()
        let runs = Records<String>()
        let serials = SharedCounter()
        let worker = TaskletStep("worker", tasklet: { ctx in
            builds.append("\(ctx.stepName)=\(ctx.partition?.string("file") ?? "nil")")
            return PartitionTasklet(serial: serials.next(), builtFor: ctx.partition, runs: runs)
        })
        let plan: [ExecutionContext] = [["file": "a.csv"], ["file": "b.csv"], ["file": "c.csv"]]
        let load = PartitionStep("load", worker: worker, partitioner: StaticPartitioner(plan), threads: 1)
        let job = try Job("static-partitions", steps: [load])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.map(\.stepName) == ["load", "load:p0", "load:p1", "load:p2"])
        #expect(steps.allSatisfy { $0.status == .completed })
        // The factory ran once per partition, with that partition's values.
        #expect(builds.all == ["load:p0=a.csv", "load:p1=b.csv", "load:p2=c.csv"])
        #expect(serials.count == 3)
        // Each worker ran its own tasklet instance, built for its own partition.
        #expect(runs.all == ["1:load:p0:a.csv", "2:load:p1:b.csv", "3:load:p2:c.csv"])
    }

    @Test func namedPartitionsNameTheWorkers() async throws {
        let runs = Records<String>()
        let worker = TaskletStep("worker") { ctx in
            runs.append("\(ctx.step.stepName):\(ctx.step.partition?.string("region") ?? "nil")")
            return .finished
        }
        let partitioner = StaticPartitioner(partitions: [
            Partition(name: "east", values: ["region": "e"]),
            Partition(name: "west", values: ["region": "w"]),
        ])
        let job = try Job("named-partitions", steps: [PartitionStep("load", worker: worker, partitioner: partitioner)])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(try await repository.stepExecutions(jobExecutionId: e.id).map(\.stepName) == ["load", "load:east", "load:west"])
        #expect(runs.all == ["load:east:e", "load:west:w"])
    }

    @Test func emptyPlanCompletesWithoutWorkers() async throws {
        let worker = TaskletStep("worker") { _ in .finished }
        let job = try Job("empty-plan", steps: [PartitionStep("load", worker: worker, partitioner: StaticPartitioner([]))])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        #expect(steps.map(\.stepName) == ["load"])
        #expect(steps.first?.counters == StepCounters())
    }

    @Test func duplicatePartitionNamesFailTheStep() async throws {
        let worker = TaskletStep("worker") { _ in .finished }
        let partitioner = StaticPartitioner(partitions: [Partition(name: "x", values: [:]), Partition(name: "x", values: [:])])
        let job = try Job("dup-partitions", steps: [PartitionStep("load", worker: worker, partitioner: partitioner)])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(try await repository.stepExecutions(jobExecutionId: e.id).map(\.stepName) == ["load"])
    }

    struct RangeCase: Sendable, CustomStringConvertible {
        var min: Int
        var max: Int
        var grid: Int
        var description: String { "\(min)...\(max) grid \(grid)" }
    }

    @Test(arguments: [
        RangeCase(min: 1, max: 10, grid: 3), RangeCase(min: 0, max: 99, grid: 4), RangeCase(min: 1, max: 5, grid: 8),
        RangeCase(min: 7, max: 7, grid: 3), RangeCase(min: -5, max: 5, grid: 2), RangeCase(min: 1, max: 1_000_000, grid: 8),
        RangeCase(min: 1, max: 10, grid: 1), RangeCase(min: 1, max: 10, grid: 0),
    ])
    func rangePartitionerCoversTheRangeExactlyWithoutOverlap(_ c: RangeCase) async throws {
        let partitions = try await RangePartitioner(min: c.min, max: c.max).partitions(gridSize: c.grid)
        let total = c.max - c.min + 1
        #expect(partitions.count == Swift.min(Swift.max(1, c.grid), total))
        #expect(partitions.map(\.name) == partitions.indices.map { "p\($0)" })
        var next = c.min
        var sizes: [Int] = []
        for p in partitions {
            let lo = try #require(p.values.int("min"))
            let hi = try #require(p.values.int("max"))
            #expect(lo == next, "partition \(p.name) starts at \(lo), expected \(next)")
            #expect(hi >= lo)
            sizes.append(hi - lo + 1)
            next = hi + 1
        }
        #expect(next == c.max + 1)
        #expect(sizes.reduce(0, +) == total)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
    }

    @Test func rangePartitionOneToTenGridThree() async throws {
        let partitions = try await RangePartitioner(min: 1, max: 10).partitions(gridSize: 3)
        #expect(partitions.map { [$0.values.int("min"), $0.values.int("max")] } == [[1, 4], [5, 7], [8, 10]])
        #expect(try await RangePartitioner(min: 5, max: 4).partitions(gridSize: 3).isEmpty)
    }

    @Test func rangePartitionedChunkStepReadsEveryValueOnceAndManagerSumsWorkers() async throws {
        let writer = ArrayItemWriter<Int>()
        let ranges = Records<String>()
        let worker = ChunkStep<Int, Int>(
            "worker", chunkSize: 2,
            reader: { ctx in
                let lo = ctx.partition?.int("min") ?? 0, hi = ctx.partition?.int("max") ?? -1
                ranges.append("\(ctx.stepName)=\(lo)...\(hi)")
                return ArrayItemReader(Array(lo...hi))
            },
            processor: { _ in ClosureItemProcessor { $0 % 3 == 0 ? nil : $0 } },
            writer: { _ in writer })
        let load = PartitionStep("load", worker: worker, partitioner: RangePartitioner(min: 1, max: 10), threads: 2, gridSize: 3)
        let job = try Job("range-chunks", steps: [load])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(writer.items.sorted() == [1, 2, 4, 5, 7, 8, 10])
        #expect(Set(ranges.all) == ["load:p0=1...4", "load:p1=5...7", "load:p2=8...10"])

        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        let manager = try #require(steps.first { $0.stepName == "load" })
        let workers = steps.filter { $0.stepName.hasPrefix("load:") }
        #expect(workers.count == 3)
        #expect(manager.counters == workers.reduce(StepCounters()) { $0 + $1.counters })
        #expect(manager.counters.readCount == 10)
        #expect(manager.counters.filterCount == 3)
        #expect(manager.counters.writeCount == 7)
        #expect(workers.map(\.counters.readCount).sorted() == [3, 3, 4])
        #expect(manager.status == .completed)
    }

    // MARK: Concurrency

    @Test(.timeLimit(.minutes(1)), arguments: [(8, 3), (5, 1), (4, 4), (3, 8)])
    func threadsBoundIsNeverExceeded(partitions: Int, threads: Int) async throws {
        let probe = ConcurrencyProbe(bound: Swift.min(threads, partitions), total: partitions)
        let worker = TaskletStep("worker") { _ in
            await probe.enter()
            for _ in 0..<5 { await Task.yield() }
            await probe.leave()
            return .finished
        }
        let plan = (0..<partitions).map { i -> ExecutionContext in ["i": .int(i)] }
        let load = PartitionStep("load", worker: worker, partitioner: StaticPartitioner(plan), threads: threads)
        let job = try Job("partition-threads", steps: [load])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .completed)
        #expect(await probe.maxSeen == Swift.min(threads, partitions))
        #expect(try await repository.stepExecutions(jobExecutionId: e.id).count == partitions + 1)
    }

    // MARK: Failure and restart

    @Test func failingPartitionFailsTheStepAndTheJob() async throws {
        let ran = Records<String>()
        let worker = TaskletStep("worker") { ctx in
            ran.append(ctx.step.stepName)
            if ctx.step.partition?.bool("fail") == true { throw BatchError(.validation, "bad partition \(ctx.step.stepName)") }
            return .finished
        }
        let plan: [ExecutionContext] = [["fail": false], ["fail": true], ["fail": false]]
        let job = try Job("partition-fails", steps: [
            PartitionStep("load", worker: worker, partitioner: StaticPartitioner(plan), threads: 2),
            TaskletStep("after") { ctx in
                ran.append(ctx.step.stepName)
                return .finished
            },
        ])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        #expect(e.exitStatus.code == "FAILED")
        #expect(!ran.all.contains("after"))
        let steps = Dictionary(uniqueKeysWithValues: try await repository.stepExecutions(jobExecutionId: e.id).map { ($0.stepName, $0) })
        #expect(steps["load"]?.status == .failed)
        #expect(steps["load"]?.exitStatus.code == "FAILED")
        #expect(steps["load:p0"]?.status == .completed)
        #expect(steps["load:p1"]?.status == .failed)
        #expect(steps["load:p2"]?.status == .completed)
        #expect(steps["after"] == nil)
        #expect(steps["load"]?.failures.contains { $0.message.contains("bad partition load:p1") } == true)
    }

    @Test func restartRerunsOnlyIncompletePartitionsWithTheSavedPlan() async throws {
        let partitioner = ChangingPartitioner()
        let faults = FaultInjector(["load:p1"])
        let ran = Records<String>()
        let worker = TaskletStep("worker") { ctx in
            ran.append("\(ctx.step.stepName)#\(ctx.step.partition?.int("n") ?? -1)")
            try faults.check(ctx.step.stepName)
            return .finished
        }
        let job = try Job("partition-restart", steps: [
            PartitionStep("load", worker: worker, partitioner: partitioner, threads: 2),
            TaskletStep("after") { _ in .finished },
        ])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(Set(ran.all) == ["load:p0#0", "load:p1#1", "load:p2#2"])

        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(second.instanceId == first.instanceId)
        // The plan was saved: the partitioner (which would now say something else) is not asked again.
        #expect(partitioner.calls == 1)
        #expect(ran.all.count == 4)
        #expect(ran.all.last == "load:p1#1")
        let rerun = try await repository.stepExecutions(jobExecutionId: second.id)
        #expect(rerun.map(\.stepName) == ["load", "load:p1", "after"])
        #expect(rerun.allSatisfy { $0.status == .completed })
        // Only the rerun partition counts in this execution's manager.
        let manager = try #require(rerun.first)
        #expect(manager.counters == rerun[1].counters)
    }

    @Test func chunkWorkersResumeAfterTheirLastCommittedChunk() async throws {
        let input = Array(0..<100)
        let faults = FaultInjector(["process:62"])
        let writer = TransactionalListWriter<Int>()
        let worker = ChunkStep<Int, Int>(
            "worker", chunkSize: 5,
            reader: { ctx in ArrayItemReader(Array((ctx.partition?.int("min") ?? 0)...(ctx.partition?.int("max") ?? -1))) },
            processor: { _ in InjectingProcessor<Int>(faults: faults) },
            writer: { _ in writer }
        ).transactionManager(InMemoryTransactionManager())
        let load = PartitionStep("load", worker: worker, partitioner: RangePartitioner(min: 0, max: 99), threads: 2, gridSize: 4)
        let job = try Job("partition-exactly-once", steps: [load])
        let (op, repository) = makeOperator()

        let first = try await op.start(job)
        #expect(first.status == .failed)
        let firstSteps = Dictionary(uniqueKeysWithValues: try await repository.stepExecutions(jobExecutionId: first.id).map { ($0.stepName, $0) })
        #expect(firstSteps["load:p2"]?.status == .failed)
        #expect(firstSteps["load:p2"]?.counters.writeCount == 10)
        #expect(writer.items.filter { (50...74).contains($0) } == Array(50..<60))

        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(writer.items.count == input.count)
        #expect(writer.items.sorted() == input)
        let rerun = try await repository.stepExecutions(jobExecutionId: second.id)
        #expect(rerun.map(\.stepName) == ["load", "load:p2"])
        let p2 = try #require(rerun.last)
        #expect(p2.counters.readCount == 15)
        #expect(p2.counters.writeCount == 15)
        #expect(rerun.first?.counters.writeCount == 15)
    }

    @Test func stopDuringPartitionsThenRestartRunsTheRest() async throws {
        let arrived = Latch()
        let gate = Latch()
        let p1Calls = SharedCounter()
        let runs = Records<String>()
        let worker = TaskletStep("worker") { ctx in
            runs.append(ctx.step.stepName)
            if ctx.step.stepName == "load:p1", p1Calls.next() == 1 {
                arrived.open()
                await gate.wait()
                return .continuable
            }
            return .finished
        }
        let plan = (0..<4).map { i -> ExecutionContext in ["i": .int(i)] }
        let job = try Job("partition-stop", steps: [
            PartitionStep("load", worker: worker, partitioner: StaticPartitioner(plan), threads: 1),
        ])
        let (op, repository) = makeOperator()
        let running = try await op.launch(job)
        await arrived.wait()
        try await op.stop(executionId: running.execution.id)
        gate.open()
        let stopped = await running.result()
        #expect(stopped.status == .stopped)
        let first = Dictionary(uniqueKeysWithValues: try await repository.stepExecutions(jobExecutionId: stopped.id).map { ($0.stepName, $0.status) })
        #expect(first["load"] == .stopped)
        #expect(first["load:p0"] == .completed)
        #expect(first["load:p1"] == .stopped)
        #expect(first["load:p2"] != .completed && first["load:p3"] != .completed)
        #expect(!runs.all.contains("load:p2") && !runs.all.contains("load:p3"))

        let restarted = try await op.restart(executionId: stopped.id)
        #expect(restarted.status == .completed)
        let rerun = try await repository.stepExecutions(jobExecutionId: restarted.id)
        #expect(rerun.map(\.stepName) == ["load", "load:p1", "load:p2", "load:p3"])
        #expect(runs.all.filter { $0 == "load:p0" }.count == 1)
        #expect(runs.all.filter { $0 == "load:p1" }.count == 2)
    }

    @Test func stopTransitionRestartingAtAPartitionedStepRunsItsPartitionsAgain() async throws {
        // Spec: "`stop: { restart: ID }`: the next run of this instance begins at ID, and ID runs
        // even if it completed before". Running a partitioned step means running its partitions.
        let runs = Records<String>()
        let worker = TaskletStep("worker") { ctx in
            runs.append(ctx.step.stepName)
            return .finished
        }
        let decisions = SharedCounter()
        let job = try Job("repoll", flow: Flow([
            .step(PartitionStep("load", worker: worker, partitioner: StaticPartitioner([["f": "a"], ["f": "b"]]))),
            .decision("check", ClosureDecider { _ in decisions.next() == 1 ? "AGAIN" : "DONE" },
                      transitions: [.on("AGAIN", .stop(restart: "load")), .on("DONE", .end())]),
        ]))
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .stopped)
        #expect(runs.all == ["load:p0", "load:p1"])
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(runs.all == ["load:p0", "load:p1", "load:p0", "load:p1"])
        #expect(try await repository.stepExecutions(jobExecutionId: second.id).map(\.stepName) == ["load", "load:p0", "load:p1"])
    }

    /// Runs a scenario where partitions p1 and p4 of six fail (p4 quickly, p1 after yielding), and
    /// returns each step's status and exit status, plus the manager's exit description.
    private func failingScenario() async throws -> (outcome: [String: String], managerExit: String) {
        let worker = TaskletStep("worker") { ctx in
            let name = ctx.step.stepName
            if name == "load:p1" { for _ in 0..<20 { await Task.yield() } }
            if ctx.step.partition?.bool("fail") == true { throw BatchError(.validation, "partition \(name) rejected") }
            return .finished
        }
        let plan = (0..<6).map { i -> ExecutionContext in ["fail": .bool(i == 1 || i == 4)] }
        let job = try Job("partition-deterministic", steps: [
            PartitionStep("load", worker: worker, partitioner: StaticPartitioner(plan), threads: 3),
        ])
        let (op, repository) = makeOperator()
        let e = try await op.start(job)
        #expect(e.status == .failed)
        let steps = try await repository.stepExecutions(jobExecutionId: e.id)
        let outcome = Dictionary(uniqueKeysWithValues: steps.map { ($0.stepName, "\($0.status)/\($0.exitStatus.code)") })
        let manager = try #require(steps.first { $0.stepName == "load" })
        return (outcome, manager.exitStatus.description)
    }

    @Test func sameFailingScenarioGivesTheSamePerPartitionOutcome() async throws {
        let a = try await failingScenario()
        let b = try await failingScenario()
        #expect(a.outcome == b.outcome)
        #expect(a.managerExit == b.managerExit)
        #expect(a.outcome == [
            "load": "FAILED/FAILED",
            "load:p0": "COMPLETED/COMPLETED", "load:p1": "FAILED/FAILED", "load:p2": "COMPLETED/COMPLETED",
            "load:p3": "COMPLETED/COMPLETED", "load:p4": "FAILED/FAILED", "load:p5": "COMPLETED/COMPLETED",
        ])
        // The manager reports the first failed partition in plan order, not the first to fail.
        #expect(a.managerExit.contains("load:p1"))
    }

    // MARK: Start limits

    @Test func workerReachingItsStartLimitDuringARunFailsThatExecution() async throws {
        // The resume step is the partitioned step 'load' (no limit), so the launch is accepted;
        // its worker 'load:p1' may start only once, so the run fails without running it again.
        let worker = TaskletStep("worker") { ctx in
            if ctx.step.partition?.bool("fail") == true { throw BatchError(.io, "always fails") }
            return .finished
        }.startLimit(1)
        let job = try Job("worker-start-limit", steps: [
            PartitionStep("load", worker: worker, partitioner: StaticPartitioner([["fail": false], ["fail": true]])),
        ])
        let (op, repository) = makeOperator()
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let second = try await op.start(job)
        #expect(second.status == .failed)
        #expect(second.exitStatus.description.contains("start limit"))
        let steps = try await repository.stepExecutions(jobExecutionId: second.id)
        #expect(steps.map(\.stepName) == ["load"])
        #expect(try await repository.stepExecutionCount(instanceId: first.instanceId, stepName: "load:p1") == 1)
    }

    @Test func managerStartLimitRefusesTheLaunchWithoutCreatingAnExecution() async throws {
        // Spec: "Refused with exit 4 and no new execution: ... a launch whose resume step has
        // reached its start-limit". The resume step here is the partitioned step 'load'.
        let worker = TaskletStep("worker") { ctx in
            if ctx.step.partition?.bool("fail") == true { throw BatchError(.io, "always fails") }
            return .finished
        }
        var load = PartitionStep("load", worker: worker, partitioner: StaticPartitioner([["fail": false], ["fail": true]]))
        load.startLimit = 2
        let job = try Job("manager-start-limit", steps: [load])
        let (op, _) = makeOperator()
        let first = try await op.start(job)
        let second = try await op.start(job)
        #expect(first.status == .failed)
        #expect(second.status == .failed)
        do {
            let third = try await op.start(job)
            Issue.record("third launch was not refused: a new execution \(third.id) ended \(third.status) (\(third.exitStatus.description))")
        } catch let refused as LaunchRefused {
            guard case .startLimitReached(_, let limit) = refused else {
                Issue.record("unexpected refusal \(refused)")
                return
            }
            #expect(limit == 2)
        }
        #expect(try await op.jobExecutions(instanceId: first.instanceId).count == 2)
    }
}

// MARK: - Helpers (nested, so that they shadow any module-level names)

extension PartitionTests {
    /// A tasklet instance that remembers which partition it was built for and records, when run,
    /// its serial number, the step name and the partition it runs in (which must be its own).
    final class PartitionTasklet: Tasklet {
        let serial: Int
        let builtFor: ExecutionContext?
        let runs: Records<String>

        init(serial: Int, builtFor: ExecutionContext?, runs: Records<String>) {
            self.serial = serial
            self.builtFor = builtFor
            self.runs = runs
        }

        func execute(_ context: inout TaskletContext) async throws -> RepeatStatus {
            let own = context.step.partition == builtFor ? "" : " (runs in another partition!)"
            runs.append("\(serial):\(context.step.stepName):\(builtFor?.string("file") ?? "nil")\(own)")
            return .finished
        }
    }

    /// Returns p0...p2 the first time, and a different plan every later time.
    final class ChangingPartitioner: Partitioner {
        private let counter = SharedCounter()
        var calls: Int { counter.count }

        func partitions(gridSize: Int) async throws -> [Partition] {
            if counter.next() == 1 {
                return (0..<3).map { Partition(name: "p\($0)", values: ["n": .int($0)]) }
            }
            return [Partition(name: "other", values: ["n": 99])]
        }
    }

    func makeOperator() -> (JobOperator, InMemoryJobRepository) {
        let repository = InMemoryJobRepository()
        return (JobOperator(repository: repository, configuration: .quiet), repository)
    }
}
