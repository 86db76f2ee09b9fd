import Sluice
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct ChunkStepTests {
    @Test func readsProcessesAndWritesInChunks() async throws {
        let writer = ArrayItemWriter<String>()
        let s = ChunkStep<Int, String>("copy", chunkSize: 4,
                                       reader: { _ in ArrayItemReader(Array(1...10)) },
                                       processor: { _ in ClosureItemProcessor { $0 % 3 == 0 ? nil : "#\($0)" } },
                                       writer: { _ in writer })
        let (job, e) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(job.exitStatus == .completed)
        #expect(e.status == .completed)
        #expect(writer.items == ["#1", "#2", "#4", "#5", "#7", "#8", "#10"])
        #expect(e.counters.readCount == 10)
        #expect(e.counters.filterCount == 3)
        #expect(e.counters.writeCount == 7)
        #expect(e.counters.commitCount == 3)
        #expect(e.counters.rollbackCount == 0)
        #expect(e.executionContext.int("array.reader.position") == 10)
        #expect(e.startTime != nil && e.endTime != nil)
    }

    @Test func anEmptyInputCompletesWithOneCommitlessRun() async throws {
        let writer = ArrayItemWriter<Int>()
        let s = ChunkStep<Int, Int>("empty", reader: { _ in ArrayItemReader([Int]()) }, writer: { _ in writer })
        let (job, e) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(e.counters == StepCounters())
        #expect(writer.items.isEmpty)
    }

    @Test func listenersAreCalledInOrder() async throws {
        let log = EventLog()
        let s = ChunkStep<Int, Int>("listened", chunkSize: 2,
                                    reader: { _ in ArrayItemReader([1, 2, 3]) },
                                    processor: { _ in ClosureItemProcessor { $0 == 2 ? nil : $0 } },
                                    writer: { _ in ArrayItemWriter<Int>() })
            .listener(RecordingListener(log: log))
        _ = try await runStep(s)
        #expect(log.all == [
            "beforeStep",
            "beforeChunk", "beforeRead", "afterRead:1", "beforeRead", "afterRead:2",
            "beforeProcess:1", "afterProcess:1", "beforeProcess:2", "afterProcess:2",
            "beforeWrite:[1]", "afterWrite:[1]", "afterChunk",
            "beforeChunk", "beforeRead", "afterRead:3", "beforeRead",
            "beforeProcess:3", "afterProcess:3", "beforeWrite:[3]", "afterWrite:[3]", "afterChunk",
            "afterStep:STARTED",
        ].map { $0 == "afterStep:STARTED" ? "afterStep:COMPLETED" : $0 })
    }

    @Test func aChunkTimeLimitCommitsEarly() async throws {
        let writer = ArrayItemWriter<Int>()
        let s = ChunkStep<Int, Int>("timed", chunkSize: 100, reader: { _ in ArrayItemReader(Array(1...5)) }, writer: { _ in writer })
            .chunkTimeLimit(.zero)
        let (_, e) = try await runStep(s)
        // With a zero time limit every chunk closes after its first item.
        #expect(e.counters.commitCount == 5)
        #expect(writer.items == [1, 2, 3, 4, 5])
    }

    @Test func streamsAreOpenedUpdatedAndClosedEvenOnFailure() async throws {
        let log = EventLog()
        let reader = ScriptedReader([1, 2, 3, 4], log: log, error: { $0 == 4 ? BatchError(.io, "gone") : nil })
        let s = ChunkStep<Int, Int>("streams", chunkSize: 2, reader: { _ in reader }, writer: { _ in ArrayItemWriter<Int>() })
        let (job, e) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(log.all == ["open", "update", "close"])
        #expect(e.executionContext.int("scripted.position") == 2)
        #expect(e.counters.readCount == 2)
    }

    @Test func componentsAreBuiltOncePerStepExecution() async throws {
        let builds = Mutex(0)
        let faults = FaultInjector(["read:5"])
        let s = ChunkStep<Int, Int>("factory", chunkSize: 3,
                                    reader: { context in
                                        builds.withLock { $0 += 1 }
                                        #expect(context.stepName == "factory")
                                        return InjectingReader(Array(0..<10), faults: faults)
                                    },
                                    writer: { _ in ArrayItemWriter<Int>() })
        let job = try Job("factory-job", steps: [s])
        let op = JobOperator(repository: InMemoryJobRepository(), configuration: .quiet)
        #expect(try await op.start(job).status == .failed)
        #expect(try await op.start(job).status == .completed)
        #expect(builds.withLock { $0 } == 2)
    }

    @Test func aFactoryErrorFailsTheStep() async throws {
        let s = ChunkStep<Int, Int>("broken",
                                    reader: { _ in throw BatchError(.io, "cannot open 'orders.csv'") },
                                    writer: { _ in ArrayItemWriter<Int>() })
        let (job, e) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(e.status == .failed)
        #expect(e.failures.first?.message == "cannot open 'orders.csv'")
    }

    @Test func compositesChainProcessorsAndFanOutWriters() async throws {
        let a = ArrayItemWriter<Int>(), b = ArrayItemWriter<Int>()
        let processors: [any ItemProcessor<Int, Int>] = [
            ClosureItemProcessor { $0 * 10 }, ClosureItemProcessor { $0 == 20 ? nil : $0 + 1 },
        ]
        let s = ChunkStep<Int, Int>("composite", chunkSize: 2,
                                    reader: { _ in CompositeItemReader([ArrayItemReader([1, 2], key: "a"), ArrayItemReader([3], key: "b")]) },
                                    processor: { _ in CompositeItemProcessor(processors) },
                                    writer: { _ in CompositeItemWriter([a, b]) })
        let (_, e) = try await runStep(s)
        #expect(a.items == [11, 31])
        #expect(b.items == [11, 31])
        #expect(e.counters.filterCount == 1)
        #expect(e.executionContext.int("composite.reader.index") == 2)
        let typed = CompositeItemProcessor(ClosureItemProcessor<Int, String> { "\($0)" }, ClosureItemProcessor<String, Int> { $0.count })
        #expect(try await typed.process(1234) == 4)
    }

    /// A repository that shares the writer's "database": it joins the chunk transaction.
    final class SharedDatabaseRepository: JobRepository {
        let inner = InMemoryJobRepository()
        let log: EventLog
        init(log: EventLog) { self.log = log }
        func canParticipate(in transaction: any Transaction) -> Bool { transaction is LoggingTransaction }
        func commitChunk(_ e: StepExecution, in transaction: (any Transaction)?) async throws -> ChunkCommitResult {
            log.add(transaction == nil ? "checkpoint(alone)" : "checkpoint(in tx)")
            return try await inner.commitChunk(e, in: transaction)
        }
        func createJobExecution(_ r: LaunchRequest) async throws -> JobExecution { try await inner.createJobExecution(r) }
        func updateJobExecution(_ e: JobExecution) async throws -> JobExecution { try await inner.updateJobExecution(e) }
        func heartbeat(jobExecutionId: Int) async throws -> BatchStatus { try await inner.heartbeat(jobExecutionId: jobExecutionId) }
        func requestStop(jobExecutionId: Int) async throws -> JobExecution { try await inner.requestStop(jobExecutionId: jobExecutionId) }
        func createStepExecution(_ e: StepExecution) async throws -> StepExecution { try await inner.createStepExecution(e) }
        func updateStepExecution(_ e: StepExecution) async throws -> StepExecution { try await inner.updateStepExecution(e) }
        func jobNames() async throws -> [String] { try await inner.jobNames() }
        func jobInstances(jobName: String, offset: Int, limit: Int) async throws -> [JobInstance] { try await inner.jobInstances(jobName: jobName, offset: offset, limit: limit) }
        func jobInstance(id: Int) async throws -> JobInstance? { try await inner.jobInstance(id: id) }
        func jobInstance(jobName: String, key: String) async throws -> JobInstance? { try await inner.jobInstance(jobName: jobName, key: key) }
        func jobExecution(id: Int) async throws -> JobExecution? { try await inner.jobExecution(id: id) }
        func jobExecutions(instanceId: Int) async throws -> [JobExecution] { try await inner.jobExecutions(instanceId: instanceId) }
        func jobExecutions(matching q: ExecutionQuery) async throws -> [JobExecution] { try await inner.jobExecutions(matching: q) }
        func stepExecutions(jobExecutionId: Int) async throws -> [StepExecution] { try await inner.stepExecutions(jobExecutionId: jobExecutionId) }
        func stepExecution(id: Int) async throws -> StepExecution? { try await inner.stepExecution(id: id) }
        func lastStepExecution(instanceId: Int, stepName: String) async throws -> StepExecution? { try await inner.lastStepExecution(instanceId: instanceId, stepName: stepName) }
        func stepExecutionCount(instanceId: Int, stepName: String) async throws -> Int { try await inner.stepExecutionCount(instanceId: instanceId, stepName: stepName) }
        func purge(endedBefore date: Date) async throws -> Int { try await inner.purge(endedBefore: date) }
    }

    final class LoggingTransaction: Transaction {
        let log: EventLog
        init(log: EventLog) { self.log = log }
        func commit() async throws { log.add("commit") }
        func rollback() async throws { log.add("rollback") }
        func setSavepoint(_ name: String) async throws {}
        func rollback(toSavepoint name: String) async throws {}
        func releaseSavepoint(_ name: String) async throws {}
    }

    struct LoggingTransactionManager: TransactionManager {
        let log: EventLog
        func begin() async throws -> any Transaction { log.add("begin"); return LoggingTransaction(log: log) }
    }

    @Test func theCheckpointJoinsTheWritersTransactionWhenTheyShareADatabase() async throws {
        let log = EventLog()
        let writer = ClosureItemWriter<Int> { chunk in
            #expect(ActiveTransaction.current is LoggingTransaction)
            log.add("write")
        }
        let s = ChunkStep<Int, Int>("shared", chunkSize: 2, reader: { _ in ArrayItemReader([1, 2]) }, writer: { _ in writer })
            .transactionManager(LoggingTransactionManager(log: log))
        _ = try await runStep(s, repository: SharedDatabaseRepository(log: log))
        // One chunk with items, then the final empty read ends the step without a transaction.
        #expect(log.all == ["begin", "write", "checkpoint(in tx)", "commit"])
    }

    @Test func otherwiseTheCheckpointFollowsTheCommit() async throws {
        let log = EventLog()
        let writer = ClosureItemWriter<Int> { _ in log.add("write") }
        let s = ChunkStep<Int, Int>("separate", chunkSize: 2, reader: { _ in ArrayItemReader([1, 2, 3]) }, writer: { _ in writer })
            .transactionManager(LoggingTransactionManager(log: log))
        let counting = CountingJobRepository(wrapping: InMemoryJobRepository())
        _ = try await runStep(s, repository: counting)
        #expect(log.all == ["begin", "write", "commit", "begin", "write", "commit"])
        #expect(counting.count("commitChunk") == 2)
    }
}

@Suite struct TaskletStepTests {
    @Test func aContinuableTaskletRunsOneTransactionPerCall() async throws {
        let manager = InMemoryTransactionManager()
        let s = TaskletStep("count") { context in
            let n = (context.executionContext.int("n") ?? 0) + 1
            context.executionContext["n"] = .int(n)
            context.counters.readCount += 1
            return n == 3 ? .finished : .continuable
        }.transactionManager(manager)
        let (job, e) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(e.executionContext.int("n") == 3)
        #expect(e.counters.commitCount == 3)
        #expect(e.counters.readCount == 3)
        #expect(manager.commits == 3)
    }

    @Test func aThrowingTaskletRollsBackAndFails() async throws {
        let manager = InMemoryTransactionManager()
        let s = TaskletStep("boom") { (_: inout TaskletContext) in throw BatchError(.timeout, "command timed out after 60s") }.transactionManager(manager)
        let (job, e) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(e.counters.rollbackCount == 1)
        #expect(manager.rollbacks == 1)
        #expect(e.failures.first?.category == "timeout")
        #expect(e.exitStatus.description.contains("timed out"))
    }

    @Test func aTaskletSetsTheExitStatusAndPromotesToTheJobContext() async throws {
        let s = TaskletStep("mark") { context in
            context.exitStatus = ExitStatus("NOOP")
            context.jobContextUpdates["marked"] = true
            return .finished
        }
        let (job, e) = try await runStep(s)
        #expect(e.exitStatus.code == "NOOP")
        #expect(job.exitStatus.code == "NOOP")
        #expect(job.executionContext.bool("marked") == true)
    }
}

import Foundation
