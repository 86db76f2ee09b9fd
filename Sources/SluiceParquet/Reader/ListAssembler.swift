/// Turns the (repetition level, definition level, value) entries of a list column back into one
/// ``ParquetValue/list(_:)`` (or null) per row. Entries may arrive page by page; a row may span pages.
struct ListAssembler {
    let shape: ParquetListShape
    let column: String
    private(set) var rows: [ParquetValue] = []
    /// The elements of the row being built; nil before the first row and for a null list.
    private var current: [ParquetValue]?
    private var started = false

    init(shape: ParquetListShape, column: String) {
        self.shape = shape
        self.column = column
    }

    /// Adds one page's entries; `values` holds the present elements in order.
    mutating func add(repetition: [UInt32], definition: [UInt32], values: [ParquetValue], at offset: Int) throws {
        guard repetition.count == definition.count else {
            throw ParquetError.malformed("column \(column): \(repetition.count) repetition levels for \(definition.count) definition levels", at: offset)
        }
        var next = values.makeIterator()
        for (r, d) in zip(repetition, definition) {
            let level = Int(d)
            guard r <= UInt32(shape.maxRepetitionLevel), level <= shape.maxDefinitionLevel else {
                throw ParquetError.malformed("column \(column): level \(r)/\(d) outside the schema's levels", at: offset)
            }
            if r == 0 {
                closeRow()
                started = true
                current = level < shape.listLevel ? nil : []
            } else if current == nil {
                throw ParquetError.malformed("column \(column): a list continues a row that has no list", at: offset)
            }
            guard level > shape.listLevel else {
                // An empty (or null) list: valid only as the row's one entry.
                guard r == 0 else { throw ParquetError.malformed("column \(column): an empty list inside a list", at: offset) }
                continue
            }
            if level == shape.maxDefinitionLevel {
                guard let value = next.next() else {
                    throw ParquetError.malformed("column \(column): fewer values than present elements", at: offset)
                }
                current?.append(value)
            } else {
                current?.append(.null)
            }
        }
    }

    /// The rows; throws unless exactly `rowCount` were assembled.
    mutating func finish(rowCount: Int, at offset: Int) throws -> [ParquetValue] {
        closeRow()
        guard rows.count == rowCount else {
            throw ParquetError.malformed("column \(column): levels give \(rows.count) rows, the row group has \(rowCount)", at: offset)
        }
        return rows
    }

    private mutating func closeRow() {
        guard started else { return }
        rows.append(current.map { .list($0) } ?? .null)
        started = false
        current = nil
    }
}
