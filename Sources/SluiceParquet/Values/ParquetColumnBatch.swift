/// Rows held column by column in typed buffers (``ParquetColumnBuffer``): a batch to write with
/// ``ParquetWriter/append(_:)``, or a decoded row group from ``ParquetReader/readColumns(at:columns:)``.
public struct ParquetColumnBatch: Sendable {
    /// The columns, in buffer order.
    public let columns: [ParquetColumn]
    /// One buffer per column.
    public var buffers: [ParquetColumnBuffer]

    /// An empty batch for `columns`.
    public init(columns: [ParquetColumn]) {
        self.columns = columns
        buffers = columns.map { ParquetColumnBuffer(type: $0.type) }
    }

    /// A batch of decoded buffers; `rowCount` counts the rows when there is no buffer.
    init(columns: [ParquetColumn], buffers: [ParquetColumnBuffer], rowCount: Int) {
        self.columns = columns
        self.buffers = buffers
        rowsWithoutColumns = rowCount
    }

    /// The row count of a batch without columns (a projection of none).
    private var rowsWithoutColumns = 0

    /// Number of rows: that of the first buffer (all have the same once every row is complete).
    public var rowCount: Int { buffers.first?.count ?? rowsWithoutColumns }

    /// Whether every buffer has the same number of rows.
    public var isAligned: Bool { buffers.allSatisfy { $0.count == rowCount } }

    /// Drops the rows from `rows` on in every buffer (to undo a half-appended row).
    public mutating func removeRows(from rows: Int) {
        for index in buffers.indices { buffers[index].removeRows(from: rows) }
    }

    /// Removes every row, keeping the capacity.
    public mutating func removeAll() {
        for index in buffers.indices { buffers[index].removeAll() }
    }

    /// Appends rows `range` of `other`, a batch of the same columns.
    public mutating func append(contentsOf other: ParquetColumnBatch, rows range: Range<Int>) {
        precondition(other.columns == columns, "batches of different columns")
        for index in buffers.indices { buffers[index].append(contentsOf: other.buffers[index], rows: range) }
    }

    /// Appends one row of values in column order (the general, slower way); a value that does not
    /// belong to its column throws ``ParquetError/Code-swift.struct/invalidValue`` and nothing is appended.
    public mutating func append(row: [ParquetValue]) throws {
        guard row.count == buffers.count else {
            throw ParquetError(.invalidValue, "row has \(row.count) values, batch has \(buffers.count) columns")
        }
        let rows = rowCount
        do {
            for index in buffers.indices { try buffers[index].append(row[index]) }
        } catch {
            removeRows(from: rows)
            throw error
        }
    }

    /// Row `row` as ``ParquetValue``s, in column order.
    public func row(at row: Int) -> [ParquetValue] {
        buffers.map { $0.value(at: row) }
    }
}
