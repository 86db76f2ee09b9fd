/// A step that reads items, processes them and writes them in chunks, committing each chunk with
/// the reader's and writer's restart state in one transaction.
///
/// ```swift
/// let load = ChunkStep("load", chunkSize: 500,
///                      reader: { _ in ArrayItemReader(orders) },
///                      processor: { _ in ClosureItemProcessor { $0.amount > 0 ? $0 : nil } },
///                      writer: { _ in OrderWriter(db) })
///     .retry(RetryPolicy(limit: 3, on: [.transient], backoff: .exponential(initial: .milliseconds(100))))
///     .skip(SkipPolicy(limit: 10, on: [.parse, .validation]))
/// ```
/// Components come from factories called once per step execution, so partitions and restarts
/// never share mutable state.
public struct ChunkStep<Input: Sendable, Output: Sendable>: Step {
    public let name: String
    /// The commit interval in items.
    public var chunkSize: Int
    /// Commit early when a chunk has been collecting items for this long.
    public var chunkTimeLimit: Duration?
    /// Retry rules for reads, processing and writes.
    public var retryPolicy: RetryPolicy = .never
    /// Skip rules for reads, processing and writes.
    public var skipPolicy: SkipPolicy = .never
    /// Write errors that commit the chunk instead of rolling it back (the chunk's items are
    /// counted as write skips): an explicit opt-in to at-most-once for those items.
    public var noRollback: [ErrorMatcher] = []
    /// The transaction manager of the writer's resource.
    public var transactionManager: any TransactionManager = ResourcelessTransactionManager()
    /// Whether the next chunk may be read while the current one is written, when the reader is a
    /// ``ReadAheadItemReader`` and no listener, retry, skip or time limit needs to see single reads.
    public var readAhead: Bool = true
    /// Whether chunks may move column by column (``RecordBatch``) when the reader is a
    /// ``ColumnarItemReader`` and the writer a ``ColumnarItemWriter`` (see ``columnar(_:)``).
    public var columnar: Bool = true
    public var startLimit: Int = .max
    public var allowStartIfComplete: Bool = false
    public var stepListeners: [any StepExecutionListener] = []
    var listeners = ChunkListeners<Input, Output>()

    let makeReader: @Sendable (StepContext) async throws -> any ItemReader<Input>
    let makeProcessor: @Sendable (StepContext) async throws -> (any ItemProcessor<Input, Output>)?
    let makeWriter: @Sendable (StepContext) async throws -> any ItemWriter<Output>
    let passThrough: (@Sendable ([Input]) -> [Output])?

    /// A step with a processor.
    public init(
        _ name: String, chunkSize: Int = 100,
        reader: @escaping @Sendable (StepContext) async throws -> any ItemReader<Input>,
        processor: @escaping @Sendable (StepContext) async throws -> any ItemProcessor<Input, Output>,
        writer: @escaping @Sendable (StepContext) async throws -> any ItemWriter<Output>
    ) {
        self.name = name
        self.chunkSize = max(1, chunkSize)
        makeReader = reader
        makeProcessor = { try await processor($0) }
        makeWriter = writer
        passThrough = nil
    }

    /// A step without a processor: items go from the reader to the writer unchanged.
    public init(
        _ name: String, chunkSize: Int = 100,
        reader: @escaping @Sendable (StepContext) async throws -> any ItemReader<Input>,
        writer: @escaping @Sendable (StepContext) async throws -> any ItemWriter<Output>
    ) where Input == Output {
        self.name = name
        self.chunkSize = max(1, chunkSize)
        makeReader = reader
        makeProcessor = { _ in nil }
        makeWriter = writer
        passThrough = { $0 }
    }

    public func execute(_ execution: StepExecution, in scope: StepScope) async -> StepExecution {
        var run = ChunkRun(step: self, execution: execution, scope: scope)
        return await run.run()
    }
}

extension ChunkStep {
    /// Sets the retry policy.
    public func retry(_ policy: RetryPolicy) -> Self { with { $0.retryPolicy = policy } }
    /// Sets the skip policy.
    public func skip(_ policy: SkipPolicy) -> Self { with { $0.skipPolicy = policy } }
    /// Sets the errors that do not roll a chunk back.
    public func noRollback(_ matchers: [ErrorMatcher]) -> Self { with { $0.noRollback = matchers } }
    /// Commits early when a chunk has been collecting items for `limit`.
    public func chunkTimeLimit(_ limit: Duration) -> Self { with { $0.chunkTimeLimit = limit } }
    /// Sets the transaction manager of the writer's resource.
    public func transactionManager(_ manager: any TransactionManager) -> Self { with { $0.transactionManager = manager } }
    /// Turns reading the next chunk while the current one is written on or off (on by default;
    /// it applies only to a ``ReadAheadItemReader``).
    public func readAhead(_ enabled: Bool) -> Self { with { $0.readAhead = enabled } }
    /// Turns columnar chunks on or off (on by default). They apply only between a
    /// ``ColumnarItemReader`` and a ``ColumnarItemWriter`` with no processor, retry, skip, time
    /// limit, or read or write listener; off forces a record per row (for comparisons and tests).
    public func columnar(_ enabled: Bool) -> Self { with { $0.columnar = enabled } }
    /// Sets how often the step may start per job instance.
    public func startLimit(_ limit: Int) -> Self { with { $0.startLimit = limit } }
    /// Lets the step run again on restart after it completed.
    public func allowStartIfComplete(_ allow: Bool = true) -> Self { with { $0.allowStartIfComplete = allow } }

    /// Registers a listener for every listener protocol it conforms to with matching item types
    /// (``StepExecutionListener``, ``ChunkListener``, ``ItemReadListener``, ``ItemProcessListener``,
    /// ``ItemWriteListener``, ``SkipListener``, ``RetryListener``).
    public func listener(_ listener: some Sendable) -> Self {
        with { step in
            var matched = false
            if let l = listener as? any StepExecutionListener { step.stepListeners.append(l); matched = true }
            matched = step.listeners.add(listener) || matched
            assert(matched, "\(type(of: listener)) is not a listener for a ChunkStep<\(Input.self), \(Output.self)>")
        }
    }

    private func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }
}

/// The item-level listeners of a chunk step, by kind.
struct ChunkListeners<Input: Sendable, Output: Sendable>: Sendable {
    var chunk: [any ChunkListener] = []
    var read: [any ItemReadListener<Input>] = []
    var process: [any ItemProcessListener<Input, Output>] = []
    var write: [any ItemWriteListener<Output>] = []
    var skip: [any SkipListener<Input, Output>] = []
    var retry: [any RetryListener] = []

    mutating func add(_ listener: some Sendable) -> Bool {
        var matched = false
        if let l = listener as? any ChunkListener { chunk.append(l); matched = true }
        if let l = listener as? any ItemReadListener<Input> { read.append(l); matched = true }
        if let l = listener as? any ItemProcessListener<Input, Output> { process.append(l); matched = true }
        if let l = listener as? any ItemWriteListener<Output> { write.append(l); matched = true }
        if let l = listener as? any SkipListener<Input, Output> { skip.append(l); matched = true }
        if let l = listener as? any RetryListener { retry.append(l); matched = true }
        return matched
    }
}
