/// Footer information about one row group.
public struct ParquetRowGroupInfo: Hashable, Sendable {
    /// Number of rows.
    public var rowCount: Int64
    /// One entry per schema column, in schema order.
    public var columns: [ParquetColumnChunkInfo]
}
