import Synchronization

/// Reads the elements of an array, and resumes after the last committed one on restart.
public final class ArrayItemReader<Item: Sendable>: ItemReader, ItemStream {
    private let items: [Item]
    private let key: String
    private let position = Mutex(0)

    /// Creates the reader; `key` names its position in the step context.
    public init(_ items: [Item], key: String = "array.reader.position") {
        self.items = items
        self.key = key
    }

    public func read() async throws -> Item? {
        position.withLock { index in
            guard index < items.count else { return nil }
            defer { index += 1 }
            return items[index]
        }
    }

    public func open(_ context: ExecutionContext) async throws {
        let saved = context.int(key) ?? 0
        position.withLock { $0 = saved }
    }

    public func update(_ context: inout ExecutionContext) async throws {
        context[key] = .int(position.withLock { $0 })
    }
}

/// Collects written items in memory, for tests and small jobs.
public final class ArrayItemWriter<Item: Sendable>: ItemWriter {
    private let storage = Mutex<[Item]>([])

    /// Creates an empty writer.
    public init() {}

    /// Everything written so far.
    public var items: [Item] { storage.withLock { $0 } }

    public func write(_ chunk: Chunk<Item>) async throws {
        storage.withLock { $0.append(contentsOf: chunk.items) }
    }
}
