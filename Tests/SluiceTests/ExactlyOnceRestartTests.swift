import Sluice
import SluiceTestSupport
import Testing

/// "Beyond Spring Batch": a failure at item N in the reader, the processor or the writer, then a
/// restart, must leave the output exactly equal to the input: no loss, no duplicates.
@Suite struct ExactlyOnceRestartTests {
    static let input = Array(0..<250)

    enum Phase: String, CaseIterable, Sendable { case read, process, write }

    struct Case: Sendable, CustomStringConvertible {
        var chunkSize: Int
        var phase: Phase
        var failAt: Int
        /// Whether the next chunk is read (and processed) while the previous one commits.
        var readAhead: Bool
        var description: String { "chunk \(chunkSize), \(phase) fails at item \(failAt)\(readAhead ? ", read-ahead" : "")" }
    }

    static let cases: [Case] = [1, 7, 100].flatMap { size in
        Phase.allCases.flatMap { phase in
            [0, 6, 7, 99, 137, 249].flatMap { at in [false, true].map { Case(chunkSize: size, phase: phase, failAt: at, readAhead: $0) } }
        }
    }

    func makeJob(_ c: Case, faults: FaultInjector, writer: TransactionalListWriter<Int>) throws -> Job {
        let step = ChunkStep<Int, Int>(
            "copy", chunkSize: c.chunkSize,
            reader: { _ in InjectingReader(Self.input, faults: faults) },
            processor: { _ in InjectingProcessor<Int>(faults: faults) },
            writer: { _ in writer }
        ).transactionManager(InMemoryTransactionManager()).readAhead(c.readAhead)
        return try Job("exactly-once", steps: [step])
    }

    @Test(arguments: cases)
    func failureThenRestartWritesEveryItemOnce(_ c: Case) async throws {
        let faults = FaultInjector(["\(c.phase.rawValue):\(c.failAt)"])
        let writer = TransactionalListWriter<Int>(failure: { item in
            (try? faults.check("write:\(item)")) == nil ? BatchError(.io, "injected write failure at \(item)") : nil
        })
        let job = try makeJob(c, faults: faults, writer: writer)
        let repository = InMemoryJobRepository()
        let op = JobOperator(repository: repository, configuration: .quiet)

        let first = try await op.start(job, parameters: ["run": JobParameter(.string(c.description))])
        #expect(first.status == .failed)
        #expect(faults.remaining("\(c.phase.rawValue):\(c.failAt)") == 0)
        let committedBefore = writer.items
        #expect(committedBefore == Array(Self.input.prefix(committedBefore.count)))

        let second = try await op.start(job, parameters: ["run": JobParameter(.string(c.description))])
        #expect(second.status == .completed)
        #expect(second.instanceId == first.instanceId)
        #expect(writer.items == Self.input)

        let steps = try await repository.stepExecutions(jobExecutionId: second.id)
        let counters = try #require(steps.first).counters
        #expect(counters.readCount == Self.input.count - committedBefore.count)
        #expect(counters.writeCount == Self.input.count - committedBefore.count)
    }

    @Test(arguments: [1, 7, 100])
    func skippableBadItemInsideAFailingChunk(chunkSize: Int) async throws {
        // Item 42 always fails to write (skippable); the chunk holding it also hits a one-off
        // fatal read error at item 45 on the first run. After restart, every good item is
        // written exactly once and 42 is skipped exactly once.
        let faults = FaultInjector(["read:45"])
        faults.arm("fatal-read-once", times: 0)
        let writer = TransactionalListWriter<Int>(failure: { $0 == 42 ? BatchError(.constraint, "duplicate key 42") : nil })
        let step = ChunkStep<Int, Int>(
            "copy", chunkSize: chunkSize,
            reader: { _ in InjectingReader(Self.input, faults: faults) },
            writer: { _ in writer }
        )
        .transactionManager(InMemoryTransactionManager())
        .skip(SkipPolicy(limit: 5, on: [.constraint]))
        let job = try Job("skip-in-failing-chunk", steps: [step])
        let repository = InMemoryJobRepository()
        let op = JobOperator(repository: repository, configuration: .quiet)

        let first = try await op.start(job)
        #expect(first.status == .failed)
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(writer.items == Self.input.filter { $0 != 42 })
        let all = try await repository.stepExecutions(jobExecutionId: first.id) + repository.stepExecutions(jobExecutionId: second.id)
        #expect(all.map(\.counters.writeSkipCount).reduce(0, +) == 1)
    }
}
