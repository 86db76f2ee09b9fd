/// Decodes PLAIN-encoded values into logical ``ParquetValue``s, checking sizes before allocating.
enum PlainDecoder {
    static func decode(count: Int, type: ParquetColumnType, from reader: inout ByteReader) throws -> [ParquetValue] {
        let start = reader.absoluteOffset
        var values: [ParquetValue] = []
        switch type.physicalType {
        case .boolean:
            try reader.require((count + 7) / 8, "\(count) PLAIN booleans")
            let range = try reader.skipRange((count + 7) / 8)
            values.reserveCapacity(count)
            for index in 0..<count {
                values.append(.bool(reader.bytes[range.lowerBound + index >> 3] >> UInt8(index & 7) & 1 == 1))
            }
        case .int32:
            try reader.require(count.multipliedReportingOverflow(by: 4).overflow ? -1 : count * 4, "\(count) PLAIN INT32")
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(type.value(int32: try reader.readLittleEndian(Int32.self))) }
        case .int64:
            try reader.require(count.multipliedReportingOverflow(by: 8).overflow ? -1 : count * 8, "\(count) PLAIN INT64")
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(type.value(int64: try reader.readLittleEndian(Int64.self))) }
        case .float:
            try reader.require(count.multipliedReportingOverflow(by: 4).overflow ? -1 : count * 4, "\(count) PLAIN FLOAT")
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(.float(Float(bitPattern: try reader.readLittleEndian(UInt32.self)))) }
        case .double:
            try reader.require(count.multipliedReportingOverflow(by: 8).overflow ? -1 : count * 8, "\(count) PLAIN DOUBLE")
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(.double(Double(bitPattern: try reader.readLittleEndian(UInt64.self)))) }
        case .byteArray:
            guard count <= reader.remaining / 4 else {
                throw ParquetError.truncated("\(count) PLAIN byte arrays cannot fit in \(reader.remaining) bytes", at: start)
            }
            values.reserveCapacity(count)
            for _ in 0..<count {
                let length = try reader.readLittleEndian(UInt32.self)
                values.append(type.value(bytes: try reader.readBytes(Int(length), "PLAIN byte array")))
            }
        case .fixedLenByteArray, .int96:
            let width = type.fixedWidth ?? 0
            guard width > 0 else { throw ParquetError.malformed("fixed-length column without width", at: start) }
            try reader.require(count.multipliedReportingOverflow(by: width).overflow ? -1 : count * width, "\(count) PLAIN fixed-length values")
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(type.value(bytes: try reader.readBytes(width))) }
        }
        return values
    }
}
