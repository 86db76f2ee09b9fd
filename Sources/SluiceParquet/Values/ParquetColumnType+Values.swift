extension ParquetColumnType {
    /// The logical value for a physical INT32.
    func value(int32: Int32) -> ParquetValue {
        switch self {
        case .date: .date(int32)
        case .decimal(let decimal): .decimal(ParquetDecimal(unscaled: Int64(int32), scale: decimal.scale))
        default: .int32(int32)
        }
    }

    /// The logical value for a physical INT64.
    func value(int64: Int64) -> ParquetValue {
        switch self {
        case .timestamp(let unit): .timestamp(int64, unit)
        case .decimal(let decimal): .decimal(ParquetDecimal(unscaled: int64, scale: decimal.scale))
        default: .int64(int64)
        }
    }

    /// The logical value for a physical BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY or INT96.
    func value(bytes: [UInt8]) -> ParquetValue {
        switch self {
        case .string: .string(String(decoding: bytes, as: UTF8.self))
        case .decimal(let decimal): .decimal(ParquetDecimal(unscaledBigEndian: bytes, scale: decimal.scale))
        default: .bytes(bytes)
        }
    }

    /// Checks that a non-null value belongs to this column type, so the writer never stores mismatched data.
    func validate(_ value: ParquetValue, column: String) throws {
        let matches: Bool
        switch (self, value) {
        case (.boolean, .bool), (.int32, .int32), (.int64, .int64), (.float, .float), (.double, .double),
             (.string, .string), (.binary, .bytes), (.date, .date):
            matches = true
        case (.fixedLengthBinary(let width), .bytes(let bytes)):
            guard bytes.count == width else {
                throw ParquetError(.invalidValue, "column \(column): expected \(width) bytes, got \(bytes.count)")
            }
            matches = true
        case (.timestamp(let unit), .timestamp(_, let valueUnit)):
            guard unit == valueUnit else {
                throw ParquetError(.invalidValue, "column \(column): expected a \(unit) timestamp, got \(valueUnit)")
            }
            matches = true
        case (.decimal(let type), .decimal(let decimal)):
            guard decimal.scale == type.scale else {
                throw ParquetError(.invalidValue, "column \(column): expected scale \(type.scale), got \(decimal.scale)")
            }
            guard decimal.digitCount <= type.precision else {
                throw ParquetError(.invalidValue, "column \(column): \(decimal) exceeds precision \(type.precision)")
            }
            matches = true
        default:
            matches = false
        }
        guard matches else { throw ParquetError(.invalidValue, "column \(column): value \(value) does not match type \(self)") }
    }
}
