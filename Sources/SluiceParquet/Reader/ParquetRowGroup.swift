/// The decoded values of one row group, column by column, for the projected columns.
public struct ParquetRowGroup: Hashable, Sendable {
    /// The projected columns, in the order they were requested.
    public var columns: [ParquetColumn]
    /// One array of values per projected column; every array has ``rowCount`` elements.
    public var values: [[ParquetValue]]
    /// Number of rows.
    public var rowCount: Int

    /// The values of row `index`, in projected column order.
    public func row(at index: Int) -> [ParquetValue] {
        values.map { $0[index] }
    }

    /// The values of the projected column called `name`.
    public func column(named name: String) -> [ParquetValue]? {
        columns.firstIndex { $0.name == name }.map { values[$0] }
    }
}
