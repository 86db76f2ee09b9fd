/// A named leaf column of a flat schema.
public struct ParquetColumn: Hashable, Sendable {
    /// The column name (the single path element).
    public var name: String
    /// The logical type.
    public var type: ParquetColumnType
    /// Whether values may be null (OPTIONAL) or not (REQUIRED).
    public var isOptional: Bool

    /// Creates a column.
    public init(_ name: String, _ type: ParquetColumnType, isOptional: Bool) {
        self.name = name
        self.type = type
        self.isOptional = isOptional
    }

    /// A REQUIRED column.
    public static func required(_ name: String, _ type: ParquetColumnType) -> ParquetColumn {
        ParquetColumn(name, type, isOptional: false)
    }

    /// An OPTIONAL column.
    public static func optional(_ name: String, _ type: ParquetColumnType) -> ParquetColumn {
        ParquetColumn(name, type, isOptional: true)
    }
}
