import Sluice
import SluiceTestSupport
import Synchronization
import Testing

/// A ``PreparingItemWriter`` gets its chunks prepared in the read-ahead lane; the chunk's
/// transaction is begun before the next read, and rolled back when processing fails first.
@Suite struct PreparingWriterTests {
    /// Prepares the sum of a chunk and records what `write` was handed.
    final class SummingWriter: PreparingItemWriter {
        let seen = Mutex<[(items: [Int], prepared: Int?)]>([])
        let prepareCalls = Mutex(0)

        func prepare(_ items: [Int]) async -> (any Sendable)? {
            prepareCalls.withLock { $0 += 1 }
            return items.reduce(0, +)
        }

        func write(_ chunk: Chunk<Int>) async throws {
            seen.withLock { $0.append((chunk.items, chunk.prepared as? Int)) }
        }
    }

    /// A processor with restart state, so processing stays in the commit lane.
    final class FailingStatefulProcessor: ItemProcessor, ItemStream {
        let failAt: Int
        init(failAt: Int) { self.failAt = failAt }
        func process(_ item: Int) async throws -> Int? {
            if item == failAt { throw BatchError(.validation, "item \(item) is bad") }
            return item
        }
        func open(_ context: ExecutionContext) async throws {}
        func update(_ context: inout ExecutionContext) async throws {}
    }

    @Test func everyChunkArrivesWithWhatWasPreparedForIt() async throws {
        let writer = SummingWriter()
        let step = ChunkStep<Int, Int>("sum", chunkSize: 4, reader: { _ in ArrayItemReader(Array(1...10)) }, writer: { _ in writer })
        let (execution, stepExecution) = try await runStep(step)
        #expect(execution.status == .completed)
        let seen = writer.seen.withLock { $0 }
        #expect(seen.map(\.items) == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
        #expect(seen.map(\.prepared) == [10, 26, 19])
        #expect(stepExecution.counters.writeCount == 10)
    }

    @Test func withoutReadAheadNothingIsPrepared() async throws {
        let writer = SummingWriter()
        let step = ChunkStep<Int, Int>("sum", chunkSize: 4, reader: { _ in ArrayItemReader(Array(1...10)) }, writer: { _ in writer })
            .readAhead(false)
        let (execution, _) = try await runStep(step)
        #expect(execution.status == .completed)
        #expect(writer.seen.withLock { $0.map(\.prepared) } == [nil, nil, nil])
        #expect(writer.prepareCalls.withLock { $0 } == 0)
    }

    @Test func aProcessingFailureRollsBackTheTransactionBegunForTheChunk() async throws {
        let transactions = InMemoryTransactionManager()
        let writer = SummingWriter()
        let step = ChunkStep<Int, Int>("sum", chunkSize: 4, reader: { _ in ArrayItemReader(Array(1...10)) },
                                       processor: { _ in FailingStatefulProcessor(failAt: 6) }, writer: { _ in writer })
            .transactionManager(transactions)
        let (execution, stepExecution) = try await runStep(step)
        #expect(execution.status == .failed)
        #expect(writer.seen.withLock { $0.map(\.items) } == [[1, 2, 3, 4]])
        #expect(transactions.commits == 1)
        #expect(transactions.rollbacks == 1)
        #expect(stepExecution.counters.rollbackCount == 1)
    }
}
