/// The properties of the `fixed` reader in a job file. `path` and `fields` are required.
public struct FixedWidthReaderProperties: Sendable, Hashable, Decodable {
    /// A file, or a glob selecting several (read in sorted order), relative to the job file.
    public var path: String
    /// The layout of a line, in order.
    public var fields: [FixedWidthField]
    /// Lines skipped at the start of each file. Default 0.
    public var skipLines: Int?
    /// Whether string fields lose surrounding spaces and tabs (the padding). Default true.
    public var trim: Bool?
    /// Field texts (after trimming) read as null. Default none.
    public var nullValues: [String]?
    /// The prefix of the reader's restart state in the step context. Default `fixed.reader`.
    public var name: String?

    /// Properties for `path` with the layout `fields`.
    public init(path: String, fields: [FixedWidthField], skipLines: Int? = nil, trim: Bool? = nil, nullValues: [String]? = nil, name: String? = nil) {
        self.path = path
        self.fields = fields
        self.skipLines = skipLines
        self.trim = trim
        self.nullValues = nullValues
        self.name = name
    }
}
