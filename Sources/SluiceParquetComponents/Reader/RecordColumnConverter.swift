import Foundation
import Sluice
import SluiceParquet

/// Turns the rows of one decoded column (a ``SluiceParquet/ParquetColumnBuffer``) into
/// ``Sluice/RecordValue``s, with the value mapping of ``RecordValueDecoding`` but straight from the
/// typed arrays: no ``SluiceParquet/ParquetValue`` per cell, and a dictionary-encoded column's
/// entries converted once per row group (its strings then shared by every row that uses them).
struct RecordColumnConverter {
    private enum Kind {
        case int32, int64, float, double, boolean, string, bytes, date
        case timestamp(ParquetTimeUnit)
        case dictionary([Result<RecordValue, ValueProblem>])
        /// Through ``SluiceParquet/ParquetValue`` (decimals, lists, other types).
        case general
    }

    private let kind: Kind

    /// The converter of `buffer`'s rows.
    init(_ buffer: ParquetColumnBuffer) {
        switch buffer.layout {
        case .dictionary:
            let entries = buffer.dictionary[0]
            kind = .dictionary((0..<entries.count).map { RecordValueDecoding.recordValue(entries.value(at: $0)) })
        case .values: kind = .general
        case .booleans: kind = .boolean
        case .floats: kind = .float
        case .doubles: kind = .double
        case .int32s: kind = buffer.type == .int32 ? .int32 : buffer.type == .date ? .date : .general
        case .int64s:
            switch buffer.type {
            case .int64: kind = .int64
            case .timestamp(let unit): kind = .timestamp(unit)
            default: kind = .general
            }
        case .bytes: kind = buffer.type == .string ? .string : buffer.type == .binary ? .bytes : .general
        }
    }

    /// The record value of row `row` of `buffer` (the buffer this converter was made for).
    @inline(__always)
    func value(_ buffer: ParquetColumnBuffer, _ row: Int) throws(ValueProblem) -> RecordValue {
        if buffer.isNull(row) { return .null }
        switch kind {
        case .int64: return .int(Int(buffer.int64s[row]))
        case .int32: return .int(Int(buffer.int32s[row]))
        case .double: return .double(buffer.doubles[row])
        case .float: return .double(Double(buffer.floats[row]))
        case .boolean: return .bool(buffer.booleans[row])
        case .string:
            let range = buffer.byteRange(row)
            return .string(buffer.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) })
        case .bytes: return .bytes(Array(buffer.bytes[buffer.byteRange(row)]))
        case .date:
            let days = buffer.int32s[row]
            guard let date = CalendarDate(daysSince1970: Int(days)) else {
                throw ValueProblem("date \(days) days after 1970-01-01 is outside the years 1...9999")
            }
            return .date(date)
        case .timestamp(let unit): return .timestamp(TimestampTicks.instant(buffer.int64s[row], unit: unit))
        case .dictionary(let entries): return try entries[Int(buffer.indices[row])].get()
        case .general: return try RecordValueDecoding.recordValue(buffer.value(at: row)).get()
        }
    }
}
