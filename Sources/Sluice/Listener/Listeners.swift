/// Notified when a job execution starts and ends.
public protocol JobExecutionListener: Sendable {
    /// Before the first step runs.
    func beforeJob(_ execution: JobExecution) async
    /// After the job ended, with its final status (not yet stored).
    func afterJob(_ execution: JobExecution) async
}

extension JobExecutionListener {
    public func beforeJob(_ execution: JobExecution) async {}
    public func afterJob(_ execution: JobExecution) async {}
}

/// Notified when a step execution starts and ends; `afterStep` may replace the exit status
/// (for example with `COMPLETED WITH SKIPS`) before it is stored and matched by transitions.
public protocol StepExecutionListener: Sendable {
    /// Before the step's components are opened.
    func beforeStep(_ execution: StepExecution) async
    /// After the step ended; return a new exit status or nil to keep it.
    func afterStep(_ execution: StepExecution) async -> ExitStatus?
}

extension StepExecutionListener {
    public func beforeStep(_ execution: StepExecution) async {}
    public func afterStep(_ execution: StepExecution) async -> ExitStatus? { nil }
}

/// Notified around each chunk transaction.
public protocol ChunkListener: Sendable {
    /// Before the chunk's first read.
    func beforeChunk(_ execution: StepExecution) async
    /// After the chunk committed, with the committed counters.
    func afterChunk(_ execution: StepExecution) async
    /// After the chunk was rolled back.
    func afterChunkError(_ execution: StepExecution, error: any Error) async
}

extension ChunkListener {
    public func beforeChunk(_ execution: StepExecution) async {}
    public func afterChunk(_ execution: StepExecution) async {}
    public func afterChunkError(_ execution: StepExecution, error: any Error) async {}
}

/// Notified around each read.
public protocol ItemReadListener<Item>: Sendable {
    /// The item type.
    associatedtype Item: Sendable
    /// Before each read.
    func beforeRead() async
    /// After an item was read.
    func afterRead(_ item: Item) async
    /// After a read threw (before retry or skip is decided).
    func onReadError(_ error: any Error) async
}

extension ItemReadListener {
    public func beforeRead() async {}
    public func afterRead(_ item: Item) async {}
    public func onReadError(_ error: any Error) async {}
}

/// Notified around each item's processing.
public protocol ItemProcessListener<Input, Output>: Sendable {
    /// The item type read.
    associatedtype Input: Sendable
    /// The item type written.
    associatedtype Output: Sendable
    /// Before the processor runs.
    func beforeProcess(_ item: Input) async
    /// After the processor returned (nil when the item was filtered).
    func afterProcess(_ item: Input, result: Output?) async
    /// After the processor threw.
    func onProcessError(_ item: Input, error: any Error) async
}

extension ItemProcessListener {
    public func beforeProcess(_ item: Input) async {}
    public func afterProcess(_ item: Input, result: Output?) async {}
    public func onProcessError(_ item: Input, error: any Error) async {}
}

/// Notified around each write call.
public protocol ItemWriteListener<Item>: Sendable {
    /// The item type.
    associatedtype Item: Sendable
    /// Before the writer is called.
    func beforeWrite(_ chunk: Chunk<Item>) async
    /// After the writer returned (the transaction is not yet committed).
    func afterWrite(_ chunk: Chunk<Item>) async
    /// After the writer threw.
    func onWriteError(_ chunk: Chunk<Item>, error: any Error) async
}

extension ItemWriteListener {
    public func beforeWrite(_ chunk: Chunk<Item>) async {}
    public func afterWrite(_ chunk: Chunk<Item>) async {}
    public func onWriteError(_ chunk: Chunk<Item>, error: any Error) async {}
}

/// Notified once per skipped item, after the chunk that skipped it committed (never for a skip
/// in a chunk that was rolled back, since that item will be met again).
public protocol SkipListener<Input, Output>: Sendable {
    /// The item type read.
    associatedtype Input: Sendable
    /// The item type written.
    associatedtype Output: Sendable
    /// A read error was skipped.
    func onSkipInRead(_ error: any Error) async
    /// An item was skipped because processing failed.
    func onSkipInProcess(_ item: Input, error: any Error) async
    /// An item was skipped because writing it failed.
    func onSkipInWrite(_ item: Output, error: any Error) async
}

extension SkipListener {
    public func onSkipInRead(_ error: any Error) async {}
    public func onSkipInProcess(_ item: Input, error: any Error) async {}
    public func onSkipInWrite(_ item: Output, error: any Error) async {}
}

/// Notified before each retry.
public protocol RetryListener: Sendable {
    /// `error` will be retried; `attempt` is 1 for the first retry.
    func onRetry(_ error: any Error, attempt: Int) async
}
