/// Iterates the rows of a ``ParquetReader`` one at a time, holding one decoded row group at most.
///
/// ``position`` always names the next row to be returned, so it can be stored and handed to
/// ``ParquetReader/makeRowCursor(from:columns:)`` later to resume.
public struct ParquetRowCursor {
    private let reader: ParquetReader
    private let columns: [String]?
    private var current: ParquetColumnBatch?
    /// The position of the next row.
    public private(set) var position: ParquetPosition

    init(reader: ParquetReader, columns: [String]?, position: ParquetPosition) {
        self.reader = reader
        self.columns = columns
        self.position = position
    }

    /// Returns the next row in projected column order, or nil at the end of the file.
    public mutating func next() throws -> [ParquetValue]? {
        try nextRows { batch, position in (batch.row(at: position.row), 1) }
    }

    /// Calls `body` with the decoded row group (typed column buffers) holding the next row and that
    /// row's position (its row group, and its index in it); `body` returns its result and how many rows from there it consumed (at
    /// least one, at most the rest of the row group), and the cursor moves past them. Returns nil
    /// at the end of the file. Converting many rows straight from the buffers spares a
    /// ``ParquetValue`` per cell and an array per row.
    public mutating func nextRows<T>(_ body: (ParquetColumnBatch, ParquetPosition) throws -> (result: T, consumed: Int)) throws -> T? {
        while position.rowGroup < reader.rowGroupCount {
            if current == nil { current = try reader.readColumns(at: position.rowGroup, columns: columns) }
            let rowCount = current!.rowCount
            if position.row < rowCount {
                let (result, consumed) = try body(current!, position)
                precondition(consumed >= 1 && consumed <= rowCount - position.row, "nextRows consumed \(consumed) rows")
                position.row += consumed
                if position.row == rowCount {
                    position = ParquetPosition(rowGroup: position.rowGroup + 1, row: 0)
                    current = nil
                }
                return result
            }
            position = ParquetPosition(rowGroup: position.rowGroup + 1, row: 0)
            current = nil
        }
        return nil
    }
}
