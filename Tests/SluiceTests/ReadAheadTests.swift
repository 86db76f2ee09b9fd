import Sluice
import SluiceTestSupport
import Synchronization
import Testing

/// Read-ahead: the next chunk is read while the previous one is written and committed, and the
/// checkpoint stored with each commit is the reader's state as of that chunk, not the state the
/// reader has moved on to.
@Suite struct ReadAheadTests {
    /// A reader that records which item each `read` returned, and opens a latch when it is asked
    /// for `signalAt`.
    final class ObservedReader: ReadAheadItemReader, ItemStream {
        let items: [Int]
        let signalAt: Int
        let reached = Latch()
        private let position = Mutex(0)

        init(_ items: [Int], signalAt: Int) {
            self.items = items
            self.signalAt = signalAt
        }

        func read() async throws -> Int? {
            let index = position.withLock { p -> Int in defer { p += 1 }; return p }
            if index == signalAt { reached.open() }
            return index < items.count ? items[index] : nil
        }

        func open(_ context: ExecutionContext) async throws { position.withLock { $0 = context.int("observed.position") ?? 0 } }
        func update(_ context: inout ExecutionContext) async throws { context["observed.position"] = .int(position.withLock { $0 }) }
    }

    /// Waits for `latch`, giving up after `seconds`; returns whether it opened.
    static func opens(_ latch: Latch, within seconds: Int) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await latch.wait(); return true }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            latch.open()   // releases the waiter when the timeout won
            return first
        }
    }

    /// Runs ten items in chunks of five; while the first chunk is written, waits up to `seconds`
    /// for the reader to be asked for item 5. Returns whether it was, and the step's execution.
    static func readDuringFirstWrite(readAhead: Bool, seconds: Int) async throws -> (Bool?, StepExecution) {
        let reader = ObservedReader(Array(0..<10), signalAt: 5)
        let sawReadAhead = Mutex<Bool?>(nil)
        let writer = ClosureItemWriter<Int> { chunk in
            guard chunk.items.first == 0 else { return }
            let opened = await Self.opens(reader.reached, within: seconds)
            sawReadAhead.withLock { $0 = opened }
        }
        let step = ChunkStep<Int, Int>("overlap", chunkSize: 5, reader: { _ in reader }, writer: { _ in writer }).readAhead(readAhead)
        let (execution, stepExecution) = try await runStep(step)
        #expect(execution.status == .completed)
        return (sawReadAhead.withLock { $0 }, stepExecution)
    }

    @Test func theNextChunkIsReadWhileTheFirstIsWritten() async throws {
        let (sawReadAhead, stepExecution) = try await Self.readDuringFirstWrite(readAhead: true, seconds: 30)
        #expect(sawReadAhead == true)
        #expect(stepExecution.counters.readCount == 10)
        #expect(stepExecution.counters.writeCount == 10)
        #expect(stepExecution.counters.commitCount == 2)
    }

    @Test func readAheadOffReadsOnlyAfterTheCommit() async throws {
        // Without read-ahead nothing can read item 5 during the first write: the wait must time out.
        let (sawReadAhead, _) = try await Self.readDuringFirstWrite(readAhead: false, seconds: 1)
        #expect(sawReadAhead == false)
    }

    @Test func aFailedWriteCheckpointsTheReaderAtTheLastCommittedChunk() async throws {
        // Chunks of 3; the write of [3, 4, 5] fails after [6, 7, 8] has been read ahead. The
        // stored reader position must be 3, and the restart must write 3...9 exactly once.
        let failing = Mutex(true)
        let writer = TransactionalListWriter<Int>(failure: { item in
            item == 4 && failing.withLock({ $0 }) ? BatchError(.io, "disk full") : nil
        })
        let step = ChunkStep<Int, Int>("copy", chunkSize: 3, reader: { _ in ObservedReader(Array(0..<10), signalAt: -1) },
                                       writer: { _ in writer })
            .transactionManager(InMemoryTransactionManager())
        let job = try Job("read-ahead-failure", steps: [step])
        let repository = InMemoryJobRepository()
        let op = JobOperator(repository: repository, configuration: .quiet)
        let first = try await op.start(job)
        #expect(first.status == .failed)
        let failed = try #require(try await repository.stepExecutions(jobExecutionId: first.id).first)
        #expect(failed.executionContext.int("observed.position") == 3)
        #expect(failed.counters.readCount == 3)
        #expect(writer.items == [0, 1, 2])

        failing.withLock { $0 = false }
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(writer.items == Array(0..<10))
        let resumed = try #require(try await repository.stepExecutions(jobExecutionId: second.id).first)
        #expect(resumed.counters.readCount == 7)
    }

    @Test func aStopDropsTheChunkReadAheadAndTheRestartReadsItAgain() async throws {
        let op = Mutex<JobOperator?>(nil)
        let writer = TransactionalListWriter<Int>()
        let stopper = ClosureItemWriter<Int> { chunk in
            try await writer.write(chunk)
            if chunk.items.first == 4, let op = op.withLock({ $0 }), let id = try await op.runningExecutions().first?.id {
                try await op.stop(executionId: id)
            }
        }
        let step = ChunkStep<Int, Int>("copy", chunkSize: 4, reader: { _ in ObservedReader(Array(0..<20), signalAt: -1) },
                                       writer: { _ in stopper })
            .transactionManager(InMemoryTransactionManager())
        let job = try Job("read-ahead-stop", steps: [step])
        let repository = InMemoryJobRepository()
        let jobOperator = JobOperator(repository: repository, configuration: .quiet)
        op.withLock { $0 = jobOperator }
        let first = try await jobOperator.start(job)
        #expect(first.status == .stopped)
        #expect(writer.items == Array(0..<8))
        let stopped = try #require(try await repository.stepExecutions(jobExecutionId: first.id).first)
        #expect(stopped.executionContext.int("observed.position") == 8)

        let second = try await jobOperator.restart(executionId: first.id)
        #expect(second.status == .completed)
        #expect(writer.items == Array(0..<20))
    }

    @Test func processingMovesIntoTheReadAheadAndCountsFilteredItems() async throws {
        let writer = TransactionalListWriter<Int>()
        let step = ChunkStep<Int, Int>("evens", chunkSize: 4, reader: { _ in ArrayItemReader(Array(0..<10)) },
                                       processor: { _ in ClosureItemProcessor<Int, Int> { $0 % 2 == 0 ? $0 : nil } },
                                       writer: { _ in writer })
            .transactionManager(InMemoryTransactionManager())
        let (execution, stepExecution) = try await runStep(step)
        #expect(execution.status == .completed)
        #expect(writer.items == [0, 2, 4, 6, 8])
        #expect(stepExecution.counters.readCount == 10)
        #expect(stepExecution.counters.filterCount == 5)
        #expect(stepExecution.counters.balanced)
    }
}
