/// A chunk's checkpoint and commit, running while the next chunk is written.
///
/// Used when the transaction manager ``TransactionManager/allowsOverlappingCommits`` and the
/// repository stores the checkpoint in the chunk's transaction. Chunk N's commit then overlaps
/// chunk N+1's write (on another connection), which hides its round trips; chunk N+1's checkpoint
/// and commit wait for chunk N's outcome, so commits stay strictly in order and each one still
/// holds its chunk's writes and checkpoint together.
struct PendingCommit {
    private let task: Task<ChunkCommitResult, any Error>
    /// The execution context of the commit before this one: restored if this one fails.
    let committedContext: ExecutionContext
    /// The counters of the commit before this one: restored if this one fails.
    let committedCounters: StepCounters

    /// Starts storing `execution`'s checkpoint in `transaction` and committing it.
    init(_ execution: StepExecution, in transaction: any Transaction, repository: any JobRepository,
         restoring context: ExecutionContext, _ counters: StepCounters) {
        committedContext = context
        committedCounters = counters
        task = Task {
            do {
                let result = try await repository.commitChunk(execution, in: transaction)
                try await transaction.commit()
                return result
            } catch {
                try? await transaction.rollback()
                throw error
            }
        }
    }

    /// The repository's answer once the chunk is committed; throws when it was not.
    func result() async throws -> ChunkCommitResult { try await task.value }
}
