import CoreMetrics
import Foundation
import Tracing

/// One execution of a ``ChunkStep``: builds the components, then repeats read → process → write →
/// commit until the input is exhausted, a stop is requested, or an error fails the step.
///
/// Counters live in two copies: `execution.counters` is what the last commit stored, `counters`
/// is the chunk being built. A failed chunk is discarded with its working counters, so a restart
/// (which resumes from the last commit) never counts an item twice.
struct ChunkRun<Input: Sendable, Output: Sendable> {
    let step: ChunkStep<Input, Output>
    var execution: StepExecution
    let scope: StepScope
    private var streams: [any ItemStream] = []
    /// The streams to complete in the step's last commit.
    var completing: [any CompletingItemStream] = []
    /// Whether the chunk being committed is the step's last (its read reached the end of input).
    var lastChunk = false
    var counters = StepCounters()
    private var skipped = SkippedItems<Input, Output>()
    /// Nil when no metrics backend is bootstrapped: chunks then skip the bookkeeping entirely.
    let metrics: ChunkMetrics?
    /// Looked up once per step (finding the tracer costs more than a span); nil when no tracer
    /// is bootstrapped, so chunks then pay nothing for tracing.
    let tracer: (any Tracer)?
    /// Reused from chunk to chunk (copy-on-write keeps a writer that holds on to one safe).
    private var inputs: [Input] = []
    private var outputs: [Output] = []
    /// Numbers the write attempts (``Chunk/attempt``).
    var writeAttempt = 0
    /// With read-ahead, the reader's state taken when the current chunk was read; the commit
    /// stores it instead of asking the reader, which has moved on.
    var readerState: ExecutionContext?
    /// What the writer prepared for `outputs` in the read-ahead lane, or nil.
    private var prepared: (any Sendable)?
    /// The chunk's transaction when the loop began it ahead of the write.
    var openedTransaction: (any Transaction)?
    /// The index of the reader in `streams`, when it is a stream.
    private var readerStreamIndex: Int?
    /// Whether the open chunk transaction is one the repository commits the checkpoint in;
    /// asked once per transaction.
    var checkpointInTransaction = false
    /// Whether chunk commits may overlap the next chunk's write (see ``PendingCommit``).
    var overlapsCommits = false
    /// The previous chunk's commit, still running while this chunk is written.
    private var pendingCommit: PendingCommit?

    init(step: ChunkStep<Input, Output>, execution: StepExecution, scope: StepScope) {
        self.step = step
        self.execution = execution
        self.scope = scope
        metrics = MetricsSystem.factory is NOOPMetricsHandler ? nil : scope.metrics.chunkMetrics(step: execution.stepName)
        let tracer = InstrumentationSystem.tracer
        self.tracer = tracer is NoOpTracer ? nil : tracer
        hasChunkListeners = !step.listeners.chunk.isEmpty
        hasWriteListeners = !step.listeners.write.isEmpty
        hasSkipListeners = !step.listeners.skip.isEmpty
        fastProcess = step.listeners.process.isEmpty && step.retryPolicy.limit == 0 && step.skipPolicy.limit == 0
        fastRead = step.listeners.read.isEmpty && step.retryPolicy.limit == 0 && step.skipPolicy.limit == 0 && step.chunkTimeLimit == nil
    }

    /// Whether reads can go a chunk at a time (no read listener, retry, skip or time limit).
    let fastRead: Bool
    /// Whether processing can go a chunk at a time (no process listener, retry or skip).
    private let fastProcess: Bool

    // Listener presence, checked once: testing the generic arrays per chunk costs metadata lookups.
    let hasChunkListeners: Bool
    let hasWriteListeners: Bool
    let hasSkipListeners: Bool

    mutating func run() async -> StepExecution {
        let context = scope.context(for: execution)
        let components: Components
        do {
            components = try await makeComponents(context)
        } catch {
            return finish(.failed, error: error)
        }
        let outcome: BatchStatus
        var failure: (any Error)?
        do {
            outcome = try await loop(components)
        } catch {
            outcome = .failed
            failure = (error as? ChunkFailed)?.underlying ?? error
            // A failed chunk is discarded: count its rollback once, whether or not a transaction was open.
            execution.counters.rollbackCount = max(counters.rollbackCount, execution.counters.rollbackCount + 1)
            for l in step.listeners.chunk { await l.afterChunkError(execution, error: failure!) }
        }
        for stream in streams {
            do { try await stream.close() } catch { if failure == nil { failure = error } }
        }
        if let failure { return finish(.failed, error: failure) }
        return finish(outcome, error: nil)
    }

    private func finish(_ status: BatchStatus, error: (any Error)?) -> StepExecution {
        var done = execution
        done.status = status
        if let error {
            done.failures.append(Failure(error))
            done.exitStatus = ExitStatus.failed.describing(String(describing: error))
        } else {
            done.exitStatus = ExitStatus(status)
        }
        return done
    }

    struct Components {
        let reader: any ItemReader<Input>
        let processor: (any ItemProcessor<Input, Output>)?
        let writer: any ItemWriter<Output>
        /// The per-chunk entry points as closures over the opened (concrete) component types,
        /// so the hot path does not build parameterised existential metadata for every call.
        let readBatch: @Sendable (inout [Input], Int) async throws -> Bool
        let processBatch: (@Sendable ([Input], inout [Output]) async throws -> Void)?
        let writeChunk: @Sendable (Chunk<Output>) async throws -> Void
        /// The writer's ``PreparingItemWriter/prepare(_:)``, when it has one.
        let prepareChunk: (@Sendable ([Output]) async -> (any Sendable)?)?

        init(reader: any ItemReader<Input>, processor: (any ItemProcessor<Input, Output>)?, writer: any ItemWriter<Output>) {
            self.reader = reader
            self.processor = processor
            self.writer = writer
            func batchReader<R: ItemReader<Input>>(_ r: R) -> @Sendable (inout [Input], Int) async throws -> Bool {
                { buffer, limit in try await r.read(into: &buffer, limit: limit) }
            }
            func batchProcessor<P: ItemProcessor<Input, Output>>(_ p: P) -> @Sendable ([Input], inout [Output]) async throws -> Void {
                { items, outputs in try await p.process(items, into: &outputs) }
            }
            func chunkWriter<W: ItemWriter<Output>>(_ w: W) -> @Sendable (Chunk<Output>) async throws -> Void {
                { chunk in try await w.write(chunk) }
            }
            readBatch = batchReader(reader)
            processBatch = processor.map { batchProcessor($0) }
            writeChunk = chunkWriter(writer)
            func chunkPreparer<W: PreparingItemWriter<Output>>(_ w: W) -> @Sendable ([Output]) async -> (any Sendable)? {
                { items in await w.prepare(items) }
            }
            if let preparing = writer as? any PreparingItemWriter<Output> {
                prepareChunk = chunkPreparer(preparing)
            } else {
                prepareChunk = nil
            }
        }
    }

    private mutating func makeComponents(_ context: StepContext) async throws -> Components {
        let reader = try await step.makeReader(context)
        let processor = try await step.makeProcessor(context)
        let writer = try await step.makeWriter(context)
        var found: [any ItemStream] = []
        if let s = reader as? any ItemStream {
            readerStreamIndex = found.count
            found.append(s)
        }
        if let s = processor as? any ItemStream { found.append(s) }
        if let s = writer as? any ItemStream { found.append(s) }
        streams = found
        completing = found.compactMap { $0 as? any CompletingItemStream }
        for stream in streams { try await stream.open(execution.executionContext) }
        return Components(reader: reader, processor: processor, writer: writer)
    }

    /// Runs chunks until the end of input (COMPLETED) or a stop request (STOPPED).
    private mutating func loop(_ c: Components) async throws -> BatchStatus {
        if let transfer = columnarTransfer(c) { return try await columnarLoop(transfer) }
        if let readAhead = readAhead(c) {
            overlapsCommits = step.transactionManager.allowsOverlappingCommits
            do {
                let status = try await pipelinedLoop(c, readAhead)
                try await settlePendingCommit()
                return status
            } catch {
                // The last chunk's commit may still succeed; its outcome decides where a restart resumes.
                try? await settlePendingCommit()
                throw error
            }
        }
        while true {
            if scope.stopSignal.isRequested { return .stopped }
            if hasChunkListeners { for l in step.listeners.chunk { await l.beforeChunk(execution) } }
            counters = execution.counters
            let before = counters
            if skipped.any { skipped = SkippedItems() }
            let started = metrics == nil ? nil : ContinuousClock.now
            let exhausted: Bool
            if fastRead {
                // The common path, inlined: nothing needs to see single reads.
                var items: [Input] = []
                do { exhausted = try await !c.readBatch(&items, step.chunkSize) } catch { throw ChunkFailed(underlying: error) }
                counters.readCount += items.count
                inputs = items
            } else {
                exhausted = try await readChunk(c)
            }
            // An empty last read needs no commit — unless a stream must complete in one.
            if inputs.isEmpty && counters == execution.counters && (!exhausted || completing.isEmpty) { return .completed }
            lastChunk = exhausted
            if fastProcess, let processBatch = c.processBatch {
                // The common path, inlined: one call per chunk; any error fails the chunk.
                var results: [Output] = []
                do { try await processBatch(inputs, &results) } catch { throw ChunkFailed(underlying: error) }
                counters.filterCount += inputs.count - results.count
                outputs = results
            } else {
                try await processChunk(c)
            }
            try await writeAndCommit(c, before: before, started: started)
            if exhausted { return .completed }
        }
    }

    /// Writes `outputs` and commits the chunk (in a span when tracing), then records it.
    private mutating func writeAndCommit(_ c: Components, before: StepCounters, started: ContinuousClock.Instant?) async throws {
        try await committingChunk(items: inputs.count, before: before, started: started) { run in
            try await run.writeChunk(run.outputs, c)
        }
    }

    /// Runs `writeAndCommit` (a chunk's write and commit) in a span when tracing, then records the
    /// committed chunk of `items` items: metrics, the counters as stored, chunk and skip listeners.
    mutating func committingChunk(items: Int, before: StepCounters, started: ContinuousClock.Instant?,
                                  _ writeAndCommit: (inout Self) async throws -> Void) async throws {
        var span: (any Span)?
        if let tracer {
            span = tracer.startSpan("sluice.chunk")
            span?.attributes["sluice.step.name"] = execution.stepName
            span?.attributes["sluice.chunk.items"] = items
        }
        defer { span?.end() }
        do { try await writeAndCommit(&self) } catch {
            span?.recordError(error)
            throw error
        }
        if let metrics, let started { metrics.committed(items: items, before: before, after: counters, since: started) }
        execution.counters = counters
        if hasChunkListeners || (hasSkipListeners && skipped.any) { await notifyCommitted() }
    }

    // MARK: Read-ahead

    /// How to read ahead, or nil when this step must read each chunk after the previous commit:
    /// the reader is not a ``ReadAheadItemReader``, the step turned it off, or a listener, retry,
    /// skip or time limit needs to see reads in order with commits.
    private func readAhead(_ c: Components) -> ChunkReadAhead<Input, Output>? {
        guard step.readAhead, fastRead, !hasChunkListeners, c.reader is any ReadAheadItemReader else { return nil }
        // The reader's state is taken when its chunk is read; a reader that is also the
        // processor or the writer would have its other role's state taken early too.
        let reader = c.reader as AnyObject
        if let p = c.processor, (p as AnyObject) === reader { return nil }
        if (c.writer as AnyObject) === reader { return nil }
        // Processing moves into the read-ahead when nothing needs to see it in order.
        var process: (@Sendable ([Input], inout [Output]) async throws -> Void)?
        if fastProcess, let processBatch = c.processBatch, !(c.processor is any ItemStream) {
            process = processBatch
        } else if c.processor == nil, let passThrough = step.passThrough {
            process = { items, outputs in outputs = passThrough(items) }
        }
        return ChunkReadAhead(size: step.chunkSize, read: c.readBatch, state: c.reader as? any ItemStream, process: process,
                              prepare: process == nil ? nil : c.prepareChunk)
    }

    /// The chunk loop with read-ahead: while chunk N is written and committed, chunk N+1 is read
    /// (and processed). The reader's state for chunk N is taken right after N is read and stored
    /// with N's commit, so a stop or crash resumes exactly after the last committed chunk.
    private mutating func pipelinedLoop(_ c: Components, _ readAhead: ChunkReadAhead<Input, Output>) async throws -> BatchStatus {
        var next = try await readAhead.next()
        defer {
            readerState = nil
            prepared = nil
        }
        while true {
            if scope.stopSignal.isRequested { return .stopped }
            let current = next
            // The previous chunk's items are freed in the read-ahead lane, off this one.
            let previous = HandOff((inputs, outputs))
            outputs = []
            counters = execution.counters
            let before = counters
            if skipped.any { skipped = SkippedItems() }
            let started = metrics == nil ? nil : ContinuousClock.now
            counters.readCount += current.inputs.count
            inputs = current.inputs
            if inputs.isEmpty && counters == execution.counters && (!current.exhausted || completing.isEmpty) { return .completed }
            lastChunk = current.exhausted
            readerState = current.readerState
            prepared = nil
            // The chunk's transaction begins before the next read starts: the round trip then does
            // not wait behind the read for a thread, while the database has nothing else to do.
            openedTransaction = try await beginChunkTransaction()
            async let upcoming = current.exhausted ? nil : readAhead.next(releasing: previous)
            do {
                if let processed = current.outputs {
                    counters.filterCount += inputs.count - processed.count
                    outputs = processed
                    prepared = current.prepared
                } else {
                    try await processChunk(c)
                }
            } catch {
                if let transaction = openedTransaction {
                    openedTransaction = nil
                    await rollback(transaction)
                }
                throw error
            }
            try await writeAndCommit(c, before: before, started: started)
            guard let following = try await upcoming else { return .completed }
            next = following
        }
    }

    // MARK: Read

    /// Fills `inputs` with the next chunk; returns whether the input is exhausted.
    private mutating func readChunk(_ c: Components) async throws -> Bool {
        // Fresh arrays: in this unspecialised generic code, emptying and reserving cost more
        // than the (specialised) reader filling a new one.
        var items: [Input] = []
        defer { inputs = items }
        let deadline = step.chunkTimeLimit.map { ContinuousClock.now + $0 }
        if step.listeners.read.isEmpty, step.retryPolicy.limit == 0, step.skipPolicy.limit == 0, deadline == nil {
            // The common path: nothing needs to see single reads, so read the chunk in one call.
            let more: Bool
            do { more = try await c.readBatch(&items, step.chunkSize) } catch { throw ChunkFailed(underlying: error) }
            counters.readCount += items.count
            return !more
        }
        while items.count < step.chunkSize {
            if let deadline, !items.isEmpty, ContinuousClock.now >= deadline { break }
            switch try await readOne(c.reader) {
            case .item(let item): items.append(item)
            case .skipped: continue
            case .end: counters.readCount += items.count; return true
            }
        }
        counters.readCount += items.count
        return false
    }

    private enum ReadResult { case item(Input), skipped, end }

    private mutating func readOne(_ reader: any ItemReader<Input>) async throws -> ReadResult {
        var retries = 0
        while true {
            for l in step.listeners.read { await l.beforeRead() }
            do {
                guard let item = try await reader.read() else { return .end }
                for l in step.listeners.read { await l.afterRead(item) }
                return .item(item)
            } catch {
                for l in step.listeners.read { await l.onReadError(error) }
                if try await shouldRetry(error, retries: &retries) { continue }
                try checkSkip(error)
                counters.readSkipCount += 1
                skipped.addRead(error)
                return .skipped
            }
        }
    }

    // MARK: Process

    /// Processes `inputs` into `outputs`.
    private mutating func processChunk(_ c: Components) async throws {
        guard let processor = c.processor, let processBatch = c.processBatch else {
            outputs = step.passThrough?(inputs) ?? []
            return
        }
        var outputs: [Output] = []
        defer { self.outputs = outputs }
        let inputs = self.inputs
        let listening = !step.listeners.process.isEmpty
        if !listening, step.retryPolicy.limit == 0, step.skipPolicy.limit == 0 {
            // The common path: one call per chunk; any error fails the chunk.
            do { try await processBatch(inputs, &outputs) } catch { throw ChunkFailed(underlying: error) }
            counters.filterCount += inputs.count - outputs.count
            return
        }
        for item in inputs {
            var retries = 0
            while true {
                if listening { for l in step.listeners.process { await l.beforeProcess(item) } }
                do {
                    let result = try await processor.process(item)
                    if listening { for l in step.listeners.process { await l.afterProcess(item, result: result) } }
                    if let result { outputs.append(result) } else { counters.filterCount += 1 }
                    break
                } catch {
                    for l in step.listeners.process { await l.onProcessError(item, error: error) }
                    if try await shouldRetry(error, retries: &retries) { continue }
                    try checkSkip(error)
                    counters.processSkipCount += 1
                    skipped.processes.append((item, error))
                    break
                }
            }
        }
    }

    // MARK: Write

    /// Writes and commits the chunk, retrying the same items, then isolating bad items by
    /// writing them one by one ("scan") when the error is skippable.
    private mutating func writeChunk(_ outputs: [Output], _ c: Components) async throws {
        var retries = 0
        while true {
            let transaction = try await chunkTransaction()
            if outputs.isEmpty {
                try await commit(transaction)
                return
            }
            writeAttempt += 1
            do {
                try await write(outputs, with: c, in: transaction)
            } catch let failure as WriteFailed {
                let error = failure.underlying
                if step.noRollback.matches(error) {
                    counters.writeSkipCount += outputs.count
                    execution.failures.append(Failure(error))
                    try await commit(transaction)
                    return
                }
                await rollback(transaction)
                if try await shouldRetry(error, retries: &retries) { continue }
                guard step.skipPolicy.isSkippable(error) else { throw ChunkFailed(underlying: error) }
                try await scan(outputs, with: c)
                return
            }
            counters.writeCount += outputs.count
            try await commit(transaction)
            return
        }
    }

    /// Writes the items one at a time in one transaction, each behind a savepoint, skipping the
    /// ones that fail: every good item is written exactly once, with the checkpoint, in one commit.
    private mutating func scan(_ outputs: [Output], with c: Components) async throws {
        let transaction = try await beginChunkTransaction()
        writeAttempt += 1
        for item in outputs {
            do {
                try await transaction.setSavepoint("sluice_scan")
                try await write([item], with: c, in: transaction)
                try await transaction.releaseSavepoint("sluice_scan")
                counters.writeCount += 1
            } catch let failure as WriteFailed {
                do {
                    try await transaction.rollback(toSavepoint: "sluice_scan")
                    try checkSkip(failure.underlying)
                } catch {
                    await rollback(transaction)
                    throw error
                }
                counters.writeSkipCount += 1
                skipped.writes.append((item, failure.underlying))
            } catch {
                await rollback(transaction)
                throw ChunkFailed(underlying: error)
            }
        }
        try await commit(transaction)
    }

    /// The transaction the loop began ahead of the write, or a new one.
    mutating func chunkTransaction() async throws -> any Transaction {
        guard let opened = openedTransaction else { return try await beginChunkTransaction() }
        openedTransaction = nil
        return opened
    }

    /// Begins the chunk's transaction and notes whether the checkpoint commits in it.
    mutating func beginChunkTransaction() async throws -> any Transaction {
        let transaction: any Transaction
        do { transaction = try await step.transactionManager.begin() } catch { throw ChunkFailed(underlying: error) }
        checkpointInTransaction = scope.repository.canParticipate(in: transaction)
        return transaction
    }

    private func write(_ items: [Output], with c: Components, in transaction: any Transaction) async throws {
        // What the writer prepared belongs to the whole chunk, not to the single items of a scan.
        let chunk = Chunk(items, attempt: writeAttempt, prepared: items.count == outputs.count ? prepared : nil)
        if hasWriteListeners { for l in step.listeners.write { await l.beforeWrite(chunk) } }
        do {
            try await ActiveTransaction.run(transaction, carriesCheckpoint: checkpointInTransaction) { try await c.writeChunk(chunk) }
        } catch {
            for l in step.listeners.write { await l.onWriteError(chunk, error: error) }
            throw WriteFailed(underlying: error)
        }
        if hasWriteListeners { for l in step.listeners.write { await l.afterWrite(chunk) } }
    }

    // MARK: Transactions and checkpoints



    mutating func rollback(_ transaction: any Transaction) async {
        counters.rollbackCount += 1
        do { try await transaction.rollback() } catch {
            scope.logger.warning("rollback failed", metadata: ["error": "\(error)"])
        }
    }

    /// Stores the streams' state, counters and heartbeat with exactly one repository call: inside
    /// the transaction when the repository shares its database, otherwise right after the
    /// transaction commits (so a crash can repeat a chunk whose checkpoint was not stored, which
    /// restartable writers undo, but never skip one).
    mutating func commit(_ transaction: any Transaction) async throws {
        // The previous chunk commits first: this one builds on its counters, context and version.
        do { try await settlePendingCommit() } catch {
            await rollback(transaction)
            throw error
        }
        // Updated in place (copying the whole execution per chunk shows in profiles); the two
        // fields a commit changes are restored if it fails, so `execution` stays the last commit.
        let committedContext = execution.executionContext
        let committedCounters = execution.counters
        do {
            for (index, stream) in streams.enumerated() {
                if index == readerStreamIndex, let readerState {
                    execution.executionContext.merge(readerState)
                } else {
                    try await stream.update(&execution.executionContext)
                }
            }
            if lastChunk { for stream in completing { try await stream.complete(&execution.executionContext) } }
        } catch {
            execution.executionContext = committedContext
            await rollback(transaction)
            throw ChunkFailed(underlying: error)
        }
        counters.commitCount += 1
        execution.counters = counters
        let repository = scope.repository
        if overlapsCommits && checkpointInTransaction {
            // The checkpoint and the commit run while the next chunk is written on another connection.
            pendingCommit = PendingCommit(execution, in: transaction, repository: repository,
                                          restoring: committedContext, committedCounters)
            return
        }
        let result: ChunkCommitResult
        do {
            if checkpointInTransaction {
                result = try await repository.commitChunk(execution, in: transaction)
                try await transaction.commit()
            } else {
                try await transaction.commit()
                result = try await repository.commitChunk(execution, in: nil)
            }
        } catch {
            execution.executionContext = committedContext
            execution.counters = committedCounters
            await rollback(transaction)
            throw ChunkFailed(underlying: error)
        }
        execution.version = result.version
        if result.jobStatus == .stopping { scope.stopSignal.request() }
    }

    /// Waits for the previous chunk's commit. If it failed, `execution` goes back to the commit
    /// before it, so the step's final state (and a restart) starts from what is really stored.
    mutating func settlePendingCommit() async throws {
        guard let pending = pendingCommit else { return }
        pendingCommit = nil
        do {
            let result = try await pending.result()
            execution.version = result.version
            if result.jobStatus == .stopping { scope.stopSignal.request() }
        } catch {
            execution.executionContext = pending.committedContext
            execution.counters = pending.committedCounters
            counters.rollbackCount = pending.committedCounters.rollbackCount + 1
            throw ChunkFailed(underlying: error)
        }
    }

    // MARK: Fault tolerance

    private func shouldRetry(_ error: any Error, retries: inout Int) async throws -> Bool {
        guard step.retryPolicy.shouldRetry(error, retriesSoFar: retries) else { return false }
        retries += 1
        for l in step.listeners.retry { await l.onRetry(error, attempt: retries) }
        let delay = step.retryPolicy.backoff.delay(forAttempt: retries)
        if delay > .zero { try? await Task.sleep(for: delay) }
        return true
    }

    private func checkSkip(_ error: any Error) throws {
        guard step.skipPolicy.isSkippable(error) else { throw ChunkFailed(underlying: error) }
        guard counters.skipCount < step.skipPolicy.limit else {
            throw ChunkFailed(underlying: SkipLimitExceeded(limit: step.skipPolicy.limit, error: error))
        }
    }

    func notifyCommitted() async {
        if hasSkipListeners && skipped.any {
            await notifySkips()
        }
        if hasChunkListeners { for l in step.listeners.chunk { await l.afterChunk(execution) } }
    }

    private func notifySkips() async {
        for l in step.listeners.skip {
            for e in skipped.reads { await l.onSkipInRead(e) }
            for (item, e) in skipped.processes { await l.onSkipInProcess(item, error: e) }
            for (item, e) in skipped.writes { await l.onSkipInWrite(item, error: e) }
        }
    }
}

/// The items skipped in the current chunk, reported to skip listeners once it commits.
struct SkippedItems<Input, Output> {
    var reads: [any Error] = []
    var processes: [(Input, any Error)] = [] { didSet { any = true } }
    var writes: [(Output, any Error)] = [] { didSet { any = true } }
    /// Whether anything was skipped; checked per chunk instead of the arrays, whose generic
    /// metadata is costly to look up in unspecialised code.
    private(set) var any = false

    mutating func addRead(_ error: any Error) { reads.append(error); any = true }
}

/// An error that fails the chunk (and the step), wrapping the component's error.
struct ChunkFailed: Error { let underlying: any Error }

/// A writer's error, told apart from commit errors.
struct WriteFailed: Error { let underlying: any Error }

/// The skip limit was reached: the error that would have been the next skip fails the step.
public struct SkipLimitExceeded: CategorizedError, CustomStringConvertible {
    /// The configured limit.
    public var limit: Int
    /// The error that would have been skipped.
    public var error: any Error

    public var category: ErrorCategory { ErrorCategory.of(error) ?? "skip-limit" }
    public var description: String { "skip limit \(limit) exceeded: \(error)" }
}
