import Sluice
import SluiceTestSupport
import Synchronization

/// An error type matched by its Swift type name in policies.
struct FlakyError: Error {}

/// Records events in order, from any task.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
    func count(_ event: String) -> Int { all.filter { $0 == event }.count }
    func count(prefix: String) -> Int { all.filter { $0.hasPrefix(prefix) }.count }
}

/// A reader over an array that throws `error(for:)` for chosen items after consuming them,
/// and records open/update/close.
final class ScriptedReader: ItemReader, ItemStream {
    let items: [Int]
    let log: EventLog
    let error: @Sendable (Int) -> (any Error)?
    private let position = Mutex(0)

    init(_ items: [Int], log: EventLog = EventLog(), error: @escaping @Sendable (Int) -> (any Error)? = { _ in nil }) {
        self.items = items
        self.log = log
        self.error = error
    }

    func read() async throws -> Int? {
        let index: Int? = position.withLock { p in
            guard p < items.count else { return nil }
            defer { p += 1 }
            return p
        }
        guard let index else { return nil }
        if let e = error(items[index]) { throw e }
        return items[index]
    }

    func open(_ context: ExecutionContext) async throws {
        log.add("open")
        let saved = context.int("scripted.position") ?? 0
        position.withLock { $0 = saved }
    }

    func update(_ context: inout ExecutionContext) async throws {
        log.add("update")
        context["scripted.position"] = .int(position.withLock { $0 })
    }

    func close() async throws { log.add("close") }
}

/// A listener for every chunk-step callback, logging each one.
struct RecordingListener: ChunkListener, ItemReadListener, ItemProcessListener, ItemWriteListener, SkipListener, RetryListener, StepExecutionListener {
    typealias Item = Int
    typealias Input = Int
    typealias Output = Int
    let log: EventLog

    func beforeStep(_ execution: StepExecution) async { log.add("beforeStep") }
    func afterStep(_ execution: StepExecution) async -> Sluice.ExitStatus? { log.add("afterStep:\(execution.status)"); return nil }
    func beforeChunk(_ execution: StepExecution) async { log.add("beforeChunk") }
    func afterChunk(_ execution: StepExecution) async { log.add("afterChunk") }
    func afterChunkError(_ execution: StepExecution, error: any Error) async { log.add("afterChunkError") }
    func beforeRead() async { log.add("beforeRead") }
    func afterRead(_ item: Int) async { log.add("afterRead:\(item)") }
    func onReadError(_ error: any Error) async { log.add("onReadError") }
    func beforeProcess(_ item: Int) async { log.add("beforeProcess:\(item)") }
    func afterProcess(_ item: Int, result: Int?) async { log.add("afterProcess:\(item)") }
    func onProcessError(_ item: Int, error: any Error) async { log.add("onProcessError:\(item)") }
    func beforeWrite(_ chunk: Chunk<Int>) async { log.add("beforeWrite:\(chunk.items)") }
    func afterWrite(_ chunk: Chunk<Int>) async { log.add("afterWrite:\(chunk.items)") }
    func onWriteError(_ chunk: Chunk<Int>, error: any Error) async { log.add("onWriteError:\(chunk.items)") }
    func onSkipInRead(_ error: any Error) async { log.add("skipRead") }
    func onSkipInProcess(_ item: Int, error: any Error) async { log.add("skipProcess:\(item)") }
    func onSkipInWrite(_ item: Int, error: any Error) async { log.add("skipWrite:\(item)") }
    func onRetry(_ error: any Error, attempt: Int) async { log.add("retry:\(attempt)") }
}

/// Runs a single-step job and returns the final execution and the step execution.
func runStep(_ step: some Step, repository: any JobRepository = InMemoryJobRepository(),
             parameters: JobParameters = [:]) async throws -> (JobExecution, StepExecution) {
    let job = try Job("test-job", steps: [step])
    let op = JobOperator(repository: repository, configuration: .quiet)
    let execution = try await op.start(job, parameters: parameters)
    let steps = try await repository.stepExecutions(jobExecutionId: execution.id)
    return (execution, try #require(steps.last))
}

import Testing

extension StepCounters {
    /// readCount = writeCount + filterCount + processSkipCount + writeSkipCount.
    var balanced: Bool { readCount == writeCount + filterCount + processSkipCount + writeSkipCount }
}
