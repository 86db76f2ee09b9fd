/// The items written together in one transaction.
public struct Chunk<Item: Sendable>: Sendable, RandomAccessCollection {
    /// The items, in read order.
    public var items: [Item]

    /// Identifies one write attempt within a step execution: a retried chunk is written again
    /// under a new attempt, while the single-item writes that isolate a bad item ("scan") share
    /// one. A writer that buffers its output until the commit (``ItemStream/update(_:)``) drops
    /// whatever it buffered under another attempt, so a retry never writes an item twice.
    public var attempt: Int

    /// What a ``PreparingItemWriter`` prepared for these items ahead of the transaction, or nil.
    public var prepared: (any Sendable)?

    /// Creates a chunk.
    public init(_ items: [Item], attempt: Int = 0, prepared: (any Sendable)? = nil) {
        self.items = items
        self.attempt = attempt
        self.prepared = prepared
    }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(position: Int) -> Item { items[position] }
}
