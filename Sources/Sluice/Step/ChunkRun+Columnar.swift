import Tracing

/// The reads and writes of a columnar chunk step (``ColumnarItemReader`` to
/// ``ColumnarItemWriter``), opened once per step, and the read of the next batch.
struct ColumnarTransfer: Sendable {
    /// One chunk's rows, read.
    struct Batch: Sendable {
        var rows: RecordBatch
        /// Whether the read reached the end of the input.
        var exhausted: Bool
        /// With read-ahead, the reader's state right after these rows were read.
        var readerState: ExecutionContext?
    }

    let size: Int
    let read: @Sendable (inout RecordBatch, Int) async throws -> Bool
    let write: @Sendable (RecordBatch, Int) async throws -> Void
    /// Whether the next batch is read while the current one is written and committed.
    let readsAhead: Bool
    /// The reader's stream, whose state is taken with each batch when reading ahead.
    let state: (any ItemStream)?

    /// Reads the next batch; any error fails the chunk, as on the record path.
    func next() async throws -> Batch {
        var rows = RecordBatch(capacity: size)
        do {
            let exhausted = try await !read(&rows, size)
            var readerState: ExecutionContext?
            if readsAhead, let state {
                var context = ExecutionContext()
                try await state.update(&context)
                readerState = context
            }
            return Batch(rows: rows, exhausted: exhausted, readerState: readerState)
        } catch {
            throw ChunkFailed(underlying: error)
        }
    }
}

extension ChunkRun {
    /// How to move chunks column by column, or nil when the step needs records: the reader is
    /// not a ``ColumnarItemReader`` or the writer not a ``ColumnarItemWriter``, a processor sits
    /// between them, or something must see single items (a read or write listener, retry, skip,
    /// or chunk time limit).
    func columnarTransfer(_ c: Components) -> ColumnarTransfer? {
        guard step.columnar, fastRead, !hasWriteListeners, c.processor == nil, step.passThrough != nil,
            let reader = c.reader as? any ColumnarItemReader, let writer = c.writer as? any ColumnarItemWriter,
            (reader as AnyObject) !== (writer as AnyObject)
        else { return nil }
        func reading<R: ColumnarItemReader>(_ r: R) -> @Sendable (inout RecordBatch, Int) async throws -> Bool {
            { batch, limit in try await r.read(into: &batch, limit: limit) }
        }
        func writing<W: ColumnarItemWriter>(_ w: W) -> @Sendable (RecordBatch, Int) async throws -> Void {
            { batch, attempt in try await w.write(batch, attempt: attempt) }
        }
        let readsAhead = step.readAhead && !hasChunkListeners && reader is any ReadAheadItemReader
        return ColumnarTransfer(size: step.chunkSize, read: reading(reader), write: writing(writer), readsAhead: readsAhead,
                                state: reader as? any ItemStream)
    }

    /// Runs columnar chunks until the end of input or a stop request; with read-ahead, the next
    /// batch is read while the current one is written and committed (see the record path's
    /// read-ahead loop for why that never loses or doubles a row).
    mutating func columnarLoop(_ transfer: ColumnarTransfer) async throws -> BatchStatus {
        scope.logger.debug("chunks move column by column", metadata: ["step": "\(execution.stepName)", "read-ahead": "\(transfer.readsAhead)"])
        guard transfer.readsAhead else { return try await columnarChunks(transfer) }
        overlapsCommits = step.transactionManager.allowsOverlappingCommits
        do {
            let status = try await columnarChunks(transfer)
            try await settlePendingCommit()
            return status
        } catch {
            try? await settlePendingCommit()
            throw error
        }
    }

    private mutating func columnarChunks(_ transfer: ColumnarTransfer) async throws -> BatchStatus {
        var next = transfer.readsAhead ? try await transfer.next() : nil
        defer { readerState = nil }
        while true {
            if scope.stopSignal.isRequested { return .stopped }
            if hasChunkListeners { for l in step.listeners.chunk { await l.beforeChunk(execution) } }
            counters = execution.counters
            let before = counters
            let started = metrics == nil ? nil : ContinuousClock.now
            let current: ColumnarTransfer.Batch
            if let ahead = next { current = ahead } else { current = try await transfer.next() }
            counters.readCount += current.rows.count
            if current.rows.isEmpty && counters == execution.counters && (!current.exhausted || completing.isEmpty) { return .completed }
            lastChunk = current.exhausted
            readerState = current.readerState
            guard transfer.readsAhead else {
                try await writeAndCommit(current.rows, transfer, before: before, started: started)
                if current.exhausted { return .completed }
                continue
            }
            openedTransaction = try await beginChunkTransaction()
            async let upcoming = current.exhausted ? nil : transfer.next()
            try await writeAndCommit(current.rows, transfer, before: before, started: started)
            guard let following = try await upcoming else { return .completed }
            next = following
        }
    }

    /// Writes one batch in the chunk's transaction and commits it (in a span when tracing).
    private mutating func writeAndCommit(_ rows: RecordBatch, _ transfer: ColumnarTransfer, before: StepCounters,
                                         started: ContinuousClock.Instant?) async throws {
        try await committingChunk(items: rows.count, before: before, started: started) { run in
            try await run.writeColumns(rows, transfer)
        }
    }

    /// The write and commit of one batch: a write error rolls the chunk back and fails it
    /// (nothing retries or skips on this path), unless it is a no-rollback error.
    private mutating func writeColumns(_ rows: RecordBatch, _ transfer: ColumnarTransfer) async throws {
        let transaction = try await chunkTransaction()
        guard !rows.isEmpty else { return try await commit(transaction) }
        writeAttempt += 1
        let attempt = writeAttempt
        do {
            try await ActiveTransaction.run(transaction, carriesCheckpoint: checkpointInTransaction) {
                try await transfer.write(rows, attempt)
            }
        } catch {
            if step.noRollback.matches(error) {
                counters.writeSkipCount += rows.count
                execution.failures.append(Failure(error))
                return try await commit(transaction)
            }
            await rollback(transaction)
            throw ChunkFailed(underlying: error)
        }
        counters.writeCount += rows.count
        try await commit(transaction)
    }
}
