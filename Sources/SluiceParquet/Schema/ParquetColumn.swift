/// A named leaf column of a flat schema, or (when read from a file) a list of primitives.
public struct ParquetColumn: Hashable, Sendable {
    /// The column name (the top-level field's name).
    public var name: String
    /// The logical type (of the elements, for a list).
    public var type: ParquetColumnType
    /// Whether values (lists, for a list) may be null (OPTIONAL) or not (REQUIRED).
    public var isOptional: Bool
    /// For a list column, how it nests its elements (its values are ``ParquetValue/list(_:)``);
    /// nil for a plain column. Lists are read only.
    public var list: ParquetListShape?

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
