/// The values of one column for a run of rows, held in typed arrays rather than one
/// ``ParquetValue`` per cell: the writer takes batches of them (``ParquetWriter/append(_:)``) and
/// the reader decodes row groups into them (``ParquetReader/readColumns(at:columns:)``), so
/// neither side pays for an enum, a switch and a copy per value.
///
/// Which array holds the rows depends on the column's physical type: ``booleans`` (BOOLEAN),
/// ``int32s`` (INT32, DATE, DECIMAL stored as INT32), ``int64s`` (INT64, TIMESTAMP, DECIMAL as
/// INT64), ``floats``, ``doubles``, or ``bytes`` with ``offsets`` (byte arrays, fixed-length byte
/// arrays, INT96 and wide decimals as big-endian two's complement, sign-extended to the width of a
/// fixed-length column). Every row has an entry there, a null row a placeholder (zero, an empty
/// byte range); ``isNull(_:)`` tells them apart. The reader may instead keep a dictionary-encoded
/// chunk as ``indices`` into ``dictionary``, and list columns as ``values``.
public struct ParquetColumnBuffer: Sendable {
    /// The column's logical type.
    public let type: ParquetColumnType
    /// Number of rows.
    public private(set) var count = 0
    /// Number of null rows.
    public private(set) var nullCount = 0
    /// One flag per row (`false`: null) once any row is null; empty while none is.
    public private(set) var validity: [Bool] = []
    /// BOOLEAN rows.
    public internal(set) var booleans: [Bool] = []
    /// INT32-stored rows.
    public internal(set) var int32s: [Int32] = []
    /// INT64-stored rows.
    public internal(set) var int64s: [Int64] = []
    /// FLOAT rows.
    public internal(set) var floats: [Float] = []
    /// DOUBLE rows.
    public internal(set) var doubles: [Double] = []
    /// The bytes of byte-array rows, back to back; row `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    public internal(set) var bytes: [UInt8] = []
    /// `count + 1` offsets into ``bytes`` for byte-array rows (starting with 0).
    public internal(set) var offsets: [Int] = [0]
    /// Dictionary indices per row, when ``dictionary`` is set (reader only).
    public internal(set) var indices: [UInt32] = []
    /// The dictionary values (one buffer without nulls) the ``indices`` point into (reader only).
    public internal(set) var dictionary: [ParquetColumnBuffer] = []
    /// Rows of list columns (reader only), as ``ParquetValue/list(_:)`` or ``ParquetValue/null``.
    public internal(set) var values: [ParquetValue] = []

    /// An empty buffer for a column of `type`.
    public init(type: ParquetColumnType) {
        self.type = type
    }

    /// Where the rows are held.
    public enum Layout: Sendable {
        case booleans, int32s, int64s, floats, doubles, bytes, dictionary, values
    }

    /// Where the rows are held.
    public var layout: Layout {
        if !dictionary.isEmpty { return .dictionary }
        if !values.isEmpty { return .values }
        switch type.physicalType {
        case .boolean: return .booleans
        case .int32: return .int32s
        case .int64: return .int64s
        case .float: return .floats
        case .double: return .doubles
        case .byteArray, .fixedLenByteArray, .int96: return .bytes
        }
    }

    /// Whether row `row` is null (inlinable: the journal codec asks per cell from another module).
    @inlinable @inline(__always)
    public func isNull(_ row: Int) -> Bool {
        nullCount > 0 && !validity[row]
    }

    /// Reserves room for `rows` more rows.
    public mutating func reserveCapacity(_ rows: Int) {
        switch layout {
        case .booleans: booleans.reserveCapacity(count + rows)
        case .int32s: int32s.reserveCapacity(count + rows)
        case .int64s: int64s.reserveCapacity(count + rows)
        case .floats: floats.reserveCapacity(count + rows)
        case .doubles: doubles.reserveCapacity(count + rows)
        case .bytes: offsets.reserveCapacity(count + rows + 1)
        case .dictionary: indices.reserveCapacity(count + rows)
        case .values: values.reserveCapacity(count + rows)
        }
    }

    // MARK: Appending

    /// Marks the row just stored as present or null.
    @inline(__always)
    private mutating func endRow(null: Bool) {
        if null {
            if nullCount == 0 { validity = [Bool](repeating: true, count: count) }
            nullCount += 1
            validity.append(false)
        } else if nullCount > 0 {
            validity.append(true)
        }
        count += 1
    }

    /// Appends a null row.
    public mutating func appendNull() {
        pushNull()
        endRow(null: true)
    }

    /// Stores the placeholder of a null row (without counting it).
    mutating func pushNull() {
        switch layout {
        case .booleans: booleans.append(false)
        case .int32s: int32s.append(0)
        case .int64s: int64s.append(0)
        case .floats: floats.append(0)
        case .doubles: doubles.append(0)
        case .bytes: offsets.append(bytes.count)
        case .dictionary: indices.append(0)
        case .values: values.append(.null)
        }
    }

    /// Appends a BOOLEAN row.
    @inline(__always)
    public mutating func append(_ value: Bool) {
        booleans.append(value)
        endRow(null: false)
    }

    /// Appends an INT32-stored row (INT32, DATE days, or the unscaled value of an INT32 decimal).
    @inline(__always)
    public mutating func append(_ value: Int32) {
        int32s.append(value)
        endRow(null: false)
    }

    /// Appends an INT64-stored row (INT64, TIMESTAMP ticks, or the unscaled value of an INT64 decimal).
    @inline(__always)
    public mutating func append(_ value: Int64) {
        int64s.append(value)
        endRow(null: false)
    }

    /// Appends a FLOAT row.
    @inline(__always)
    public mutating func append(_ value: Float) {
        floats.append(value)
        endRow(null: false)
    }

    /// Appends a DOUBLE row.
    @inline(__always)
    public mutating func append(_ value: Double) {
        doubles.append(value)
        endRow(null: false)
    }

    /// Appends a byte-array row (a string's UTF-8, a binary, a fixed-length value).
    @inline(__always)
    public mutating func append<Bytes: Sequence<UInt8>>(bytes value: Bytes) {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
        endRow(null: false)
    }

    /// Appends a string row as its UTF-8 bytes.
    @inline(__always)
    public mutating func append(string value: String) {
        var value = value
        value.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(bytes.count)
        endRow(null: false)
    }

    // MARK: Appending many rows

    /// Counts `rows` rows just stored in bulk, `nulls` saying which are null (empty: none).
    mutating func endRows(_ rows: Int, nulls: [Bool]) {
        if !nulls.isEmpty {
            precondition(nulls.count == rows, "one null flag per row")
            let added = nulls.reduce(0) { $0 + ($1 ? 1 : 0) }
            if added > 0 && nullCount == 0 { validity = [Bool](repeating: true, count: count) }
            if nullCount + added > 0 { validity.append(contentsOf: nulls.lazy.map { !$0 }) }
            nullCount += added
        } else if nullCount > 0 {
            validity.append(contentsOf: repeatElement(true, count: rows))
        }
        count += rows
    }

    /// Appends `values` to the typed array at `storage`, the values of null rows (`nulls[i]`
    /// true) being placeholders.
    private mutating func append<Value>(_ values: [Value], to storage: WritableKeyPath<Self, [Value]>, nulls: [Bool]) {
        // An empty buffer takes the array as it is (no copy: a chunk's column arrives whole).
        if self[keyPath: storage].isEmpty { self[keyPath: storage] = values } else { self[keyPath: storage].append(contentsOf: values) }
        endRows(values.count, nulls: nulls)
    }

    /// Appends BOOLEAN rows; the values of null rows (`nulls[i]` true) are placeholders.
    public mutating func append(booleans values: [Bool], nulls: [Bool] = []) { append(values, to: \.booleans, nulls: nulls) }
    /// Appends INT32-stored rows; the values of null rows (`nulls[i]` true) are placeholders.
    public mutating func append(int32s values: [Int32], nulls: [Bool] = []) { append(values, to: \.int32s, nulls: nulls) }
    /// Appends INT64-stored rows; the values of null rows (`nulls[i]` true) are placeholders.
    public mutating func append(int64s values: [Int64], nulls: [Bool] = []) { append(values, to: \.int64s, nulls: nulls) }
    /// Appends DOUBLE rows; the values of null rows (`nulls[i]` true) are placeholders.
    public mutating func append(doubles values: [Double], nulls: [Bool] = []) { append(values, to: \.doubles, nulls: nulls) }

    /// Appends byte-array rows stored back to back in `run`, row `i` ending at `ends[i]`; a null
    /// row (`nulls[i]` true) must be empty.
    public mutating func append(byteRun run: [UInt8], ends: [Int], nulls: [Bool] = []) {
        let base = bytes.count
        if bytes.isEmpty { bytes = run } else { bytes.append(contentsOf: run) }
        offsets.append(contentsOf: ends.lazy.map { base + $0 })
        endRows(ends.count, nulls: nulls)
    }

    /// Appends a decimal row in the column's storage; false (nothing appended) when the column is
    /// not a decimal, or the value does not fit its storage.
    public mutating func append(decimal value: ParquetDecimal) -> Bool {
        guard case .decimal(let decimalType) = type else { return false }
        switch decimalType.storage {
        case .int32:
            guard let unscaled = value.unscaledInt64, let narrow = Int32(exactly: unscaled) else { return false }
            append(narrow)
        case .int64:
            guard let unscaled = value.unscaledInt64 else { return false }
            append(unscaled)
        case .fixedLength(let width):
            guard let encoded = value.bigEndianBytes(count: width) else { return false }
            append(bytes: encoded)
        case .byteArray:
            append(bytes: value.unscaledBigEndian)
        }
        return true
    }

    /// Appends `value` as stored for this column's type: the general, slower way, which checks
    /// that the value belongs to the type (``ParquetError/Code-swift.struct/invalidValue`` if not).
    public mutating func append(_ value: ParquetValue) throws {
        if case .null = value { return appendNull() }
        if layout == .values { return appendListValue(value) }
        try type.validate(value, column: "")
        switch value {
        case .null: appendNull()
        case .bool(let v): append(v)
        case .int32(let v), .date(let v): append(v)
        case .int64(let v), .timestamp(let v, _): append(v)
        case .float(let v): append(v)
        case .double(let v): append(v)
        case .string(let v): append(string: v)
        case .bytes(let v): append(bytes: v)
        case .decimal(let v):
            guard append(decimal: v) else { throw ParquetError(.invalidValue, "decimal \(v) does not fit the column type \(type)") }
        case .list: throw ParquetError(.invalidValue, "list values cannot be written")
        }
    }

    /// Appends a list row to a ``values`` buffer (reader only).
    mutating func appendListValue(_ value: ParquetValue) {
        values.append(value)
        endRow(null: value.isNull)
    }

    /// A buffer that holds rows as ``values`` (list columns).
    static func listBuffer(type: ParquetColumnType, values: [ParquetValue]) -> ParquetColumnBuffer {
        var buffer = ParquetColumnBuffer(type: type)
        buffer.values.reserveCapacity(values.count)
        for value in values { buffer.appendListValue(value) }
        if buffer.values.isEmpty { buffer.values = [] }
        return buffer
    }

    /// Drops the rows from `rows` on (to undo a half-appended record).
    public mutating func removeRows(from rows: Int) {
        guard rows < count else { return }
        switch layout {
        case .booleans: booleans.removeSubrange(rows...)
        case .int32s: int32s.removeSubrange(rows...)
        case .int64s: int64s.removeSubrange(rows...)
        case .floats: floats.removeSubrange(rows...)
        case .doubles: doubles.removeSubrange(rows...)
        case .bytes:
            bytes.removeSubrange(offsets[rows]...)
            offsets.removeSubrange((rows + 1)...)
        case .dictionary: indices.removeSubrange(rows...)
        case .values: values.removeSubrange(rows...)
        }
        if nullCount > 0 {
            nullCount -= validity[rows...].reduce(0) { $0 + ($1 ? 0 : 1) }
            validity.removeSubrange(rows...)
            if nullCount == 0 { validity = [] }
        }
        count = rows
    }

    /// Removes every row, keeping the capacity.
    public mutating func removeAll() {
        booleans.removeAll(keepingCapacity: true)
        int32s.removeAll(keepingCapacity: true)
        int64s.removeAll(keepingCapacity: true)
        floats.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        offsets.append(0)
        indices.removeAll(keepingCapacity: true)
        dictionary = []
        values.removeAll(keepingCapacity: true)
        validity = []
        nullCount = 0
        count = 0
    }

    /// Appends rows `range` of `other` (a buffer of the same type and layout).
    public mutating func append(contentsOf other: ParquetColumnBuffer, rows range: Range<Int>) {
        precondition(other.type == type, "buffers of different column types")
        guard !range.isEmpty else { return }
        if other.layout == .dictionary || other.layout == .values || layout == .values {
            for row in range { try? append(other.value(at: row)) }
            return
        }
        switch layout {
        case .booleans: booleans.append(contentsOf: other.booleans[range])
        case .int32s: int32s.append(contentsOf: other.int32s[range])
        case .int64s: int64s.append(contentsOf: other.int64s[range])
        case .floats: floats.append(contentsOf: other.floats[range])
        case .doubles: doubles.append(contentsOf: other.doubles[range])
        case .bytes:
            let shift = bytes.count - other.offsets[range.lowerBound]
            bytes.append(contentsOf: other.bytes[other.offsets[range.lowerBound]..<other.offsets[range.upperBound]])
            for row in range { offsets.append(other.offsets[row + 1] + shift) }
        case .dictionary, .values: break
        }
        if other.nullCount == 0 {
            if nullCount > 0 { validity.append(contentsOf: repeatElement(true, count: range.count)) }
        } else {
            let nulls = other.validity[range].reduce(0) { $0 + ($1 ? 0 : 1) }
            if nulls > 0 {
                if nullCount == 0 { validity = [Bool](repeating: true, count: count) }
                validity.append(contentsOf: other.validity[range])
                nullCount += nulls
            } else if nullCount > 0 {
                validity.append(contentsOf: repeatElement(true, count: range.count))
            }
        }
        count += range.count
    }

    // MARK: Reading

    /// The bytes of byte-array row `row`.
    @inline(__always)
    public func byteRange(_ row: Int) -> Range<Int> {
        offsets[row]..<offsets[row + 1]
    }

    /// Row `row` as a ``ParquetValue`` (the general, slower way).
    public func value(at row: Int) -> ParquetValue {
        if isNull(row) { return .null }
        switch layout {
        case .booleans: return .bool(booleans[row])
        case .int32s: return type.value(int32: int32s[row])
        case .int64s: return type.value(int64: int64s[row])
        case .floats: return .float(floats[row])
        case .doubles: return .double(doubles[row])
        case .bytes: return type.value(bytes: Array(bytes[byteRange(row)]))
        case .dictionary: return dictionary[0].value(at: Int(indices[row]))
        case .values: return values[row]
        }
    }

    /// Every row as a ``ParquetValue``.
    public func allValues() -> [ParquetValue] {
        if layout == .values { return values }
        if layout == .dictionary {
            let entries = dictionary[0].allValues()
            return (0..<count).map { isNull($0) ? .null : entries[Int(indices[$0])] }
        }
        return (0..<count).map(value(at:))
    }
}

extension ParquetColumnBuffer {
    // MARK: Decoding (reader)

    /// Appends `present` rows already stored in the typed arrays by a decoder, spreading them over
    /// `levels` (1: a value, 0: null) when given. The values were appended at the end of their array.
    mutating func commitDecoded(present: Int, levels: [UInt32]?) {
        guard let levels, present != levels.count else {
            if nullCount > 0 { validity.append(contentsOf: repeatElement(true, count: present)) }
            count += present
            return
        }
        // Spread the last `present` values over the rows, back to front, filling nulls.
        let rows = levels.count
        let first = count
        if nullCount == 0 { validity = [Bool](repeating: true, count: count) }
        validity.append(contentsOf: levels.lazy.map { $0 == 1 })
        nullCount += rows - present
        switch layout {
        case .booleans: Self.spread(&booleans, from: first, present: present, levels: levels, filler: false)
        case .int32s: Self.spread(&int32s, from: first, present: present, levels: levels, filler: 0)
        case .int64s: Self.spread(&int64s, from: first, present: present, levels: levels, filler: 0)
        case .floats: Self.spread(&floats, from: first, present: present, levels: levels, filler: 0)
        case .doubles: Self.spread(&doubles, from: first, present: present, levels: levels, filler: 0)
        case .dictionary: Self.spread(&indices, from: first, present: present, levels: levels, filler: 0)
        case .bytes:
            // offsets[first + 1 ..< first + 1 + present] are the ends of the present values.
            var ends = Array(offsets[(first + 1)...])
            offsets.removeSubrange((first + 1)...)
            var next = 0
            var end = offsets[first]
            for level in levels {
                if level == 1 {
                    end = ends[next]
                    next += 1
                }
                offsets.append(end)
            }
            ends = []
        case .values: break
        }
        count += rows
    }

    /// Moves the last `present` elements of `array` (which start at `first`) to the rows whose
    /// level is 1, filling the other rows with `filler`.
    private static func spread<T>(_ array: inout [T], from first: Int, present: Int, levels: [UInt32], filler: T) {
        let rows = levels.count
        array.append(contentsOf: repeatElement(filler, count: rows - present))
        array.withUnsafeMutableBufferPointer { buffer in
            var source = first + present - 1
            var target = first + rows - 1
            for level in levels.reversed() {
                if level == 1 {
                    buffer[target] = buffer[source]
                    source -= 1
                } else {
                    buffer[target] = filler
                }
                target -= 1
            }
        }
    }

    /// Turns dictionary indices into the values they point to (when a chunk switches from
    /// dictionary-encoded pages to PLAIN ones).
    mutating func expandDictionary() {
        guard let entries = dictionary.first else { return }
        var plain = ParquetColumnBuffer(type: type)
        plain.reserveCapacity(count)
        // Null rows hold index 0, which a dictionary of no entries does not have.
        let safe = entries.count > 0 ? indices : []
        for index in safe { plain.pushEntry(Int(index), of: entries) }
        if safe.isEmpty { for _ in 0..<count { plain.pushNull() } }
        plain.validity = validity
        plain.nullCount = nullCount
        plain.count = count
        self = plain
    }

    /// Starts holding rows as dictionary indices into `entries`.
    mutating func useDictionary(_ entries: ParquetColumnBuffer) {
        precondition(count == 0, "a dictionary is set before any row")
        dictionary = [entries]
    }
}
