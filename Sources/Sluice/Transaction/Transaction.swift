/// A unit of work on one resource (usually a database connection) that commits or rolls back
/// as a whole. The engine owns transaction boundaries: one per chunk, one per tasklet call.
public protocol Transaction: AnyObject, Sendable {
    /// Makes the work permanent.
    func commit() async throws
    /// Discards the work.
    func rollback() async throws
    /// Marks a point to roll back to without losing earlier work in the transaction; used to
    /// write items one by one when isolating a bad item in a failed chunk.
    func setSavepoint(_ name: String) async throws
    /// Discards the work done since the savepoint `name`.
    func rollback(toSavepoint name: String) async throws
    /// Forgets the savepoint `name`, keeping its work.
    func releaseSavepoint(_ name: String) async throws
}

/// Begins transactions on one resource.
public protocol TransactionManager: Sendable {
    /// Begins a transaction.
    func begin() async throws -> any Transaction
    /// Whether a second transaction may be begun and written in while the first commits, each on
    /// its own connection, without either waiting on the other except for rows both touch (the
    /// later one then waits for the earlier commit, never the reverse). Chunk steps that read
    /// ahead then commit chunk N while chunk N+1 is written; the commits still happen strictly
    /// in order, and chunk N+1 commits only after chunk N did. False by default.
    var allowsOverlappingCommits: Bool { get }
}

extension TransactionManager {
    public var allowsOverlappingCommits: Bool { false }
}

/// Where components find the transaction the engine opened for the current chunk or tasklet call.
public enum ActiveTransaction {
    /// The transaction of the current chunk write or tasklet call; nil outside one, and in steps
    /// that use the ``ResourcelessTransactionManager`` (there is nothing to share).
    @TaskLocal public static var current: (any Transaction)?
    /// Whether the step's checkpoint (its streams' state and counters) commits in ``current``:
    /// true when the job repository shares the transaction's database. A writer that otherwise
    /// records its own progress in the target for exactly-once restarts can then skip it.
    @TaskLocal public static var carriesCheckpoint = false
}

extension ActiveTransaction {
    /// Runs `body` with `transaction` as the current one — except a resourceless transaction,
    /// which has nothing to share (and skipping the task-local keeps the chunk loop cheap).
    static func run<R: Sendable>(_ transaction: any Transaction, carriesCheckpoint: Bool = false,
                                 _ body: () async throws -> R) async throws -> R {
        if transaction is ResourcelessTransaction { return try await body() }
        guard carriesCheckpoint else { return try await $current.withValue(transaction) { try await body() } }
        return try await $current.withValue(transaction) {
            try await $carriesCheckpoint.withValue(true) { try await body() }
        }
    }
}

/// A transaction manager for work that has no transactional resource (files, in-memory, logs).
/// Its transactions do nothing; components that need atomicity record their own progress.
public struct ResourcelessTransactionManager: TransactionManager {
    /// Creates the manager.
    public init() {}

    /// The transactions hold no state, so one instance serves every chunk.
    private static let shared = ResourcelessTransaction()

    public func begin() async throws -> any Transaction { Self.shared }
}

/// The transaction of ``ResourcelessTransactionManager``: every operation succeeds and does nothing.
public final class ResourcelessTransaction: Transaction {
    /// Creates a transaction.
    public init() {}
    public func commit() async throws {}
    public func rollback() async throws {}
    public func setSavepoint(_ name: String) async throws {}
    public func rollback(toSavepoint name: String) async throws {}
    public func releaseSavepoint(_ name: String) async throws {}
}
