/// Appends values in Parquet's PLAIN encoding: little-endian numbers, length-prefixed byte arrays,
/// raw fixed-length byte arrays and bit-packed booleans.
enum PlainEncoder {
    /// Appends one non-boolean value, already validated against `type`.
    static func append(_ value: ParquetValue, as type: ParquetColumnType, to buffer: inout [UInt8]) {
        switch value {
        case .int32(let number), .date(let number): buffer.appendLittleEndian(number)
        case .int64(let number), .timestamp(let number, _): buffer.appendLittleEndian(number)
        case .float(let number): buffer.appendLittleEndian(number.bitPattern)
        case .double(let number): buffer.appendLittleEndian(number.bitPattern)
        case .string(let text):
            buffer.appendLittleEndian(UInt32(text.utf8.count))
            buffer.append(contentsOf: text.utf8)
        case .bytes(let bytes):
            if type.physicalType == .byteArray { buffer.appendLittleEndian(UInt32(bytes.count)) }
            buffer.append(contentsOf: bytes)
        case .decimal(let decimal):
            switch type {
            case .decimal(let decimalType):
                switch decimalType.storage {
                case .int32: buffer.appendLittleEndian(Int32(truncatingIfNeeded: decimal.unscaledInt64 ?? 0))
                case .int64: buffer.appendLittleEndian(decimal.unscaledInt64 ?? 0)
                case .fixedLength(let width): buffer.append(contentsOf: decimal.bigEndianBytes(count: width) ?? [])
                case .byteArray:
                    buffer.appendLittleEndian(UInt32(decimal.unscaledBigEndian.count))
                    buffer.append(contentsOf: decimal.unscaledBigEndian)
                }
            default: break
            }
        case .bool(let flag): buffer.append(flag ? 1 : 0)
        case .null, .list: break  // lists are read only; validation refuses them
        }
    }

    /// The statistics representation of a value: PLAIN without a length prefix.
    static func statisticsBytes(_ value: ParquetValue, as type: ParquetColumnType) -> [UInt8] {
        var buffer: [UInt8] = []
        append(value, as: type, to: &buffer)
        if type.physicalType == .byteArray && buffer.count >= 4 { buffer.removeFirst(4) }
        return buffer
    }

    /// Bit-packs booleans LSB first, eight per byte.
    static func packBooleans(_ flags: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: (flags.count + 7) / 8)
        for (index, flag) in flags.enumerated() where flag != 0 { output[index >> 3] |= 1 << UInt8(index & 7) }
        return output
    }
}
