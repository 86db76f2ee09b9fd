import Foundation
import Sluice
import SluiceTestSupport
import Synchronization
import Testing

/// `CompletingItemStream.complete` runs once, in the step's last commit, and only on success.
@Suite("Completing streams")
struct CompletingStreamTests {
    /// A writer that records what it wrote and when it was completed (with the count committed).
    final class PublishingWriter: ItemWriter, CompletingItemStream {
        let written = Mutex<[Int]>([])
        let completions = Mutex<[Int]>([])
        func write(_ chunk: Chunk<Int>) async throws { written.withLock { $0 += chunk.items } }
        func open(_ context: ExecutionContext) async throws {}
        func complete(_ context: inout ExecutionContext) async throws {
            let count = written.withLock { $0.count }
            completions.withLock { $0.append(count) }
            context["published"] = .int(count)
        }
    }

    private func run(items: Int, chunk: Int, failAt: Int? = nil) async throws -> (JobExecution, PublishingWriter, [StepExecution]) {
        let writer = PublishingWriter()
        let repository = InMemoryJobRepository()
        let step = ChunkStep<Int, Int>("publish", chunkSize: chunk, reader: { _ in
            ClosureItemReaderForTest(count: items, failAt: failAt)
        }, writer: { _ in writer })
        let execution = try await JobOperator(repository: repository, configuration: .quiet).start(try Job("completing", steps: [step]))
        return (execution, writer, try await repository.stepExecutions(jobExecutionId: execution.id))
    }

    @Test(arguments: [(10, 3), (9, 3), (0, 3)])
    func completesOnceInTheLastCommit(items: Int, chunk: Int) async throws {
        let (execution, writer, steps) = try await run(items: items, chunk: chunk)
        #expect(execution.status == .completed)
        #expect(writer.completions.withLock { $0 } == [items])
        #expect(steps.first?.executionContext.int("published") == items)
    }

    @Test func notCompletedWhenTheStepFails() async throws {
        let (execution, writer, _) = try await run(items: 10, chunk: 3, failAt: 7)
        #expect(execution.status == .failed)
        #expect(writer.completions.withLock { $0 }.isEmpty)
    }
}

/// Reads 1...count, failing at `failAt`.
final class ClosureItemReaderForTest: ItemReader {
    let count: Int
    let failAt: Int?
    let next = Mutex(1)
    init(count: Int, failAt: Int?) {
        self.count = count
        self.failAt = failAt
    }
    func read() async throws -> Int? {
        let n = next.withLock { v -> Int in defer { v += 1 }; return v }
        if n == failAt { throw BatchError(.io, "read \(n) fails") }
        return n <= count ? n : nil
    }
}
