/// Records stored column by column: a chunk as a ``ColumnarItemReader`` hands it to a
/// ``ColumnarItemWriter`` (a CSV file into a Parquet file, say), with no ``Record`` built per row.
///
/// Every row has the same fields, in the order of ``names``; column `k` holds field `k` of every
/// row. ``record(at:)`` and ``records`` give the rows as records, for writers and checks that
/// want them.
public struct RecordBatch: Sendable, Hashable {
    /// The field names, in order.
    public var names: [String] { _names }
    @usableFromInline var _names: [String]
    /// One column per name.
    public var columns: [RecordColumn] { _columns }
    /// The number of rows.
    public var count: Int { _count }
    // Internal storage that inlinable code (a reader appending values) may change.
    @usableFromInline var _columns: [RecordColumn]
    @usableFromInline var _count = 0
    /// The rows each column reserves room for when ``reset(names:kinds:)`` gives it columns.
    private var capacity = 0

    /// An empty batch with no fields yet: the first ``append(_:)`` or ``reset(names:kinds:)``
    /// sets them; the columns ``reset(names:kinds:)`` makes reserve room for `capacity` rows
    /// (the chunk size, say), so filling them does not reallocate.
    public init(capacity: Int = 0) {
        _names = []
        _columns = []
        self.capacity = max(0, capacity)
    }

    /// An empty batch of columns named `names`, stored as `kinds`.
    public init(names: [String], kinds: [RecordColumn.Kind]) {
        precondition(names.count == kinds.count, "a batch needs one column kind per name")
        _names = names
        _columns = kinds.map(RecordColumn.init(kind:))
    }

    /// A batch holding `records`, which must all have the same field names.
    public init(_ records: [Record]) {
        self.init()
        for record in records { append(record) }
    }

    /// Whether the batch has no row.
    @inlinable public var isEmpty: Bool { _count == 0 }

    /// Whether the fields are named `names` (cheap when both share one array, as the rows of one
    /// file do).
    @inlinable public func hasNames(_ names: [String]) -> Bool { _names == names }

    /// Empties the batch and gives it new columns (keeping the storage when they are unchanged).
    public mutating func reset(names: [String], kinds: [RecordColumn.Kind]) {
        if names == self.names && kinds == columns.map(\.kind) {
            for k in _columns.indices { _columns[k].removeRows(from: 0) }
        } else {
            let capacity = self.capacity
            self = RecordBatch(names: names, kinds: kinds)
            self.capacity = capacity
            // Capped, so that a huge chunk size over a small input does not allocate for nothing.
            let rows = min(capacity, 16_384)
            for k in _columns.indices { _columns[k].reserveCapacity(rows: rows, bytes: rows * 8) }
        }
        _count = 0
    }

    // MARK: Rows

    /// Row `row` as a record.
    public func record(at row: Int) -> Record {
        Record(names: names, values: columns.map { $0[row] })
    }

    /// Every row as a record, in order.
    public var records: [Record] {
        (0..<count).map(record(at:))
    }

    /// Appends a record. The first record of an empty batch without columns sets the names
    /// (columns of kind ``RecordColumn/Kind/value``); later ones must have the same names.
    public mutating func append(_ record: Record) {
        if _columns.isEmpty && _count == 0 {
            _names = record.names
            _columns = record.names.map { _ in RecordColumn(kind: .value) }
        }
        precondition(record.names == names, "a batch holds records with the same field names")
        for (k, value) in record.values.enumerated() { _columns[k].append(value: value) }
        _count += 1
    }

    /// Gives column `k` to `body` to append one value of the row being built; call
    /// ``endRow()`` once every column has its value.
    @inlinable @inline(__always)
    public mutating func withColumn<T, E: Error>(_ k: Int, _ body: (inout RecordColumn) throws(E) -> T) throws(E) -> T {
        try body(&_columns[k])
    }

    /// Gives every column to `body` at once, to append values with one uniqueness check rather
    /// than one per value (a reader's inner loop); call ``endRow()`` or ``endRows(_:)`` afterwards.
    @inlinable @inline(__always)
    public mutating func withColumns<T, E: Error>(_ body: (UnsafeMutableBufferPointer<RecordColumn>) throws(E) -> T) throws(E) -> T {
        try _columns.withUnsafeMutableBufferPointer { (columns) throws(E) -> T in try body(columns) }
    }

    /// Counts the row whose values were just appended to every column.
    @inlinable @inline(__always)
    public mutating func endRow() {
        _count += 1
    }

    /// Counts `rows` rows whose values were just appended to every column (a reader that fills
    /// the batch column by column).
    @inlinable @inline(__always)
    public mutating func endRows(_ rows: Int) {
        _count += rows
    }

    /// Removes the rows from `row` on, and the values of an unfinished row.
    public mutating func removeRows(from row: Int) {
        for k in _columns.indices { _columns[k].removeRows(from: row) }
        _count = min(_count, row)
    }
}
