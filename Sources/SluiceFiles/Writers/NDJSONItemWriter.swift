import Sluice

/// The `ndjson` writer: writes each ``Sluice/Record`` as one JSON object per line (newline-delimited
/// JSON), exactly once across failures, retries and restarts.
///
/// Items are encoded into memory as they are written and reach the file only when the engine
/// commits the chunk (``update(_:)``), so the file never holds lines of a chunk that did not
/// commit; a restart cuts the file back to the last committed byte offset. The restart state is
/// stored in the step execution context under `<name>.offset`, `<name>.items` and
/// `<name>.has-content`. See ``JSONObjectEncoder`` for the encoding of values; a double that is
/// NaN or infinite is a `validation` error naming the field, and leaves nothing in the file.
public final class NDJSONItemWriter: ItemWriter, ItemStream {
    /// The writer's settings as written in a job file (shared by the JSON writers).
    public typealias Properties = JSONFileWriterProperties

    /// The default prefix of the restart keys.
    public static let defaultName = "ndjson.writer"

    private let output: BufferedFileOutput<NDJSONFormat>

    /// The output file.
    public var path: String { output.path }
    /// The prefix of the restart keys.
    public var name: String { output.name }

    /// A writer of `path` (used as given). `append` continues an existing file; `sync` makes
    /// every commit durable against power loss (a process crash loses nothing without it).
    public init(path: String, append: Bool = false, sync: Bool = false, name: String = NDJSONItemWriter.defaultName) {
        output = BufferedFileOutput(path: path, name: name, append: append, sync: sync,
                                    format: NDJSONFormat(label: "ndjson writer '\(name)' (\(path))"))
    }

    /// A writer from job-file settings, resolving a relative `path` against `baseDirectory`.
    public convenience init(properties: Properties, baseDirectory: String) throws {
        let path = try PathResolution.resolve(properties.path, against: baseDirectory, property: "path", component: "ndjson writer")
        self.init(path: path, append: properties.append ?? false, sync: properties.sync ?? false,
                  name: properties.name ?? Self.defaultName)
    }

    /// Encodes the chunk into the commit buffer.
    public func write(_ chunk: Chunk<Record>) async throws { try output.write(chunk) }
    /// Opens the file: truncated back to the committed offset on restart, else created or emptied
    /// (or continued with `append`).
    public func open(_ context: ExecutionContext) async throws { try await output.open(context) }
    /// Appends the buffered chunk to the file and saves the committed offset.
    public func update(_ context: inout ExecutionContext) async throws { try await output.update(&context) }
    /// Closes the file; uncommitted items are dropped.
    public func close() async throws { try await output.close() }
}
