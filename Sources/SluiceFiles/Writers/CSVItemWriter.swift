import Sluice

/// The `csv` and `tsv` writers: write each ``Sluice/Record`` as one line of delimited text, exactly
/// once across failures, retries and restarts. `csv` quotes per RFC 4180; `tsv` (a tab, no quote)
/// writes what the `tsv` reader reads (``CSVDialect``).
///
/// Lines are encoded into memory as they are written and reach the file only when the engine
/// commits the chunk (``update(_:)``), so the file never holds lines of a chunk that did not
/// commit; a restart cuts the file back to the last committed byte offset. Restart state in the
/// step execution context: `<name>.offset`, `<name>.items`, `<name>.has-content` (a header or a
/// line was written) and `<name>.columns`. See ``CSVFormat`` for quoting, columns and values.
public final class CSVItemWriter: ItemWriter, ItemStream {
    /// The writer's settings as written in a job file.
    public struct Properties: Decodable, Sendable {
        /// The output file; relative to the job file's directory.
        public var path: String
        /// Write a header line of column names when the file is empty (default true).
        public var header: Bool?
        /// The columns to write, in order; default: the first record's field names.
        public var columns: [String]?
        /// The field separator, one ASCII character (`tab` or `\t` for a tab); default `,` (`csv`)
        /// or a tab (`tsv`).
        public var delimiter: String?
        /// The quote character, or `""` for none; default `"` (`csv`) or none (`tsv`).
        public var quote: String?
        /// Continue an existing file instead of replacing it (default false).
        public var append: Bool?
        /// Flush every commit to the storage device with `fsync` (default false).
        public var sync: Bool?
        /// The prefix of the restart keys (default `csv.writer` or `tsv.writer`); set it when a
        /// step has two writers of one kind.
        public var name: String?

        /// Settings for a writer of `path`.
        public init(path: String, header: Bool? = nil, columns: [String]? = nil, delimiter: String? = nil,
                    quote: String? = nil, append: Bool? = nil, sync: Bool? = nil, name: String? = nil) {
            self.path = path
            self.header = header
            self.columns = columns
            self.delimiter = delimiter
            self.quote = quote
            self.append = append
            self.sync = sync
            self.name = name
        }
    }

    /// The default prefix of the restart keys of a `csv` writer.
    public static let defaultName = "csv.writer"

    private let output: BufferedFileOutput<CSVFormat>

    /// The output file.
    public var path: String { output.path }
    /// The prefix of the restart keys.
    public var name: String { output.name }

    /// A writer of `path` (used as given). `delimiter` and `quote` (nil: fields unquoted) must be
    /// different ASCII characters other than CR and LF; `columns` fixes the columns and their
    /// order; `append` continues an existing file (its header is not repeated); `sync` makes
    /// every commit durable against power loss (a process crash loses nothing without it).
    public init(path: String, header: Bool = true, columns: [String]? = nil, delimiter: Character = ",", quote: Character? = "\"",
                append: Bool = false, sync: Bool = false, name: String = CSVItemWriter.defaultName) throws {
        let label = "\(delimiter == "\t" ? "tsv" : "csv") writer '\(name)' (\(path))"
        guard let delimiterByte = Self.asciiByte(delimiter) else {
            throw BatchError(.validation, "\(label): the delimiter must be one ASCII character other than CR or LF")
        }
        let quoteByte = try quote.map { quote in
            guard let byte = Self.asciiByte(quote), byte != delimiterByte else {
                throw BatchError(.validation, "\(label): the quote must be one ASCII character other than CR, LF and the delimiter")
            }
            return byte
        }
        if let columns, columns.isEmpty { throw BatchError(.validation, "\(label): 'columns' must not be empty") }
        let format = CSVFormat(delimiter: delimiterByte, quote: quoteByte, label: label, header: header, columns: columns)
        output = BufferedFileOutput(path: path, name: name, append: append, sync: sync, format: format)
    }

    /// A `csv` or `tsv` writer from job-file settings, resolving a relative `path` against
    /// `baseDirectory`; `dialect` supplies the defaults of `delimiter`, `quote` and `name`.
    public convenience init(properties: Properties, baseDirectory: String, dialect: CSVDialect = .csv) throws {
        let component = "\(dialect.rawValue) writer"
        let path = try PathResolution.resolve(properties.path, against: baseDirectory, property: "path", component: component)
        try self.init(path: path, header: properties.header ?? true, columns: properties.columns,
                      delimiter: try Self.delimiter(properties.delimiter, default: dialect.delimiter, component: component),
                      quote: try Self.quote(properties.quote, default: dialect.quote, component: component),
                      append: properties.append ?? false, sync: properties.sync ?? false,
                      name: properties.name ?? dialect.rawValue + ".writer")
    }

    /// The delimiter written in a job file: one character, or `tab` / `\t`.
    private static func delimiter(_ text: String?, default fallback: Character, component: String) throws -> Character {
        guard let text else { return fallback }
        if text == "tab" || text == "\\t" { return "\t" }
        guard text.count == 1, let character = text.first else {
            throw BatchError(.validation, "\(component): 'delimiter' must be one character (or 'tab'), not '\(text)'")
        }
        return character
    }

    /// The quote written in a job file: one character, or `""` for none.
    private static func quote(_ text: String?, default fallback: Character?, component: String) throws -> Character? {
        guard let text else { return fallback }
        if text.isEmpty { return nil }
        guard text.count == 1, let character = text.first else {
            throw BatchError(.validation, "\(component): 'quote' must be one character (or \"\" for none), not '\(text)'")
        }
        return character
    }

    private static func asciiByte(_ character: Character) -> UInt8? {
        guard let byte = character.asciiValue, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else { return nil }
        return byte
    }

    /// Encodes the chunk into the commit buffer.
    public func write(_ chunk: Chunk<Record>) async throws { try output.write(chunk) }
    /// Opens the file: truncated back to the committed offset on restart, else created or emptied
    /// (or continued with `append`).
    public func open(_ context: ExecutionContext) async throws { try await output.open(context) }
    /// Appends the buffered lines to the file and saves the committed offset.
    public func update(_ context: inout ExecutionContext) async throws { try await output.update(&context) }
    /// Closes the file; uncommitted lines are dropped.
    public func close() async throws { try await output.close() }
}
