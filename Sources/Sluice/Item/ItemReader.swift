/// Supplies the items of a chunk step one at a time; `nil` means the input is exhausted.
///
/// A reader that can resume after a restart also conforms to ``ItemStream`` and saves its position
/// in ``ItemStream/update(_:)``. A reader that throws for a bad record (a `parse` error, say) should
/// have consumed that record, so that skipping it moves on to the next one.
public protocol ItemReader<Item>: Sendable {
    /// The item type.
    associatedtype Item: Sendable
    /// The next item, or nil at the end of the input.
    func read() async throws -> Item?
    /// Appends items to `buffer` until it holds `limit` items or the input ends; returns false at
    /// the end of the input. Items read before an error stay in `buffer`.
    ///
    /// The engine calls this once per chunk when no per-item listener, retry or skip rule needs
    /// to see each read. The default calls ``read()``; being a protocol requirement, it is
    /// specialised for each reader type, which keeps the per-item cost of the engine near that of
    /// a hand-written loop. Readers that fetch in pages may implement it directly.
    func read(into buffer: inout [Item], limit: Int) async throws -> Bool
}

extension ItemReader {
    @inlinable
    public func read(into buffer: inout [Item], limit: Int) async throws -> Bool {
        // Collect into a local array (whose uniqueness the optimiser can prove) and hand the
        // items over at the end, also when a read throws.
        let wanted = limit - buffer.count
        guard wanted > 0 else { return true }
        var local: [Item] = []
        local.reserveCapacity(wanted)
        defer { if buffer.isEmpty { buffer = local } else { buffer.append(contentsOf: local) } }
        while local.count < wanted {
            guard let item = try await read() else { return false }
            local.append(item)
        }
        return true
    }
}

/// Transforms or filters one item; returning nil filters the item out (counted in `filterCount`).
public protocol ItemProcessor<Input, Output>: Sendable {
    /// The item type read.
    associatedtype Input: Sendable
    /// The item type written.
    associatedtype Output: Sendable
    /// The processed item, or nil to filter it out.
    func process(_ item: Input) async throws -> Output?
    /// Processes every item, appending the results that are not filtered to `outputs`.
    ///
    /// Used once per chunk when no per-item listener, retry or skip rule applies; the default
    /// calls ``process(_:)`` for each item and is specialised per processor type.
    func process(_ items: [Input], into outputs: inout [Output]) async throws
}

extension ItemProcessor {
    @inlinable
    public func process(_ items: [Input], into outputs: inout [Output]) async throws {
        for item in items {
            if let result = try await process(item) { outputs.append(result) }
        }
    }
}

/// Writes a whole chunk of items. The engine calls it inside the chunk's transaction
/// (``ActiveTransaction/current``); a retried write gets the same items again.
public protocol ItemWriter<Item>: Sendable {
    /// The item type.
    associatedtype Item: Sendable
    /// Writes every item of the chunk, or throws.
    func write(_ chunk: Chunk<Item>) async throws
}

/// A component with restart state: opened with the step's saved context, asked for its current
/// state before every commit, and closed when the step ends (also after a failure).
public protocol ItemStream: Sendable {
    /// Prepares the component, resuming from `context` when it holds saved state.
    func open(_ context: ExecutionContext) async throws
    /// Stores the component's current position in `context`; called before each commit.
    func update(_ context: inout ExecutionContext) async throws
    /// Releases resources.
    func close() async throws
}

extension ItemStream {
    /// Streams without state to save need not implement `update`.
    public func update(_ context: inout ExecutionContext) async throws {}
    /// Streams without resources need not implement `close`.
    public func close() async throws {}
}

/// A stream with work to do when its step has consumed all of its input — a writer that publishes
/// its output file only once it is complete, say.
///
/// ``complete(_:)`` runs once, inside the step's last chunk commit (after every stream's
/// ``ItemStream/update(_:)``), so what it records in the context commits with that chunk. It is
/// not called when the step fails or stops. If that last commit fails, a restart repeats the last
/// chunk and calls it again, so it must be safe to repeat (publishing the same content again).
public protocol CompletingItemStream: ItemStream {
    /// Finishes the output after the last item; may record state in `context`.
    func complete(_ context: inout ExecutionContext) async throws
}
