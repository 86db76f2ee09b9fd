import Sluice

/// What a file writer has put into its output file: the restart state it saves in the step's
/// execution context before every commit, under keys prefixed with the writer's name.
struct WriterProgress: Sendable, Hashable {
    /// The byte offset where the next chunk goes: the file's length for line formats, the start
    /// of the closing bracket for a JSON array.
    var offset: Int
    /// Items this writer has written into the file (over all restarts; excludes what an
    /// appended-to file held before).
    var items = 0
    /// Whether the file holds a header, a line or an array element (so no header is due, or a
    /// separator is).
    var hasContent = false
    /// The CSV columns, fixed by the `columns` property or by the first record written.
    var columns: [String]?

    /// The progress saved under `name` in `context`, or nil when the context holds none.
    init?(_ context: ExecutionContext, name: String) throws {
        guard let offset = context.int(Self.key(name, "offset")) else { return nil }
        guard offset >= 0 else { throw BatchError(.validation, "\(name): saved offset \(offset) is negative") }
        self.offset = offset
        items = context.int(Self.key(name, "items")) ?? 0
        hasContent = context.bool(Self.key(name, "has-content")) ?? (offset > 0)
        columns = context[Self.key(name, "columns")]?.arrayValue?.compactMap(\.stringValue)
    }

    /// Fresh progress at `offset`.
    init(offset: Int, hasContent: Bool = false, columns: [String]? = nil) {
        self.offset = offset
        self.hasContent = hasContent
        self.columns = columns
    }

    /// Stores the progress under `name` in `context`.
    func save(in context: inout ExecutionContext, name: String) {
        context[Self.key(name, "offset")] = .int(offset)
        context[Self.key(name, "items")] = .int(items)
        context[Self.key(name, "has-content")] = .bool(hasContent)
        if let columns { context[Self.key(name, "columns")] = .array(columns.map { .string($0) }) }
    }

    /// The context key of one progress entry, for example `csv.writer.offset`.
    static func key(_ name: String, _ entry: String) -> String { name + "." + entry }
}
