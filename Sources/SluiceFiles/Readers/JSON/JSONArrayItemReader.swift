import Sluice

/// Reads files that each hold one top-level JSON array of objects as ``Sluice/Record``s, one
/// element at a time (the file is never loaded whole), and resumes after the last committed
/// element on restart: the `json` reader.
///
/// Values map as ``JSONRecordParser`` describes. A malformed element, or one that is not an
/// object, is a `parse` ``Sluice/BatchError`` naming the file, line and column; the reader skips
/// to the next `,` or `]` at the array's level, so a skip moves on to the next element (see
/// ``JSONArrayReadFormat`` for when that cannot work). A file that is not an array, ends inside
/// it, or has data after its `]` is a `parse` error that gives up the rest of that file.
///
/// Restart state: see ``ReadPosition``; a restart reads the opening `[` again and continues at
/// the saved byte offset, right after the last element handed out.
public final class JSONArrayItemReader: ReadAheadItemReader, ItemStream {
    /// The item type: one record per array element.
    public typealias Item = Record

    /// The prefix of the reader's keys in the step context.
    public var name: String { core.name }
    /// The path or glob, resolved against the base directory.
    public var path: String { core.pattern.resolved }

    private let core: FileRecordReader<JSONArrayReadFormat>

    /// Creates a reader of the file (or glob) at `path`, resolved against `baseDirectory`.
    /// - Throws: a `validation` ``Sluice/BatchError`` when `path` or `name` is empty.
    public init(path: String, name: String = "json.reader", baseDirectory: String = "") throws {
        core = try FileRecordReader(pattern: PathPattern(path, baseDirectory: baseDirectory), format: JSONArrayReadFormat(), name: name, kind: "json reader")
    }

    /// Creates a reader from job-file properties; a relative path is resolved against
    /// `baseDirectory` (the directory of the job file).
    public convenience init(properties: JSONArrayReaderProperties, baseDirectory: String) throws {
        try self.init(path: properties.path, name: properties.name ?? "json.reader", baseDirectory: baseDirectory)
    }

    /// Finds the files, and continues after the position saved in `context`, if any.
    public func open(_ context: ExecutionContext) async throws { try await core.open(context) }
    /// Saves the position after the last element consumed.
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
