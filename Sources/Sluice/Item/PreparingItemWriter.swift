/// A writer whose CPU-bound work on a chunk — encoding rows for a bulk load, serialising records
/// — can be done before the chunk's transaction, while the previous chunk is still being written
/// and committed, so that the target never waits for the encoding.
///
/// With read-ahead on, the engine calls ``prepare(_:)`` in the read-ahead lane, right after the
/// chunk's items are read and processed, and hands the result to ``ItemWriter/write(_:)`` in
/// ``Chunk/prepared``. Preparing is an optimisation only:
/// - it must be free of side effects and depend on nothing but the items and the writer's
///   configuration (it runs for chunks that may never be written, for instance when the step stops);
/// - `write` must accept a chunk without a prepared value (the first chunk, retries after a
///   writer error, single-item writes that isolate a bad item) and must check that the prepared
///   value still fits what it is about to write.
public protocol PreparingItemWriter<Item>: ItemWriter {
    /// Does the transaction-free part of writing `items`; nil when there is nothing to prepare
    /// (yet).
    func prepare(_ items: [Item]) async -> (any Sendable)?
}
