import Sluice

/// Reads fixed-width text (one record per line, each field a range of characters) as
/// ``Sluice/Record``s, streaming from one file or a sorted glob of files, and resumes after the
/// last committed line on restart: the `fixed` reader.
///
/// Fields are trimmed of their padding (unless `trim` is false) and converted by type as
/// ``FieldConversion`` describes. A value that does not convert, or invalid UTF-8, is a `parse`
/// ``Sluice/BatchError`` such as `payments.txt:8: field 'amount' (characters 7-16): 'x' is not
/// a valid decimal`; the line is consumed, so a skip moves on to the next.
public final class FixedWidthItemReader: ReadAheadItemReader, ItemStream {
    /// The item type: one record per line.
    public typealias Item = Record

    /// The prefix of the reader's keys in the step context.
    public var name: String { core.name }
    /// The path or glob, resolved against the base directory.
    public var path: String { core.pattern.resolved }

    private let core: FileRecordReader<FixedWidthReadFormat>

    /// Creates a reader of the file (or glob) at `path` with the layout `fields`.
    ///
    /// - Parameters:
    ///   - skipLines: lines skipped at the start of each file.
    ///   - trim: whether string fields lose surrounding spaces and tabs.
    ///   - nullValues: field texts read as null.
    ///   - name: the prefix of the restart state.
    ///   - baseDirectory: the directory a relative `path` is resolved against.
    /// - Throws: a `validation` ``Sluice/BatchError`` for an empty layout, a field without name or
    ///   width, a repeated name, or a start before position 1.
    public init(path: String, fields: [FixedWidthField], skipLines: Int = 0, trim: Bool = true, nullValues: [String] = [],
                name: String = "fixed.reader", baseDirectory: String = "") throws {
        func invalid(_ message: String) -> BatchError { BatchError(.validation, "fixed reader '\(name)': \(message)") }
        guard !fields.isEmpty else { throw invalid("the layout has no fields") }
        guard skipLines >= 0 else { throw invalid("skip-lines must not be negative, not \(skipLines)") }
        var slots: [FixedWidthReadFormat.Slot] = []
        var next = 0
        for (k, field) in fields.enumerated() {
            guard !field.name.isEmpty else { throw invalid("field \(k + 1) has an empty name") }
            guard !slots.contains(where: { $0.name == field.name }) else { throw invalid("the layout names '\(field.name)' twice") }
            guard field.width > 0 else { throw invalid("field '\(field.name)' needs a positive width, not \(field.width)") }
            if let start = field.start, start < 1 { throw invalid("field '\(field.name)' starts at \(start); positions start at 1") }
            let start = field.start.map { $0 - 1 } ?? next
            slots.append(.init(name: field.name, start: start, end: start + field.width, type: field.type ?? .string))
            next = start + field.width
        }
        let format = FixedWidthReadFormat(slots: slots, skipLines: skipLines, conversion: FieldConversion(nullValues: nullValues, trim: trim))
        core = try FileRecordReader(pattern: PathPattern(path, baseDirectory: baseDirectory), format: format, name: name, kind: "fixed reader")
    }

    /// Creates a reader from job-file properties; a relative path is resolved against
    /// `baseDirectory` (the directory of the job file).
    public convenience init(properties: FixedWidthReaderProperties, baseDirectory: String) throws {
        try self.init(path: properties.path, fields: properties.fields, skipLines: properties.skipLines ?? 0, trim: properties.trim ?? true,
                      nullValues: properties.nullValues ?? [], name: properties.name ?? "fixed.reader", baseDirectory: baseDirectory)
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
}
