/// Reads (and, when allowed, processes) the next chunk for ``ChunkRun``'s read-ahead loop, off the
/// step's own state so that it can run as a child task while the previous chunk commits.
struct ChunkReadAhead<Input: Sendable, Output: Sendable>: Sendable {
    /// One chunk read ahead.
    struct Chunk: Sendable {
        var inputs: [Input]
        /// The processed items; nil when processing waits for the chunk's turn.
        var outputs: [Output]?
        /// Whether the read reached the end of the input.
        var exhausted: Bool
        /// The reader's state right after these items were read; nil for a stateless reader.
        var readerState: ExecutionContext?
    }

    let size: Int
    let read: @Sendable (inout [Input], Int) async throws -> Bool
    let state: (any ItemStream)?
    let process: (@Sendable ([Input], inout [Output]) async throws -> Void)?

    /// Reads the next chunk; any error fails the chunk, as on the step's plain path.
    func next() async throws -> Chunk {
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
            if let process {
                var processed: [Output] = []
                try await process(items, &processed)
                outputs = processed
            }
            return Chunk(inputs: items, outputs: outputs, exhausted: exhausted, readerState: readerState)
        } catch {
            throw ChunkFailed(underlying: error)
        }
    }
}
