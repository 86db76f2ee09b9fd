/// One cell of a Parquet row, typed by its column's logical type.
public enum ParquetValue: Hashable, Sendable {
    /// A missing value in an optional column.
    case null
    /// A BOOLEAN value.
    case bool(Bool)
    /// An INT32 value (also un-annotated or integer-annotated INT32 columns; unsigned values keep their bit pattern).
    case int32(Int32)
    /// An INT64 value (also integer- or time-annotated INT64 columns).
    case int64(Int64)
    /// A FLOAT value.
    case float(Float)
    /// A DOUBLE value.
    case double(Double)
    /// A BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY value without a textual annotation.
    case bytes([UInt8])
    /// A UTF-8 string (STRING, ENUM or JSON annotated BYTE_ARRAY); invalid UTF-8 is repaired on read.
    case string(String)
    /// A DECIMAL value.
    case decimal(ParquetDecimal)
    /// A DATE: days since 1970-01-01.
    case date(Int32)
    /// A UTC TIMESTAMP: ticks of the unit since the Unix epoch.
    case timestamp(Int64, ParquetTimeUnit)
    /// The elements of a list column's row (read only).
    case list([ParquetValue])

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
