/// Iterates the rows of a ``ParquetReader`` one at a time, holding one decoded row group at most.
///
/// ``position`` always names the next row to be returned, so it can be stored and handed to
/// ``ParquetReader/makeRowCursor(from:columns:)`` later to resume.
public struct ParquetRowCursor {
    private let reader: ParquetReader
    private let columns: [String]?
    private var current: ParquetRowGroup?
    /// The position of the next row.
    public private(set) var position: ParquetPosition

    init(reader: ParquetReader, columns: [String]?, position: ParquetPosition) {
        self.reader = reader
        self.columns = columns
        self.position = position
    }

    /// Returns the next row in projected column order, or nil at the end of the file.
    public mutating func next() throws -> [ParquetValue]? {
        while position.rowGroup < reader.rowGroupCount {
            let group: ParquetRowGroup
            if let current {
                group = current
            } else {
                group = try reader.readRowGroup(at: position.rowGroup, columns: columns)
                current = group
            }
            if position.row < group.rowCount {
                let row = group.row(at: position.row)
                position.row += 1
                if position.row == group.rowCount {
                    position = ParquetPosition(rowGroup: position.rowGroup + 1, row: 0)
                    current = nil
                }
                return row
            }
            position = ParquetPosition(rowGroup: position.rowGroup + 1, row: 0)
            current = nil
        }
        return nil
    }
}
