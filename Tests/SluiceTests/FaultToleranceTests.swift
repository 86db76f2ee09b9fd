import Sluice
import SluiceTestSupport
import Synchronization
import Testing

@Suite struct FaultToleranceTests {
    let input = Array(1...20)

    func step(chunkSize: Int = 5,
              reader: ScriptedReader,
              processor: (@Sendable (Int) async throws -> Int?)? = nil,
              writer: TransactionalListWriter<Int>) -> ChunkStep<Int, Int> {
        let process = processor ?? { $0 }
        return ChunkStep<Int, Int>("ft", chunkSize: chunkSize,
                                   reader: { _ in reader },
                                   processor: { _ in ClosureItemProcessor(process) },
                                   writer: { _ in writer })
            .transactionManager(InMemoryTransactionManager())
    }

    @Test func processRetrySucceedsWithinTheLimit() async throws {
        let faults = FaultInjector()
        faults.arm("p7", times: 2)
        let log = EventLog()
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: ScriptedReader(input), processor: { item in
            try faults.check("p\(item)", BatchError(.transient, "deadlock"))
            return item
        }, writer: writer)
            .retry(RetryPolicy(limit: 2, on: [.transient], backoff: .fixed(.milliseconds(1))))
            .listener(RecordingListener(log: log))
        let (job, stepExecution) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(writer.items == input)
        #expect(log.count(prefix: "retry:") == 2)
        #expect(stepExecution.counters.processSkipCount == 0)
    }

    @Test func retriesExhaustedWithoutSkipFailTheStep() async throws {
        let faults = FaultInjector()
        faults.arm("p7", times: 3)
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: ScriptedReader(input), processor: { item in
            try faults.check("p\(item)", BatchError(.transient, "deadlock"))
            return item
        }, writer: writer).retry(RetryPolicy(limit: 2, on: [.transient]))
        let (job, stepExecution) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(stepExecution.status == .failed)
        #expect(writer.items == Array(1...5))
        #expect(stepExecution.counters.writeCount == 5)
        #expect(stepExecution.failures.first?.category == "transient")
    }

    @Test func aFailedWriteIsRetriedWithTheSameItems() async throws {
        let faults = FaultInjector()
        faults.arm("w", times: 2)
        let log = EventLog()
        let writer = TransactionalListWriter<Int>(failure: { item in
            item == 12 ? (try? faults.check("w")) == nil ? BatchError(.connection, "connection reset") : nil : nil
        })
        let s = step(reader: ScriptedReader(input), writer: writer)
            .retry(RetryPolicy(limit: 2, on: [.connection]))
            .listener(RecordingListener(log: log))
        let (job, stepExecution) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(writer.items == input)
        #expect(log.all.filter { $0.hasPrefix("beforeWrite:") && $0.contains("12") } == Array(repeating: "beforeWrite:[11, 12, 13, 14, 15]", count: 3))
        #expect(stepExecution.counters.rollbackCount == 2)
        #expect(stepExecution.counters.commitCount == 4)
        #expect(stepExecution.counters.writeCount == 20)
    }

    @Test(arguments: [1, 3, 5, 7, 20])
    func scanSkipsOnlyTheBadItems(chunkSize: Int) async throws {
        let bad: Set<Int> = [4, 5, 13]
        let log = EventLog()
        let writer = TransactionalListWriter<Int>(failure: { bad.contains($0) ? BatchError(.constraint, "duplicate key \($0)") : nil })
        let s = step(chunkSize: chunkSize, reader: ScriptedReader(input), writer: writer)
            .skip(SkipPolicy(limit: 3, on: [.constraint]))
            .listener(RecordingListener(log: log))
        let (job, stepExecution) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(writer.items == input.filter { !bad.contains($0) })
        #expect(stepExecution.counters.writeSkipCount == 3)
        #expect(stepExecution.counters.writeCount == 17)
        #expect(stepExecution.counters.balanced)
        #expect(log.all.filter { $0.hasPrefix("skipWrite:") }.sorted() == ["skipWrite:13", "skipWrite:4", "skipWrite:5"])
    }

    @Test func readAndProcessSkipsAndFiltersAreCountedApart() async throws {
        let log = EventLog()
        let reader = ScriptedReader(input, error: { $0 == 3 || $0 == 17 ? BatchError(.parse, "bad line \($0)") : nil })
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: reader, processor: { item in
            if item == 8 { throw BatchError(.validation, "amount < 0") }
            return item % 5 == 0 ? nil : item
        }, writer: writer)
            .skip(SkipPolicy(limit: 10, on: [.parse, .validation]))
            .listener(RecordingListener(log: log))
        let (job, e) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(e.counters.readSkipCount == 2)
        #expect(e.counters.readCount == 18)
        #expect(e.counters.processSkipCount == 1)
        #expect(e.counters.filterCount == 4)
        #expect(e.counters.writeCount == 13)
        #expect(e.counters.balanced)
        #expect(writer.items == input.filter { ![3, 17, 8].contains($0) && $0 % 5 != 0 })
        #expect(log.count("skipRead") == 2)
        #expect(log.count("skipProcess:8") == 1)
    }

    @Test func theSkipAfterTheLimitFailsTheStep() async throws {
        let reader = ScriptedReader(input, error: { [2, 9, 14].contains($0) ? BatchError(.parse, "bad line \($0)") : nil })
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: reader, writer: writer).skip(SkipPolicy(limit: 2, on: [.parse]))
        let (job, e) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(e.counters.readSkipCount == 2)
        // Chunks hold 5 items each, not counting skipped reads: [1,3,4,5,6], [7,8,10,11,12], then 14 fails.
        #expect(writer.items == [1, 3, 4, 5, 6, 7, 8, 10, 11, 12])
        #expect(e.failures.first?.message.contains("skip limit 2") == true)
        #expect(e.failures.first?.category == "parse")
    }

    @Test func skipListenersHearNothingFromARolledBackChunk() async throws {
        let log = EventLog()
        // Item 7 is skipped, then item 9 fails fatally in the same chunk (6...10): the skip of 7
        // was never committed, so no listener hears of it in this run.
        let reader = ScriptedReader(input, error: { item in
            item == 7 ? BatchError(.parse, "bad") : item == 9 ? BatchError(.io, "disk gone") : nil
        })
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: reader, writer: writer).skip(SkipPolicy(limit: 5, on: [.parse])).listener(RecordingListener(log: log))
        let (job, e) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(log.count("skipRead") == 0)
        #expect(log.count("afterChunkError") == 1)
        #expect(e.counters.readSkipCount == 0)
        #expect(e.counters.rollbackCount == 1)
        #expect(writer.items == Array(1...5))
    }

    @Test func errorsAreMatchedBySwiftTypeName() async throws {
        let faults = FaultInjector(["p3"])
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: ScriptedReader(input), processor: { item in
            try faults.check("p\(item)", FlakyError())
            return item
        }, writer: writer).retry(RetryPolicy(limit: 1, on: ["FlakyError"]))
        let (job, _) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(writer.items == input)
        #expect(ErrorMatcher(FlakyError.self).matches(FlakyError()))
    }

    @Test func noRollbackErrorsCommitTheChunk() async throws {
        let writer = ClosureItemWriter<Int> { chunk in
            if chunk.contains(12) { throw BatchError(.validation, "remote rejected the batch") }
        }
        let s = ChunkStep<Int, Int>("nr", chunkSize: 5, reader: { _ in ScriptedReader(self.input) }, writer: { _ in writer })
            .noRollback([.validation])
        let (job, e) = try await runStep(s)
        #expect(job.status == .completed)
        #expect(e.counters.writeSkipCount == 5)
        #expect(e.counters.writeCount == 15)
        #expect(e.counters.rollbackCount == 0)
        #expect(e.counters.commitCount == 4)
        #expect(e.failures.count == 1)
        #expect(e.counters.balanced)
    }

    @Test func aProcessErrorThatIsNotSkippableFailsWithItsCategory() async throws {
        let writer = TransactionalListWriter<Int>()
        let s = step(reader: ScriptedReader(input), processor: { item in
            if item == 11 { throw BatchError(.validation, "field 'amount' of item 11 is not a number") }
            return item
        }, writer: writer).skip(SkipPolicy(limit: 5, on: [.parse]))
        let (job, e) = try await runStep(s)
        #expect(job.status == .failed)
        #expect(job.exitStatus.code == "FAILED")
        #expect(e.exitStatus.description.contains("item 11"))
        #expect(e.failures == [Failure(category: "validation", type: "BatchError", message: "field 'amount' of item 11 is not a number")])
        #expect(writer.items == Array(1...10))
    }
}
