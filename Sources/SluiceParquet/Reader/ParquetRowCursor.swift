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
        try nextRow { group, index in group.row(at: index) }
    }

    /// Calls `body` with the decoded row group holding the next row and that row's index in it,
    /// moves past the row and returns what `body` returned; nil at the end of the file. Reading a
    /// row's cells straight from ``ParquetRowGroup/values`` spares the array ``next()`` builds.
    public mutating func nextRow<T>(_ body: (ParquetRowGroup, Int) throws -> T) throws -> T? {
        while position.rowGroup < reader.rowGroupCount {
            if current == nil { current = try reader.readRowGroup(at: position.rowGroup, columns: columns) }
            let rowCount = current!.rowCount
            if position.row < rowCount {
                let result = try body(current!, position.row)
                position.row += 1
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
