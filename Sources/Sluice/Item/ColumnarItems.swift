/// A reader of ``Record``s that can also hand a chunk over column by column, as a
/// ``RecordBatch``, so that a ``ColumnarItemWriter`` gets it without a record built per row.
///
/// The engine uses its batch read instead of the record reads when the
/// step's writer is a ``ColumnarItemWriter``, no processor sits between them, and nothing needs to
/// see single items (no read or write listener, retry, skip or chunk time limit). Both reads
/// must give the same rows and leave the same restart state behind.
public protocol ColumnarItemReader: ItemReader where Item == Record {
    /// Appends rows to `batch` until it holds `limit` rows or the input ends; returns false at
    /// the end of the input. All rows of a batch have the same field names: a reader whose next
    /// row has other names (the next file of a glob, with another header) returns early, and the
    /// engine starts a new chunk. Rows read before an error stay in `batch`.
    func read(into batch: inout RecordBatch, limit: Int) async throws -> Bool
}

/// A writer of ``Record``s that can also take a chunk column by column (see
/// ``ColumnarItemReader``).
public protocol ColumnarItemWriter: ItemWriter where Item == Record {
    /// Writes the rows of `batch` exactly as ``ItemWriter/write(_:)`` would write
    /// `Chunk(batch.records, attempt: attempt)`, with the same errors.
    func write(_ batch: RecordBatch, attempt: Int) async throws
}
