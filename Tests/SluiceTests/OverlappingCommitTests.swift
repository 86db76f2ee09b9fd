import Sluice
import SluiceTestSupport
import Synchronization
import Testing

/// Overlapping commits: with a transaction manager that allows them, chunk N's checkpoint and
/// commit run while chunk N+1 is written, yet commits stay in order and a failed commit leaves
/// the step exactly at the commit before it.
@Suite struct OverlappingCommitTests {
    /// What happened, in order: "write 4", "checkpoint 4", "commit 4", "rollback 6"... (by the
    /// chunk's first item).
    final class EventLog: Sendable {
        private let events = Mutex<[String]>([])
        func add(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }
        func index(of event: String) -> Int? { all.firstIndex(of: event) }
    }

    /// A transaction that stages written items and applies them to `committed` on commit.
    final class StagingTransaction: Transaction {
        let manager: OverlappingManager
        private let staged = Mutex<[Int]>([])
        init(_ manager: OverlappingManager) { self.manager = manager }
        func stage(_ items: [Int]) { staged.withLock { $0 += items } }
        var first: Int { staged.withLock { $0.first ?? -1 } }
        func commit() async throws {
            await manager.beforeCommit(first)
            let items = staged.withLock { $0 }
            manager.committed.withLock { $0 += items }
            manager.log.add("commit \(first)")
        }
        func rollback() async throws { manager.log.add("rollback \(first)") }
        func setSavepoint(_ name: String) async throws {}
        func rollback(toSavepoint name: String) async throws {}
        func releaseSavepoint(_ name: String) async throws {}
    }

    final class OverlappingManager: TransactionManager {
        let log = EventLog()
        let committed = Mutex<[Int]>([])
        let overlaps: Bool
        let beforeCommit: @Sendable (Int) async -> Void
        init(overlaps: Bool = true, beforeCommit: @escaping @Sendable (Int) async -> Void = { _ in }) {
            self.overlaps = overlaps
            self.beforeCommit = beforeCommit
        }
        var allowsOverlappingCommits: Bool { overlaps }
        func begin() async throws -> any Transaction { StagingTransaction(self) }
    }

    /// Writes each chunk into the current ``StagingTransaction``.
    struct StagingWriter: ItemWriter {
        let log: EventLog
        func write(_ chunk: Chunk<Int>) async throws {
            let transaction = try #require(ActiveTransaction.current as? StagingTransaction)
            transaction.stage(chunk.items)
            log.add("write \(chunk.items.first ?? -1)")
        }
    }

    static func job(_ manager: OverlappingManager, items: Int = 10) throws -> Job {
        let step = ChunkStep<Int, Int>("load", chunkSize: 2,
                                       reader: { _ in ReadAheadTests.ObservedReader(Array(0..<items), signalAt: -1) },
                                       writer: { _ in StagingWriter(log: manager.log) })
            .transactionManager(manager)
        return try Job("overlapping-commits", steps: [step])
    }

    /// A repository that joins staging transactions and fails the checkpoint of the chunk that
    /// starts with `failing()`.
    static func repository(_ manager: OverlappingManager, failing: @escaping @Sendable () -> Int? = { nil }) -> CountingJobRepository {
        CountingJobRepository(wrapping: InMemoryJobRepository(), participation: { $0 is StagingTransaction },
                              commitChunkHook: { execution, transaction in
            let first = (transaction as? StagingTransaction)?.first ?? -1
            manager.log.add("checkpoint \(first)")
            if failing() == first { throw BatchError(.transient, "checkpoint of chunk \(first) failed") }
        })
    }

    @Test func theNextChunkIsWrittenWhileTheCommitRunsAndCommitsStayInOrder() async throws {
        // The commit of chunk [0, 1] waits until chunk [2, 3] has been written: without overlap
        // that write could not happen first, and the wait times out.
        let secondWritten = Latch()
        let waited = Mutex<Bool?>(nil)
        let manager = OverlappingManager(beforeCommit: { first in
            guard first == 0 else { return }
            let opened = await ReadAheadTests.opens(secondWritten, within: 30)
            waited.withLock { $0 = opened }
        })
        let writes = EventLog()
        let step = ChunkStep<Int, Int>("load", chunkSize: 2,
                                       reader: { _ in ReadAheadTests.ObservedReader(Array(0..<10), signalAt: -1) },
                                       writer: { _ in ClosureItemWriter<Int> { chunk in
                                           try await StagingWriter(log: manager.log).write(chunk)
                                           writes.add("\(chunk.items.first ?? -1)")
                                           if chunk.items.first == 2 { secondWritten.open() }
                                       } })
            .transactionManager(manager)
        let repository = Self.repository(manager)
        let job = try Job("overlapping-commits", steps: [step])
        let execution = try await JobOperator(repository: repository, configuration: .quiet).start(job)
        #expect(execution.status == .completed)
        #expect(waited.withLock { $0 } == true)
        #expect(manager.committed.withLock { $0 } == Array(0..<10))
        // Each chunk's checkpoint is stored only after the previous chunk committed.
        let log = manager.log
        for first in stride(from: 2, to: 10, by: 2) {
            let previousCommit = try #require(log.index(of: "commit \(first - 2)"))
            let checkpoint = try #require(log.index(of: "checkpoint \(first)"))
            #expect(previousCommit < checkpoint, "\(log.all)")
        }
        let stored = try #require(try await repository.stepExecutions(jobExecutionId: execution.id).first)
        #expect(stored.counters.writeCount == 10)
        #expect(stored.counters.commitCount == 5)
        #expect(stored.executionContext.int("observed.position") == 10)
    }

    @Test func aFailedCommitLeavesTheStepAtThePreviousCommitAndTheRestartWritesEachItemOnce() async throws {
        let manager = OverlappingManager()
        let failing = Mutex(true)
        let repository = Self.repository(manager, failing: { failing.withLock { $0 } ? 4 : nil })
        let op = JobOperator(repository: repository, configuration: .quiet)
        let job = try Self.job(manager)
        let first = try await op.start(job)
        #expect(first.status == .failed)
        #expect(manager.committed.withLock { $0 } == [0, 1, 2, 3])
        // The failed chunk and the one written while its commit ran are rolled back, never committed.
        #expect(manager.log.index(of: "rollback 4") != nil)
        #expect(manager.log.index(of: "rollback 6") != nil)
        #expect(manager.log.index(of: "commit 4") == nil)
        #expect(manager.log.index(of: "commit 6") == nil)
        let failed = try #require(try await repository.stepExecutions(jobExecutionId: first.id).first)
        #expect(failed.status == .failed)
        #expect(failed.executionContext.int("observed.position") == 4)
        #expect(failed.counters.writeCount == 4)
        #expect(failed.counters.commitCount == 2)
        #expect("\(failed.exitStatus.description)".contains("checkpoint of chunk 4 failed"))

        failing.withLock { $0 = false }
        let second = try await op.start(job)
        #expect(second.status == .completed)
        #expect(manager.committed.withLock { $0 } == Array(0..<10))
        let resumed = try #require(try await repository.stepExecutions(jobExecutionId: second.id).first)
        #expect(resumed.counters.writeCount == 6)
    }

    @Test func withoutOverlapEachCommitEndsBeforeTheNextWrite() async throws {
        let manager = OverlappingManager(overlaps: false)
        let execution = try await JobOperator(repository: Self.repository(manager), configuration: .quiet).start(try Self.job(manager))
        #expect(execution.status == .completed)
        let log = manager.log
        for first in stride(from: 2, to: 10, by: 2) {
            let commit = try #require(log.index(of: "commit \(first - 2)"))
            let write = try #require(log.index(of: "write \(first)"))
            #expect(commit < write, "\(log.all)")
        }
    }
}
