/// The logical type of a flat Parquet column, which fixes its physical storage and annotations.
public enum ParquetColumnType: Hashable, Sendable {
    /// BOOLEAN.
    case boolean
    /// INT32 without annotation.
    case int32
    /// INT64 without annotation.
    case int64
    /// FLOAT (IEEE 754 single precision).
    case float
    /// DOUBLE (IEEE 754 double precision).
    case double
    /// BYTE_ARRAY annotated STRING (UTF-8).
    case string
    /// BYTE_ARRAY without annotation.
    case binary
    /// FIXED_LEN_BYTE_ARRAY of the given width without annotation.
    case fixedLengthBinary(Int)
    /// INT32 annotated DATE (days since the Unix epoch).
    case date
    /// INT64 annotated TIMESTAMP, adjusted to UTC.
    case timestamp(ParquetTimeUnit)
    /// DECIMAL stored as INT32, INT64, FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY.
    case decimal(ParquetDecimalType)
    /// Legacy INT96 timestamps; read as 12 raw bytes, never written.
    case int96

    var physicalType: PhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestamp: .int64
        case .float: .float
        case .double: .double
        case .string, .binary: .byteArray
        case .fixedLengthBinary: .fixedLenByteArray
        case .int96: .int96
        case .decimal(let decimal):
            switch decimal.storage {
            case .int32: .int32
            case .int64: .int64
            case .fixedLength: .fixedLenByteArray
            case .byteArray: .byteArray
            }
        }
    }

    /// Byte width of fixed-size physical values, nil for variable-size and boolean.
    var fixedWidth: Int? {
        switch physicalType {
        case .boolean, .byteArray: nil
        case .int32, .float: 4
        case .int64, .double: 8
        case .int96: 12
        case .fixedLenByteArray:
            switch self {
            case .fixedLengthBinary(let width): width
            case .decimal(let decimal):
                if case .fixedLength(let width) = decimal.storage { width } else { nil }
            default: nil
            }
        }
    }
}
