import Foundation

/// One field of a ``RecordBatch``: the values of every row, kept in a typed array (integers in
/// `[Int]`, text as one run of UTF-8 bytes with end offsets...), so a columnar reader and writer
/// exchange a chunk without building a ``Record`` per row.
///
/// A column has one ``Kind``. A value of another type than the kind, or one the typed storage
/// cannot hold exactly (a decimal of more than 18 digits), turns the column into a ``Kind/value``
/// column of ``RecordValue``s, so any value fits, at the cost of the fast path. Nulls are
/// recorded in ``isNull(_:)``; a null row holds a placeholder in the typed array.
public struct RecordColumn: Sendable, Hashable {
    /// How the column stores its values.
    public enum Kind: Sendable, Hashable {
        /// Booleans in ``bools``.
        case bool
        /// 64-bit integers in ``ints``.
        case int
        /// Doubles in ``doubles``.
        case double
        /// Exact decimals: ``decimalSignificands`` × 10^-``decimalScales``.
        case decimal
        /// UTF-8 text in ``utf8``, row `i` ending at ``ends``[i].
        case string
        /// Raw bytes, stored as strings are.
        case bytes
        /// Days since 1970-01-01 in ``days``.
        case date
        /// Instants in ``instants``.
        case timestamp
        /// Any ``RecordValue``, in ``values``.
        case value
    }

    // Storage: internal and usable from inlinable code, so that appending from another module
    // (a reader filling a batch) inlines; read through the public getters below.
    @usableFromInline var _kind: Kind
    @usableFromInline var _count = 0
    @usableFromInline var _nullCount = 0
    @usableFromInline var _nulls: [Bool] = []
    @usableFromInline var _bools: [Bool] = []
    @usableFromInline var _ints: [Int] = []
    @usableFromInline var _doubles: [Double] = []
    @usableFromInline var _decimalSignificands: [Int64] = []
    @usableFromInline var _decimalScales: [UInt8] = []
    @usableFromInline var _utf8: [UInt8] = []
    @usableFromInline var _ends: [Int] = []
    @usableFromInline var _days: [Int32] = []
    @usableFromInline var _instants: [Date] = []
    @usableFromInline var _values: [RecordValue] = []

    /// How the values are stored.
    public var kind: Kind { _kind }
    /// The number of rows.
    public var count: Int { _count }
    /// The number of null rows.
    public var nullCount: Int { _nullCount }
    /// Whether each row is null; empty while no row is.
    public var nulls: [Bool] { _nulls }
    /// The values of a ``Kind/bool`` column.
    public var bools: [Bool] { _bools }
    /// The values of an ``Kind/int`` column.
    public var ints: [Int] { _ints }
    /// The values of a ``Kind/double`` column.
    public var doubles: [Double] { _doubles }
    /// The unscaled values of a ``Kind/decimal`` column.
    public var decimalSignificands: [Int64] { _decimalSignificands }
    /// The scales (fraction digits) of a ``Kind/decimal`` column, one per row.
    public var decimalScales: [UInt8] { _decimalScales }
    /// The bytes of a ``Kind/string`` or ``Kind/bytes`` column, row after row.
    public var utf8: [UInt8] { _utf8 }
    /// Where each row's bytes end in ``utf8``.
    public var ends: [Int] { _ends }
    /// The days since 1970-01-01 of a ``Kind/date`` column.
    public var days: [Int32] { _days }
    /// The instants of a ``Kind/timestamp`` column.
    public var instants: [Date] { _instants }
    /// The values of a ``Kind/value`` column.
    public var values: [RecordValue] { _values }

    /// An empty column of `kind`.
    public init(kind: Kind) {
        _kind = kind
    }

    /// Whether row `row` is null.
    @inlinable
    public func isNull(_ row: Int) -> Bool { !_nulls.isEmpty && _nulls[row] }

    /// The bytes of row `row` of a ``Kind/string`` or ``Kind/bytes`` column.
    public func bytes(at row: Int) -> ArraySlice<UInt8> {
        _utf8[(row == 0 ? 0 : _ends[row - 1])..<_ends[row]]
    }

    /// The value of row `row`, as a record holds it.
    public subscript(row: Int) -> RecordValue {
        if isNull(row) { return .null }
        switch _kind {
        case .bool: return .bool(_bools[row])
        case .int: return .int(_ints[row])
        case .double: return .double(_doubles[row])
        case .decimal: return .decimal(significand: _decimalSignificands[row], scale: _decimalScales[row])
        case .string: return .string(String(decoding: bytes(at: row), as: UTF8.self))
        case .bytes: return .bytes(Array(bytes(at: row)))
        case .date: return .date(CalendarDate(daysSince1970: Int(_days[row]))!)
        case .timestamp: return .timestamp(_instants[row])
        case .value: return _values[row]
        }
    }

    // MARK: Appending

    /// Appends a null row.
    @inlinable
    public mutating func appendNull() {
        if _nulls.isEmpty { _nulls = Array(repeating: false, count: _count) }
        _nulls.append(true)
        _nullCount += 1
        switch _kind {
        case .bool: _bools.append(false)
        case .int: _ints.append(0)
        case .double: _doubles.append(0)
        case .decimal:
            _decimalSignificands.append(0)
            _decimalScales.append(0)
        case .string, .bytes: _ends.append(_utf8.count)
        case .date: _days.append(0)
        case .timestamp: _instants.append(Date(timeIntervalSince1970: 0))
        case .value: _values.append(.null)
        }
        _count += 1
    }

    @inlinable @inline(__always)
    mutating func endRow() {
        if !_nulls.isEmpty { _nulls.append(false) }
        _count += 1
    }

    /// Appends a boolean to a ``Kind/bool`` column.
    @inlinable @inline(__always)
    public mutating func append(_ value: Bool) {
        guard _kind == .bool else { return append(value: .bool(value)) }
        _bools.append(value)
        endRow()
    }

    /// Appends an integer to an ``Kind/int`` column.
    @inlinable @inline(__always)
    public mutating func append(_ value: Int) {
        guard _kind == .int else { return append(value: .int(value)) }
        _ints.append(value)
        endRow()
    }

    /// Appends a double to a ``Kind/double`` column.
    @inlinable @inline(__always)
    public mutating func append(_ value: Double) {
        guard _kind == .double else { return append(value: .double(value)) }
        _doubles.append(value)
        endRow()
    }

    /// Appends the decimal `significand` × 10^-`scale` to a ``Kind/decimal`` column.
    @inlinable @inline(__always)
    public mutating func append(decimal significand: Int64, scale: UInt8) {
        guard _kind == .decimal else {
            return append(value: .decimal(significand: significand, scale: scale))
        }
        _decimalSignificands.append(significand)
        _decimalScales.append(scale)
        endRow()
    }

    /// Appends text, given as valid UTF-8, to a ``Kind/string`` column.
    @inlinable @inline(__always)
    public mutating func append(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard _kind == .string else { return append(value: .string(String(decoding: text, as: UTF8.self))) }
        _utf8.append(contentsOf: text)
        _ends.append(_utf8.count)
        endRow()
    }

    /// Appends a day to a ``Kind/date`` column.
    @inlinable @inline(__always)
    public mutating func append(_ value: CalendarDate) {
        guard _kind == .date, let days = Int32(exactly: value.daysSince1970) else { return append(value: .date(value)) }
        _days.append(days)
        endRow()
    }

    /// Appends any value: stored in the typed array when it fits the kind, otherwise the column
    /// becomes a ``Kind/value`` column first.
    public mutating func append(value: RecordValue) {
        switch (_kind, value) {
        case (_, .null): appendNull()
        case (.bool, .bool(let v)): append(v)
        case (.int, .int(let v)): append(v)
        case (.double, .double(let v)): append(v)
        case (.string, .string(var v)): v.withUTF8 { append(utf8: $0) }
        case (.bytes, .bytes(let v)):
            _utf8.append(contentsOf: v)
            _ends.append(_utf8.count)
            endRow()
        case (.date, .date(let v)) where Int32(exactly: v.daysSince1970) != nil: append(v)
        case (.timestamp, .timestamp(let v)):
            _instants.append(v)
            endRow()
        case (.value, _):
            _values.append(value)
            endRow()
        default:
            becomeValues()
            _values.append(value)
            endRow()
        }
    }

    /// Stores every row as a ``RecordValue`` from now on.
    private mutating func becomeValues() {
        guard _kind != .value else { return }
        let converted = (0..<_count).map { self[$0] }
        self = RecordColumn(kind: .value)
        for value in converted { append(value: value) }
    }

    // MARK: Removing

    /// Removes the rows from `row` on.
    public mutating func removeRows(from row: Int) {
        guard row < _count else { return }
        if !_nulls.isEmpty {
            _nullCount -= _nulls[row...].lazy.filter { $0 }.count
            _nulls.removeSubrange(row...)
        }
        switch _kind {
        case .bool: _bools.removeSubrange(row...)
        case .int: _ints.removeSubrange(row...)
        case .double: _doubles.removeSubrange(row...)
        case .decimal:
            _decimalSignificands.removeSubrange(row...)
            _decimalScales.removeSubrange(row...)
        case .string, .bytes:
            _utf8.removeSubrange((row == 0 ? 0 : _ends[row - 1])...)
            _ends.removeSubrange(row...)
        case .date: _days.removeSubrange(row...)
        case .timestamp: _instants.removeSubrange(row...)
        case .value: _values.removeSubrange(row...)
        }
        _count = row
    }

    /// Reserves room for `rows` more rows (and `bytes` more text bytes).
    public mutating func reserveCapacity(rows: Int, bytes: Int = 0) {
        switch _kind {
        case .bool: _bools.reserveCapacity(_count + rows)
        case .int: _ints.reserveCapacity(_count + rows)
        case .double: _doubles.reserveCapacity(_count + rows)
        case .decimal:
            _decimalSignificands.reserveCapacity(_count + rows)
            _decimalScales.reserveCapacity(_count + rows)
        case .string, .bytes:
            _ends.reserveCapacity(_count + rows)
            _utf8.reserveCapacity(_utf8.count + bytes)
        case .date: _days.reserveCapacity(_count + rows)
        case .timestamp: _instants.reserveCapacity(_count + rows)
        case .value: _values.reserveCapacity(_count + rows)
        }
    }
}
