/// One field of a fixed-width line: its name, where it lies and its type.
///
/// Positions count characters (Unicode scalars), so a layout written for text with accents
/// works on UTF-8 files. In a job file: `{name: id, width: 6, type: int}`, optionally with
/// `start` (1-based); without `start` a field follows the previous one.
public struct FixedWidthField: Sendable, Hashable, Decodable {
    /// The field name in the record.
    public var name: String
    /// The number of characters.
    public var width: Int
    /// The 1-based position of the first character; nil to follow the previous field.
    public var start: Int?
    /// The type values are converted to; nil means string.
    public var type: ColumnType?

    /// A field of `width` characters, at `start` (1-based) or right after the previous field.
    public init(_ name: String, width: Int, start: Int? = nil, type: ColumnType? = nil) {
        self.name = name
        self.width = width
        self.start = start
        self.type = type
    }
}
