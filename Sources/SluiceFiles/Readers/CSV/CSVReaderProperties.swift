/// The properties of the `csv` and `tsv` readers in a job file (kebab-case keys map to these
/// camelCase names). Only `path` is required.
public struct CSVReaderProperties: Sendable, Hashable, Decodable {
    /// A file, or a glob selecting several (read in sorted order), relative to the job file.
    public var path: String
    /// Whether the first line (after `skipLines`) names the fields. Default true.
    public var header: Bool?
    /// The field delimiter, one ASCII character; `\t` or `tab` for a tab. Default `,` (csv) or
    /// a tab (tsv).
    public var delimiter: String?
    /// The quote character, one ASCII character; empty for none. Default `"` (csv) or none (tsv).
    public var quote: String?
    /// Field names (without a header) or types by name (with a header).
    public var columns: [ColumnSpec]?
    /// Lines skipped at the start of each file, before the header. Default 0.
    public var skipLines: Int?
    /// The text encoding; only `utf-8` is supported (the default).
    public var encoding: String?
    /// Field texts read as null, such as `""`, `NULL` or `\N`. Default none.
    public var nullValues: [String]?
    /// Whether string fields lose surrounding spaces and tabs. Default false.
    public var trim: Bool?
    /// The prefix of the reader's restart state in the step context. Default `csv.reader` or
    /// `tsv.reader`; give two readers of one step different names.
    public var name: String?

    /// Properties for `path`, other settings at their defaults unless given.
    public init(path: String, header: Bool? = nil, delimiter: String? = nil, quote: String? = nil, columns: [ColumnSpec]? = nil,
                skipLines: Int? = nil, encoding: String? = nil, nullValues: [String]? = nil, trim: Bool? = nil, name: String? = nil) {
        self.path = path
        self.header = header
        self.delimiter = delimiter
        self.quote = quote
        self.columns = columns
        self.skipLines = skipLines
        self.encoding = encoding
        self.nullValues = nullValues
        self.trim = trim
        self.name = name
    }
}
