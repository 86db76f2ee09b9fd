/// Appending many rows at once: a columnar reader converts a run of fields into a plain typed
/// array and hands it over in one call, instead of one append (with its checks) per value.
extension RecordColumn {
    /// Appends integers to an ``Kind/int`` column; `nulls` marks null rows (their values are
    /// placeholders), nil when none is. A column of another kind takes them value by value.
    public mutating func append(ints values: [Int], nulls: [Bool]? = nil) {
        appendBulk(values, to: \._ints, kind: .int, nulls: nulls) { .int($0) }
    }

    /// Appends doubles to a ``Kind/double`` column (see ``append(ints:nulls:)``).
    public mutating func append(doubles values: [Double], nulls: [Bool]? = nil) {
        appendBulk(values, to: \._doubles, kind: .double, nulls: nulls) { .double($0) }
    }

    /// Appends booleans to a ``Kind/bool`` column (see ``append(ints:nulls:)``).
    public mutating func append(bools values: [Bool], nulls: [Bool]? = nil) {
        appendBulk(values, to: \._bools, kind: .bool, nulls: nulls) { .bool($0) }
    }

    /// Appends days since 1970-01-01 to a ``Kind/date`` column (see ``append(ints:nulls:)``).
    public mutating func append(days values: [Int32], nulls: [Bool]? = nil) {
        appendBulk(values, to: \._days, kind: .date, nulls: nulls) { .date(CalendarDate(daysSince1970: Int($0))!) }
    }

    /// Appends the decimals `significands[i]` × 10^-`scales[i]` to a ``Kind/decimal`` column (see
    /// ``append(ints:nulls:)``).
    public mutating func append(decimalSignificands significands: [Int64], scales: [UInt8], nulls: [Bool]? = nil) {
        precondition(significands.count == scales.count, "one scale per significand")
        guard _kind == .decimal else {
            for row in significands.indices {
                append(value: nulls?[row] == true ? .null : .decimal(significand: significands[row], scale: scales[row]))
            }
            return
        }
        _decimalScales.append(contentsOf: scales)
        appendBulk(significands, to: \._decimalSignificands, kind: .decimal, nulls: nulls) { _ in .null }
    }

    /// Appends text to a ``Kind/string`` column: row `i` is `utf8[ends[i - 1]..<ends[i]]` (valid
    /// UTF-8; from 0 for the first), a null row empty (see ``append(ints:nulls:)``).
    public mutating func append(utf8 run: [UInt8], ends: [Int], nulls: [Bool]? = nil) {
        guard _kind == .string else {
            for row in ends.indices {
                let text = run[(row == 0 ? 0 : ends[row - 1])..<ends[row]]
                append(value: nulls?[row] == true ? .null : .string(String(decoding: text, as: UTF8.self)))
            }
            return
        }
        let base = _utf8.count
        _utf8.append(contentsOf: run)
        _ends.reserveCapacity(_ends.count + ends.count)
        for end in ends { _ends.append(base + end) }
        endRows(ends.count, nulls: nulls)
    }

    /// Appends `values` to the typed array at `storage` when the column is of `kind`, else value
    /// by value through `value`.
    private mutating func appendBulk<Value>(_ values: [Value], to storage: WritableKeyPath<RecordColumn, [Value]>, kind: Kind,
                                            nulls: [Bool]?, value: (Value) -> RecordValue) {
        guard _kind == kind else {
            for row in values.indices { append(value: nulls?[row] == true ? .null : value(values[row])) }
            return
        }
        self[keyPath: storage].append(contentsOf: values)
        endRows(values.count, nulls: nulls)
    }

    /// Counts `rows` rows just stored in the typed arrays, `nulls` marking the null ones.
    private mutating func endRows(_ rows: Int, nulls: [Bool]?) {
        if let nulls {
            precondition(nulls.count == rows, "one null flag per row")
            let added = nulls.reduce(0) { $0 + ($1 ? 1 : 0) }
            if added > 0 || _nullCount > 0 {
                if _nulls.isEmpty { _nulls = Array(repeating: false, count: _count) }
                _nulls.append(contentsOf: nulls)
            }
            _nullCount += added
        } else if !_nulls.isEmpty {
            _nulls.append(contentsOf: repeatElement(false, count: rows))
        }
        _count += rows
    }
}
