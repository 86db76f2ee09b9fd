import Sluice

/// Reads newline-delimited JSON (one object per line) as ``Sluice/Record``s, streaming from one
/// file or a sorted glob of files, and resumes after the last committed line on restart: the
/// `ndjson` reader.
///
/// Values map as ``JSONRecordParser`` describes: integers that fit in 64 bits become `.int`,
/// other numbers `.double`, nested objects and arrays a `.string` of their JSON text. Blank
/// lines are skipped. A line that is not one valid JSON object (or is not valid UTF-8) is a
/// `parse` ``Sluice/BatchError`` such as `events.ndjson:42: expected ':' after a member name,
/// found '1' (column 9)`; the line is consumed, so a skip moves on to the next.
///
/// Restart state: see ``ReadPosition``; a restart continues at the saved byte offset.
public final class NDJSONItemReader: ReadAheadItemReader, ItemStream {
    /// The item type: one record per line.
    public typealias Item = Record

    /// The prefix of the reader's keys in the step context.
    public var name: String { core.name }
    /// The path or glob, resolved against the base directory.
    public var path: String { core.pattern.resolved }

    private let core: FileRecordReader<NDJSONReadFormat>

    /// Creates a reader of the file (or glob) at `path`, resolved against `baseDirectory`.
    /// - Throws: a `validation` ``Sluice/BatchError`` when `path` or `name` is empty.
    public init(path: String, name: String = "ndjson.reader", baseDirectory: String = "") throws {
        core = try FileRecordReader(pattern: PathPattern(path, baseDirectory: baseDirectory), format: NDJSONReadFormat(), name: name, kind: "ndjson reader")
    }

    /// Creates a reader from job-file properties; a relative path is resolved against
    /// `baseDirectory` (the directory of the job file).
    public convenience init(properties: NDJSONReaderProperties, baseDirectory: String) throws {
        try self.init(path: properties.path, name: properties.name ?? "ndjson.reader", baseDirectory: baseDirectory)
    }

    /// Finds the files, and continues after the position saved in `context`, if any.
    public func open(_ context: ExecutionContext) async throws { try await core.open(context) }
    /// Saves the position after the last line consumed.
    public func update(_ context: inout ExecutionContext) async throws { core.update(&context) }
    /// Closes the current file.
    public func close() async throws { try await core.close() }
    /// The next record, or nil after the last file.
    public func read() async throws -> Record? { try await core.read() }
    /// Parses records straight into `buffer` until it holds `limit`; false at the end.
    public func read(into buffer: inout [Record], limit: Int) async throws -> Bool { try await core.read(into: &buffer, limit: limit) }

    /// The largest capacity the reader's byte buffer reached since ``open(_:)`` (for tests).
    var largestBuffer: Int { core.largestBuffer }
}
