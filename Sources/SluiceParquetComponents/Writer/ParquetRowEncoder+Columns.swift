import Sluice
import SluiceParquet

extension ParquetRowEncoder {
    /// Appends every row of `rows` to `batch`, column by column from the typed arrays, or throws
    /// the error the record path (``append(_:to:)``) gives for the first bad row and leaves
    /// `batch` as it was.
    ///
    /// A column whose storage and Parquet type have no typed conversion here (a
    /// ``Sluice/RecordColumn/Kind/value`` column, an `int` field in a `decimal` column...) goes
    /// value by value through the record path's conversion, so both paths accept and refuse the
    /// same values.
    mutating func append(_ rows: RecordBatch, to batch: inout ParquetColumnBatch) throws {
        let start = batch.rowCount
        let positions = positions(for: rows.names)
        for index in kinds.indices {
            let (type, isOptional) = kinds[index]
            let appended: Bool
            if let position = positions[index] {
                appended = Self.append(rows.columns[position], type: type, isOptional: isOptional, to: &batch.buffers[index])
            } else {
                appended = isOptional
                if isOptional { for _ in 0..<rows.count { batch.buffers[index].appendNull() } }
            }
            guard appended else {
                // Some value does not fit the typed copy: the whole chunk goes through the record
                // path instead, which either writes it (a conversion only it knows) or names the
                // first bad field exactly as a record write would.
                batch.removeRows(from: start)
                do {
                    for row in 0..<rows.count { try append(rows.record(at: row), to: &batch) }
                } catch {
                    batch.removeRows(from: start)
                    throw error
                }
                return
            }
        }
    }

    /// Appends a whole column; false (with some rows appended) when a value does not fit.
    private static func append(_ column: RecordColumn, type: ParquetColumnType, isOptional: Bool,
                               to buffer: inout ParquetColumnBuffer) -> Bool {
        guard isOptional || column.nullCount == 0 else { return false }
        // Null rows hold placeholders (0, empty text) in both layouts, so typed arrays copy over whole.
        let nulls = column.nulls
        switch (type, column.kind) {
        case (.int64, .int): buffer.append(int64s: column.ints.map { Int64($0) }, nulls: nulls)
        case (.double, .double): buffer.append(doubles: column.doubles, nulls: nulls)
        case (.double, .int): buffer.append(doubles: column.ints.map { Double($0) }, nulls: nulls)
        case (.boolean, .bool): buffer.append(booleans: column.bools, nulls: nulls)
        case (.date, .date): buffer.append(int32s: column.days, nulls: nulls)
        case (.string, .string), (.binary, .bytes): buffer.append(byteRun: column.utf8, ends: column.ends, nulls: nulls)
        case (.decimal(let decimal), .decimal):
            guard let unscaled = rescaled(column, to: decimal) else { return false }
            switch decimal.storage {
            case .int64: buffer.append(int64s: unscaled, nulls: nulls)
            case .int32: buffer.append(int32s: unscaled.map { Int32(truncatingIfNeeded: $0) }, nulls: nulls)
            default:
                for row in 0..<column.count {
                    if column.isNull(row) {
                        buffer.appendNull()
                    } else if !buffer.append(decimal: ParquetDecimal(unscaled: unscaled[row], scale: decimal.scale)) {
                        return false
                    }
                }
            }
        default:
            for row in 0..<column.count {
                guard append(column[row], type: type, isOptional: isOptional, to: &buffer) == .appended else { return false }
            }
        }
        return true
    }

    /// The unscaled values of a decimal column at `decimal`'s scale (0 for nulls), or nil when a
    /// value does not fit (see ``rescaled(_:from:to:)``). An INT32-stored decimal has a
    /// precision of at most 9, so its values fit in 32 bits.
    private static func rescaled(_ column: RecordColumn, to decimal: ParquetDecimalType) -> [Int64]? {
        let significands = column.decimalSignificands
        let scales = column.decimalScales
        var unscaled = [Int64](repeating: 0, count: significands.count)
        let bound = decimal.precision >= 19 ? nil : limits[decimal.precision]
        for row in significands.indices where !column.isNull(row) {
            guard let value = rescaled(significands[row], from: Int(scales[row]), to: decimal.scale, below: bound) else { return nil }
            unscaled[row] = value
        }
        return unscaled
    }

    /// `significand` × 10^-`scale` as an unscaled value of `decimal`'s scale; nil when that
    /// would drop a non-zero digit, overflow, or need more digits than the precision.
    static func rescaled(_ significand: Int64, from scale: Int, to decimal: ParquetDecimalType) -> Int64? {
        rescaled(significand, from: scale, to: decimal.scale, below: decimal.precision >= 19 ? nil : limits[decimal.precision])
    }

    /// ``rescaled(_:from:to:)`` with the precision's bound on the magnitude looked up once per column.
    @inline(__always)
    private static func rescaled(_ significand: Int64, from scale: Int, to target: Int, below bound: UInt64?) -> Int64? {
        var unscaled = significand
        if scale < target {
            for _ in scale..<target {
                let (product, overflow) = unscaled.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                unscaled = product
            }
        } else if scale > target {
            for _ in target..<scale {
                guard unscaled % 10 == 0 else { return nil }
                unscaled /= 10
            }
        }
        if let bound, unscaled.magnitude >= bound { return nil }
        return unscaled
    }

    /// 10^0 ... 10^18.
    private static let limits: [UInt64] = (0...18).map { n in (0..<n).reduce(UInt64(1)) { value, _ in value * 10 } }
}
