import Sluice

/// Converting a run of one column's fields in bulk: the common cases (a value that fits the
/// column's typed storage, or a null) go into a plain array that the column takes in one call;
/// anything else stops the run at that row for ``FieldConversion/convert(_:as:ascii:into:)``,
/// which holds every rule (errors, wide decimals, timestamps). Both start from
/// ``FieldConversion/prepared(_:as:)`` and the same parsers, so the values are the same either way.
extension FieldConversion {
    /// The fields of one column in a run of scanned CSV records: `fields` holds `width` fields per
    /// record (positions in `bytes`), this column's at `column`; `ascii` says which records are
    /// all ASCII (their strings need no UTF-8 validation).
    struct FieldRun {
        let bytes: UnsafeBufferPointer<UInt8>
        let fields: UnsafeBufferPointer<CSVRecordScanner.Field>
        let ascii: UnsafeBufferPointer<Bool>
        let width: Int
        let column: Int

        /// The bytes of row `row`'s field, nil when it needs the per-value conversion (it holds
        /// escaped quotes).
        @inline(__always)
        func field(_ row: Int) -> UnsafeBufferPointer<UInt8>? {
            let field = fields[row * width + column]
            return field.escaped ? nil : UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        }
    }

    /// Converts rows from `rows.lowerBound` on into `column` while they take the fast path;
    /// returns the first row that did not (or `rows.upperBound`).
    func appendFast(_ type: ColumnType, rows: Range<Int>, from run: FieldRun, into column: inout RecordColumn) -> Int {
        switch type {
        case .int:
            return appendFast(rows, run, as: type, placeholder: 0, parse: Self.int) { $0.append(ints: $1, nulls: $2) }
        case .double:
            return appendFast(rows, run, as: type, placeholder: 0, parse: DecimalText.shortDouble) { $0.append(doubles: $1, nulls: $2) }
        case .bool:
            return appendFast(rows, run, as: type, placeholder: false, parse: Self.bool) { $0.append(bools: $1, nulls: $2) }
        case .date:
            return appendFast(rows, run, as: type, placeholder: 0, parse: { Self.date($0).flatMap { Int32(exactly: $0.daysSince1970) } }) {
                $0.append(days: $1, nulls: $2)
            }
        case .decimal:
            return appendDecimals(rows, run, into: &column)
        case .string: return appendStrings(rows, run, into: &column)
        case .timestamp: return rows.lowerBound
        }

        /// Values `parse` takes, and nulls (as `placeholder`), into one array for `store`; stops at
        /// a field it does not take.
        @inline(__always)
        func appendFast<Value>(_ rows: Range<Int>, _ run: FieldRun, as type: ColumnType, placeholder: Value,
                               parse: (UnsafeBufferPointer<UInt8>) -> Value?, store: (inout RecordColumn, [Value], [Bool]?) -> Void) -> Int {
            var nulls: [Bool]?
            var row = rows.lowerBound
            // Written through a pointer into exactly the room the run needs: no per-value checks.
            let values = [Value](unsafeUninitializedCapacity: rows.count) { buffer, written in
                while row < rows.upperBound, let field = run.field(row) {
                    let k = row - rows.lowerBound
                    if let text = prepared(field, as: type) {
                        guard let value = parse(text) else { break }
                        (buffer.baseAddress! + k).initialize(to: value)
                        if nulls != nil { nulls!.append(false) }
                    } else {
                        if nulls == nil { nulls = Array(repeating: false, count: k) }
                        (buffer.baseAddress! + k).initialize(to: placeholder)
                        nulls!.append(true)
                    }
                    row += 1
                }
                written = row - rows.lowerBound
            }
            if !values.isEmpty { store(&column, values, nulls) }
            return row
        }
    }

    /// Short decimals (see ``shortDecimal(_:)``) and nulls into a significand and a scale array;
    /// stops at a field it does not take.
    private func appendDecimals(_ rows: Range<Int>, _ run: FieldRun, into column: inout RecordColumn) -> Int {
        var nulls: [Bool]?
        var row = rows.lowerBound
        var scales = [UInt8](repeating: 0, count: rows.count)
        let significands = scales.withUnsafeMutableBufferPointer { scales in
            [Int64](unsafeUninitializedCapacity: rows.count) { buffer, written in
                while row < rows.upperBound, let field = run.field(row) {
                    let k = row - rows.lowerBound
                    if let text = prepared(field, as: .decimal) {
                        guard let (significand, scale) = Self.shortDecimal(text) else { break }
                        (buffer.baseAddress! + k).initialize(to: significand)
                        scales[k] = scale
                        if nulls != nil { nulls!.append(false) }
                    } else {
                        if nulls == nil { nulls = Array(repeating: false, count: k) }
                        (buffer.baseAddress! + k).initialize(to: 0)
                        nulls!.append(true)
                    }
                    row += 1
                }
                written = row - rows.lowerBound
            }
        }
        guard !significands.isEmpty else { return row }
        scales.removeLast(rows.count - significands.count)
        column.append(decimalSignificands: significands, scales: scales, nulls: nulls)
        return row
    }

    /// Text (valid UTF-8) and nulls into one byte run; stops at a field that is not valid UTF-8.
    /// The ends are found first, then the bytes are copied into a run of exactly their size.
    private func appendStrings(_ rows: Range<Int>, _ run: FieldRun, into column: inout RecordColumn) -> Int {
        var nulls: [Bool]?
        var total = 0
        var row = rows.lowerBound
        let ends = [Int](unsafeUninitializedCapacity: rows.count) { buffer, written in
            while row < rows.upperBound, let field = run.field(row) {
                let k = row - rows.lowerBound
                if let text = prepared(field, as: .string) {
                    guard run.ascii[row] || Self.isASCII(text) || String(validating: text, as: UTF8.self) != nil else { break }
                    total += text.count
                    if nulls != nil { nulls!.append(false) }
                } else {
                    if nulls == nil { nulls = Array(repeating: false, count: k) }
                    nulls!.append(true)
                }
                (buffer.baseAddress! + k).initialize(to: total)
                row += 1
            }
            written = row - rows.lowerBound
        }
        guard !ends.isEmpty else { return row }
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, written in
            for (k, end) in ends.enumerated() where end > (k == 0 ? 0 : ends[k - 1]) {
                let text = prepared(run.field(rows.lowerBound + k)!, as: .string)!
                _ = UnsafeMutableBufferPointer(rebasing: buffer[(end - text.count)..<end]).initialize(from: text)
            }
            written = total
        }
        column.append(utf8: bytes, ends: ends, nulls: nulls)
        return row
    }
}
