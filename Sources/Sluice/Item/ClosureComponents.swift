/// A processor from a closure, for quick mappings and filters.
public struct ClosureItemProcessor<Input: Sendable, Output: Sendable>: ItemProcessor {
    private let body: @Sendable (Input) async throws -> Output?

    /// Creates the processor; return nil to filter the item.
    public init(_ body: @escaping @Sendable (Input) async throws -> Output?) { self.body = body }

    public func process(_ item: Input) async throws -> Output? { try await body(item) }
}

/// A writer from a closure.
public struct ClosureItemWriter<Item: Sendable>: ItemWriter {
    private let body: @Sendable (Chunk<Item>) async throws -> Void

    /// Creates the writer.
    public init(_ body: @escaping @Sendable (Chunk<Item>) async throws -> Void) { self.body = body }

    public func write(_ chunk: Chunk<Item>) async throws { try await body(chunk) }
}

/// A processor that passes items through unchanged.
public struct PassThroughItemProcessor<Item: Sendable>: ItemProcessor {
    /// Creates the processor.
    public init() {}
    @inlinable public func process(_ item: Item) async throws -> Item? { item }
    @inlinable public func process(_ items: [Item], into outputs: inout [Item]) async throws {
        if outputs.isEmpty { outputs = items } else { outputs.append(contentsOf: items) }
    }
}
