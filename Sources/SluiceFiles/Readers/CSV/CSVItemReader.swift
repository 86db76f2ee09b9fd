import Sluice

/// Reads delimited text (CSV per RFC 4180, or TSV) as ``Sluice/Record``s, streaming from one file
/// or a sorted glob of files, and resumes after the last committed record on restart: the `csv`
/// and `tsv` readers.
///
/// **Format.** Fields are separated by `delimiter`; records end with LF, CRLF or CR. A field that
/// starts with the quote character may hold delimiters, line breaks and doubled quotes (`""`).
/// A UTF-8 byte order mark is skipped, blank lines are ignored.
///
/// **Names and types.** With `header`, the first line (after `skipLines`) names the fields and
/// `columns` assigns types by name; without it, `columns` names the fields in order, and with
/// neither they are `column1`, `column2`... Values are strings unless a column has a type; see
/// ``FieldConversion`` for the conversion rules. Every record of a file shares one names array.
///
/// **Errors.** A malformed record (a quote not closed before the end of the file, text after a
/// closing quote, another field count than the header, a value that does not convert, invalid
/// UTF-8) is a `parse` ``Sluice/BatchError`` such as `orders.csv:17: column 'qty': 'x' is not a
/// valid int`; the record is consumed, so a skip moves on to the next. A bad header gives up
/// that file. A missing file or a glob without match is an `io` error from `open`.
///
/// **Columns.** As a ``Sluice/ColumnarItemReader`` it parses straight into the typed columns of a
/// ``Sluice/RecordBatch`` (same values, errors and restart state as the record read), which a
/// columnar writer such as `parquet` takes without a record per row.
///
/// **Restart.** ``update(_:)`` saves the file, byte offset and line after the last record
/// consumed (see ``ReadPosition``); ``open(_:)`` reads the header again and continues at that
/// offset without reading the records before it.
public final class CSVItemReader: ReadAheadItemReader, ColumnarItemReader, ItemStream {
    /// The item type: one record per line (or per quoted multi-line record).
    public typealias Item = Record

    /// The prefix of the reader's keys in the step context.
    public var name: String { core.name }
    /// The path or glob, resolved against the base directory.
    public var path: String { core.pattern.resolved }

    private let core: FileRecordReader<CSVReadFormat>

    /// Creates a reader of the file (or glob) at `path`.
    ///
    /// - Parameters:
    ///   - header: whether the first line (after `skipLines`) names the fields.
    ///   - delimiter: the field delimiter, one ASCII character other than CR and LF.
    ///   - quote: the quote character, or nil for fields that are never quoted.
    ///   - columns: field names (no header) or types by name (header).
    ///   - skipLines: lines skipped at the start of each file.
    ///   - nullValues: field texts read as null.
    ///   - trim: whether string fields lose surrounding spaces and tabs.
    ///   - name: the prefix of the restart state.
    ///   - baseDirectory: the directory a relative `path` is resolved against.
    /// - Throws: a `validation` ``Sluice/BatchError`` for an invalid setting.
    public init(path: String, header: Bool = true, delimiter: Character = ",", quote: Character? = "\"", columns: [ColumnSpec] = [],
                skipLines: Int = 0, nullValues: [String] = [], trim: Bool = false, name: String = "csv.reader",
                baseDirectory: String = "") throws {
        let kind = "csv reader"
        func invalid(_ message: String) -> BatchError { BatchError(.validation, "\(kind) '\(name)': \(message)") }
        guard let delimiterByte = Self.asciiByte(delimiter), delimiter != "\n", delimiter != "\r" else {
            throw invalid("the delimiter must be one ASCII character other than a line break, not '\(delimiter)'")
        }
        let quoteByte = try quote.map { quote in
            guard let byte = Self.asciiByte(quote), quote != "\n", quote != "\r" else {
                throw invalid("the quote must be one ASCII character other than a line break, not '\(quote)'")
            }
            return byte
        }
        guard quoteByte != delimiterByte else { throw invalid("the quote and the delimiter are both '\(delimiter)'") }
        guard skipLines >= 0 else { throw invalid("skip-lines must not be negative, not \(skipLines)") }
        try Self.checkColumns(columns, invalid: invalid)
        let format = CSVReadFormat(delimiter: delimiterByte, quote: quoteByte, header: header, skipLines: skipLines, columns: columns,
                                  conversion: FieldConversion(nullValues: nullValues, trim: trim))
        core = try FileRecordReader(pattern: PathPattern(path, baseDirectory: baseDirectory), format: format, name: name, kind: kind)
    }

    /// Creates a reader from job-file properties, with the defaults of `dialect`; a relative path
    /// is resolved against `baseDirectory` (the directory of the job file).
    ///
    /// - Throws: a `validation` ``Sluice/BatchError`` for an invalid property.
    public convenience init(properties: CSVReaderProperties, baseDirectory: String, dialect: CSVDialect = .csv) throws {
        let name = properties.name ?? dialect.defaultName
        let invalid = { (message: String) in BatchError(.validation, "\(dialect.rawValue) reader '\(name)': \(message)") }
        if let encoding = properties.encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) {
            throw invalid("the encoding '\(encoding)' is not supported; files must be UTF-8")
        }
        let delimiter = try properties.delimiter.map { text in
            guard let character = Self.character(text) else { throw invalid("the delimiter must be one character, not '\(text)'") }
            return character
        }
        let quote = try properties.quote.map { text -> Character? in
            if text.isEmpty { return nil }
            guard let character = Self.character(text) else { throw invalid("the quote must be one character or empty, not '\(text)'") }
            return character
        }
        try self.init(path: properties.path, header: properties.header ?? true, delimiter: delimiter ?? dialect.delimiter,
                      quote: quote ?? dialect.quote, columns: properties.columns ?? [], skipLines: properties.skipLines ?? 0,
                      nullValues: properties.nullValues ?? [], trim: properties.trim ?? false, name: name, baseDirectory: baseDirectory)
    }

    // MARK: ItemStream

    /// Finds the files, and continues after the position saved in `context`, if any.
    public func open(_ context: ExecutionContext) async throws { try await core.open(context) }
    /// Saves the position after the last record consumed.
    public func update(_ context: inout ExecutionContext) async throws { core.update(&context) }
    /// Closes the current file.
    public func close() async throws { try await core.close() }

    // MARK: ItemReader

    /// The next record, or nil after the last file.
    public func read() async throws -> Record? { try await core.read() }
    /// Parses records straight into `buffer` until it holds `limit`; false at the end.
    public func read(into buffer: inout [Record], limit: Int) async throws -> Bool { try await core.read(into: &buffer, limit: limit) }
    /// Parses records straight into the typed columns of `batch` (see ``Sluice/ColumnarItemReader``).
    public func read(into batch: inout RecordBatch, limit: Int) async throws -> Bool { try await core.read(into: &batch, limit: limit) }

    // MARK: Settings

    /// The byte of a one-byte ASCII character.
    private static func asciiByte(_ character: Character) -> UInt8? {
        character.isASCII ? character.asciiValue : nil
    }

    /// One character from a property: `\t` and `tab` mean a tab.
    private static func character(_ text: String) -> Character? {
        if text == "\\t" || text.lowercased() == "tab" { return "\t" }
        return text.count == 1 ? text.first : nil
    }

    /// Column names must be non-empty and unique.
    static func checkColumns(_ columns: [ColumnSpec], invalid: (String) -> BatchError) throws {
        var seen: Set<String> = []
        for (k, column) in columns.enumerated() {
            guard !column.name.isEmpty else { throw invalid("column \(k + 1) of `columns` has an empty name") }
            guard seen.insert(column.name).inserted else { throw invalid("`columns` names '\(column.name)' twice") }
        }
    }

    // MARK: Test hooks

    /// The largest capacity the reader's byte buffer reached since ``open(_:)``.
    var largestBuffer: Int { core.largestBuffer }
    /// The files found by the last ``open(_:)``.
    var files: [String] { core.files }
}
