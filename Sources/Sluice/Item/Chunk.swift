/// The items written together in one transaction.
public struct Chunk<Item: Sendable>: Sendable, RandomAccessCollection {
    /// The items, in read order.
    public var items: [Item]

    /// Creates a chunk.
    public init(_ items: [Item]) { self.items = items }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(position: Int) -> Item { items[position] }
}
