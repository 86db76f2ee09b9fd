import Sluice
import Synchronization

/// A transaction manager over in-memory resources that really commits and rolls back: work is
/// staged in the transaction and applied only on commit, with savepoints. Lets tests observe
/// exactly what a chunk made permanent.
public final class InMemoryTransactionManager: TransactionManager {
    private let stats = Mutex((commits: 0, rollbacks: 0))

    /// Creates the manager.
    public init() {}

    /// Transactions committed so far.
    public var commits: Int { stats.withLock { $0.commits } }
    /// Transactions rolled back so far.
    public var rollbacks: Int { stats.withLock { $0.rollbacks } }

    public func begin() async throws -> any Transaction {
        InMemoryTransaction { committed in
            self.stats.withLock { if committed { $0.commits += 1 } else { $0.rollbacks += 1 } }
        }
    }
}

/// A transaction of ``InMemoryTransactionManager``.
public final class InMemoryTransaction: Transaction {
    private struct State {
        var staged: [@Sendable () -> Void] = []
        var savepoints: [String: Int] = [:]
        var finished = false
    }
    private let state = Mutex(State())
    private let onEnd: @Sendable (Bool) -> Void

    init(onEnd: @escaping @Sendable (Bool) -> Void) { self.onEnd = onEnd }

    /// Adds work applied when (and only when) the transaction commits.
    public func stage(_ apply: @escaping @Sendable () -> Void) throws {
        try state.withLock { s in
            guard !s.finished else { throw BatchError(.transient, "transaction already finished") }
            s.staged.append(apply)
        }
    }

    public func commit() async throws {
        let work = try state.withLock { s in
            guard !s.finished else { throw BatchError(.transient, "transaction already finished") }
            s.finished = true
            return s.staged
        }
        for apply in work { apply() }
        onEnd(true)
    }

    public func rollback() async throws {
        let wasOpen = state.withLock { s in
            defer { s.finished = true; s.staged = [] }
            return !s.finished
        }
        if wasOpen { onEnd(false) }
    }

    public func setSavepoint(_ name: String) async throws {
        state.withLock { $0.savepoints[name] = $0.staged.count }
    }

    public func rollback(toSavepoint name: String) async throws {
        try state.withLock { s in
            guard let mark = s.savepoints[name] else { throw BatchError(.transient, "no savepoint \(name)") }
            s.staged.removeLast(s.staged.count - mark)
        }
    }

    public func releaseSavepoint(_ name: String) async throws {
        _ = state.withLock { $0.savepoints.removeValue(forKey: name) }
    }
}

/// A writer whose output becomes visible only when the chunk's ``InMemoryTransaction`` commits,
/// and which throws the error `failure` returns for an item (before staging anything), so a
/// failed write leaves no trace.
public final class TransactionalListWriter<Item: Sendable>: ItemWriter {
    private let committed = Mutex<[Item]>([])
    private let failure: @Sendable (Item) -> (any Error)?

    /// Creates the writer; `failure` injects an error for chosen items.
    public init(failure: @escaping @Sendable (Item) -> (any Error)? = { _ in nil }) { self.failure = failure }

    /// The items of committed chunks, in order.
    public var items: [Item] { committed.withLock { $0 } }

    public func write(_ chunk: Chunk<Item>) async throws {
        guard let transaction = ActiveTransaction.current as? InMemoryTransaction else {
            throw BatchError(.io, "TransactionalListWriter needs an InMemoryTransactionManager")
        }
        for item in chunk { if let error = failure(item) { throw error } }
        let items = chunk.items
        try transaction.stage { self.committed.withLock { $0.append(contentsOf: items) } }
    }
}
