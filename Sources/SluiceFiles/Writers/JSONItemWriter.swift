import Sluice

/// The `json` writer: writes the ``Sluice/Record``s as one JSON array of objects, one element per
/// line, exactly once across failures, retries and restarts.
///
/// The file is a complete JSON array after every commit: it starts as `[\n]\n`, and each
/// committed chunk is written over the closing `\n]\n` together with a new one. The committed
/// offset (`<name>.offset` in the step execution context, with `<name>.items` and
/// `<name>.has-content`) is where the closing bracket starts, so a crash at any point leaves a
/// file that the restart cuts back to that offset and closes again. Uncommitted chunks never
/// reach the file. With `append`, an existing array is continued after its last element (a file
/// not ending in `]` is a `validation` error). Values encode as described in
/// ``JSONObjectEncoder``; a NaN or infinite double is a `validation` error naming the field.
public final class JSONItemWriter: ItemWriter, ItemStream {
    /// The writer's settings as written in a job file (shared by the JSON writers).
    public typealias Properties = JSONFileWriterProperties

    /// The default prefix of the restart keys.
    public static let defaultName = "json.writer"

    private let output: BufferedFileOutput<JSONArrayFormat>

    /// The output file.
    public var path: String { output.path }
    /// The prefix of the restart keys.
    public var name: String { output.name }

    /// A writer of `path` (used as given). `append` continues an existing file; `sync` makes
    /// every commit durable against power loss (a process crash loses nothing without it).
    public init(path: String, append: Bool = false, sync: Bool = false, name: String = JSONItemWriter.defaultName) {
        output = BufferedFileOutput(path: path, name: name, append: append, sync: sync,
                                    format: JSONArrayFormat(label: "json writer '\(name)' (\(path))"))
    }

    /// A writer from job-file settings, resolving a relative `path` against `baseDirectory`.
    public convenience init(properties: Properties, baseDirectory: String) throws {
        let path = try PathResolution.resolve(properties.path, against: baseDirectory, property: "path", component: "json writer")
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
