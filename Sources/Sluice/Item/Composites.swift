/// Runs processors in order, feeding each one's output to the next; a nil anywhere filters the item.
public struct CompositeItemProcessor<Input: Sendable, Output: Sendable>: ItemProcessor {
    private let body: @Sendable (Input) async throws -> Output?

    /// Chains two processors.
    public init<First: ItemProcessor, Second: ItemProcessor>(_ first: First, _ second: Second)
    where First.Input == Input, First.Output == Second.Input, Second.Output == Output {
        body = { item in
            guard let middle = try await first.process(item) else { return nil }
            return try await second.process(middle)
        }
    }

    /// Chains processors of one item type, as a JSL `processor:` list does.
    public init(_ processors: [any ItemProcessor<Input, Output>]) where Input == Output {
        body = { item in
            var current = item
            for processor in processors {
                guard let next = try await processor.process(current) else { return nil }
                current = next
            }
            return current
        }
    }

    public func process(_ item: Input) async throws -> Output? { try await body(item) }
}

/// Writes each chunk to several writers in order, all inside the same transaction.
public struct CompositeItemWriter<Item: Sendable>: ItemWriter, ItemStream {
    /// The writers, called in order.
    public let writers: [any ItemWriter<Item>]

    /// Creates the composite.
    public init(_ writers: [any ItemWriter<Item>]) { self.writers = writers }

    public func write(_ chunk: Chunk<Item>) async throws {
        for writer in writers { try await writer.write(chunk) }
    }

    public func open(_ context: ExecutionContext) async throws {
        for case let stream as any ItemStream in writers { try await stream.open(context) }
    }

    public func update(_ context: inout ExecutionContext) async throws {
        for case let stream as any ItemStream in writers { try await stream.update(&context) }
    }

    public func close() async throws {
        for case let stream as any ItemStream in writers { try await stream.close() }
    }
}

/// Reads several readers one after the other, remembering on restart which one it was in.
/// Each delegate that is an ``ItemStream`` keeps its own state under its own prefix.
public final class CompositeItemReader<Item: Sendable>: ItemReader, ItemStream {
    private let readers: [any ItemReader<Item>]
    private let key: String
    private let current = Mutex(0)

    /// Creates the composite; `key` names its state in the step context.
    public init(_ readers: [any ItemReader<Item>], key: String = "composite.reader") {
        self.readers = readers
        self.key = key
    }

    public func read() async throws -> Item? {
        while true {
            let index = current.withLock { $0 }
            guard index < readers.count else { return nil }
            if let item = try await readers[index].read() { return item }
            current.withLock { $0 = index + 1 }
        }
    }

    public func open(_ context: ExecutionContext) async throws {
        let index = context.int("\(key).index") ?? 0
        current.withLock { $0 = index }
        for case let stream as any ItemStream in readers { try await stream.open(context) }
    }

    public func update(_ context: inout ExecutionContext) async throws {
        context["\(key).index"] = .int(current.withLock { $0 })
        for case let stream as any ItemStream in readers { try await stream.update(&context) }
    }

    public func close() async throws {
        for case let stream as any ItemStream in readers { try await stream.close() }
    }
}

import Synchronization
