import Synchronization

/// A thread-safe list that test components append to from any task.
public final class Records<T: Sendable>: Sendable {
    private let entries = Mutex<[T]>([])

    /// Creates an empty list.
    public init() {}

    /// Appends an entry.
    public func append(_ entry: T) { entries.withLock { $0.append(entry) } }

    /// Every entry, in order.
    public var all: [T] { entries.withLock { $0 } }
}

/// A counter shared with closures and tasks.
public final class SharedCounter: Sendable {
    private let value = Mutex(0)

    /// Creates a counter at zero.
    public init() {}

    /// Adds one and returns the new value.
    @discardableResult public func next() -> Int { value.withLock { $0 += 1; return $0 } }

    /// The current value.
    public var count: Int { value.withLock { $0 } }
}
