/// A place in a Parquet file to resume reading from: a row group and a row inside it.
public struct ParquetPosition: Hashable, Sendable, Codable {
    /// Zero-based row group index.
    public var rowGroup: Int
    /// Zero-based row index inside the row group.
    public var row: Int

    /// Creates a position.
    public init(rowGroup: Int, row: Int) {
        self.rowGroup = rowGroup
        self.row = row
    }

    /// The first row of the file.
    public static let start = ParquetPosition(rowGroup: 0, row: 0)
}
