/// Reads (and, when allowed, processes) the next chunk for ``ChunkRun``'s read-ahead loop, off the
/// step's own state so that it can run as a child task while the previous chunk commits.
struct ChunkReadAhead<Input: Sendable, Output: Sendable>: Sendable {
    /// One chunk read ahead.
    struct Chunk: Sendable {
        var inputs: [Input]
        /// The processed items; nil when processing waits for the chunk's turn.
        var outputs: [Output]?
        /// What the writer prepared for `outputs` (``PreparingItemWriter``), or nil.
        var prepared: (any Sendable)?
        /// Whether the read reached the end of the input.
        var exhausted: Bool
        /// The reader's state right after these items were read; nil for a stateless reader.
        var readerState: ExecutionContext?
    }

    let size: Int
    let read: @Sendable (inout [Input], Int) async throws -> Bool
    let state: (any ItemStream)?
    let process: (@Sendable ([Input], inout [Output]) async throws -> Void)?
    /// The writer's ``PreparingItemWriter/prepare(_:)``, run on the processed items.
    let prepare: (@Sendable ([Output]) async -> (any Sendable)?)?

    /// Reads the next chunk; any error fails the chunk, as on the step's plain path. `previous`
    /// (the chunk just committed) is released here first, so freeing its items costs this lane
    /// rather than the one that writes and commits.
    func next(releasing previous: HandOff<([Input], [Output])>? = nil) async throws -> Chunk {
        _ = previous?.take()
        var items: [Input] = []
        do {
            let exhausted = try await !read(&items, size)
            var readerState: ExecutionContext?
            if let state {
                var context = ExecutionContext()
                try await state.update(&context)
                readerState = context
            }
            var outputs: [Output]?
            var prepared: (any Sendable)?
            if let process {
                var processed: [Output] = []
                try await process(items, &processed)
                outputs = processed
                if let prepare, !processed.isEmpty { prepared = await prepare(processed) }
            }
            return Chunk(inputs: items, outputs: outputs, prepared: prepared, exhausted: exhausted, readerState: readerState)
        } catch {
            throw ChunkFailed(underlying: error)
        }
    }
}
