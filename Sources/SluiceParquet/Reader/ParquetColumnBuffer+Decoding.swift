/// Decoding into typed buffers: values are pushed onto the storage arrays, then
/// ``ParquetColumnBuffer/commitDecoded(present:levels:)`` turns them into rows (spreading them over
/// the page's nulls). Every size is checked against the input before anything is allocated.
extension ParquetColumnBuffer {
    /// Pushes `count` PLAIN-encoded values.
    mutating func pushPlain(count: Int, from reader: inout ByteReader) throws {
        let start = reader.absoluteOffset
        switch type.physicalType {
        case .boolean:
            let range = try reader.skipRange((count + 7) / 8, "\(count) PLAIN booleans")
            booleans.reserveCapacity(booleans.count + count)
            for index in 0..<count { booleans.append(reader.bytes[range.lowerBound + index >> 3] >> UInt8(index & 7) & 1 == 1) }
        case .int32: try Self.pushNumbers(count, "INT32", from: &reader, into: &int32s) { (raw: UInt32) in Int32(bitPattern: raw) }
        case .int64: try Self.pushNumbers(count, "INT64", from: &reader, into: &int64s) { (raw: UInt64) in Int64(bitPattern: raw) }
        case .float: try Self.pushNumbers(count, "FLOAT", from: &reader, into: &floats) { (raw: UInt32) in Float(bitPattern: raw) }
        case .double: try Self.pushNumbers(count, "DOUBLE", from: &reader, into: &doubles) { (raw: UInt64) in Double(bitPattern: raw) }
        case .byteArray:
            guard count <= reader.remaining / 4 else {
                throw ParquetError.truncated("\(count) PLAIN byte arrays cannot fit in \(reader.remaining) bytes", at: start)
            }
            offsets.reserveCapacity(offsets.count + count)
            for _ in 0..<count {
                let length = try reader.readLittleEndian(UInt32.self)
                let range = try reader.skipRange(Int(length), "PLAIN byte array")
                bytes.append(contentsOf: reader.bytes[range])
                offsets.append(bytes.count)
            }
        case .fixedLenByteArray, .int96:
            let width = type.fixedWidth ?? 0
            guard width > 0 else { throw ParquetError.malformed("fixed-length column without width", at: start) }
            let range = try reader.skipRange(count.multipliedReportingOverflow(by: width).overflow ? -1 : count * width,
                                             "\(count) PLAIN fixed-length values")
            bytes.append(contentsOf: reader.bytes[range])
            offsets.reserveCapacity(offsets.count + count)
            var end = bytes.count - range.count
            for _ in 0..<count {
                end += width
                offsets.append(end)
            }
        }
    }

    /// Pushes `count` little-endian fixed-width numbers.
    private static func pushNumbers<Raw: FixedWidthInteger, Value>(
        _ count: Int, _ what: String, from reader: inout ByteReader, into array: inout [Value], _ convert: (Raw) -> Value
    ) throws {
        let size = MemoryLayout<Raw>.size
        let range = try reader.skipRange(count.multipliedReportingOverflow(by: size).overflow ? -1 : count * size, "\(count) PLAIN \(what)")
        array.reserveCapacity(array.count + count)
        reader.bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                array.append(convert(Raw(littleEndian: raw.loadUnaligned(fromByteOffset: range.lowerBound + index * size, as: Raw.self))))
            }
        }
    }

    /// Pushes dictionary indices (already checked against the dictionary's size): kept as indices
    /// when the buffer holds a dictionary, else the entries' values are copied.
    mutating func pushIndices(_ newIndices: [UInt32], from entries: ParquetColumnBuffer) {
        if layout == .dictionary {
            indices.append(contentsOf: newIndices)
            return
        }
        for index in newIndices { pushEntry(Int(index), of: entries) }
    }

    /// Pushes the value of row `row` of `other` (a buffer of the same type without nulls).
    mutating func pushEntry(_ row: Int, of other: ParquetColumnBuffer) {
        switch layout {
        case .booleans: booleans.append(other.booleans[row])
        case .int32s: int32s.append(other.int32s[row])
        case .int64s: int64s.append(other.int64s[row])
        case .floats: floats.append(other.floats[row])
        case .doubles: doubles.append(other.doubles[row])
        case .bytes:
            bytes.append(contentsOf: other.bytes[other.byteRange(row)])
            offsets.append(bytes.count)
        case .dictionary, .values: break
        }
    }

    /// Pushes a value decoded by the general decoders (RLE booleans, DELTA and BYTE_STREAM_SPLIT
    /// encodings), which already belongs to the column's type.
    mutating func pushDecoded(_ value: ParquetValue) {
        switch value {
        case .bool(let v): booleans.append(v)
        case .int32(let v), .date(let v): int32s.append(v)
        case .int64(let v), .timestamp(let v, _): int64s.append(v)
        case .float(let v): floats.append(v)
        case .double(let v): doubles.append(v)
        case .string(let v):
            bytes.append(contentsOf: v.utf8)
            offsets.append(bytes.count)
        case .bytes(let v):
            bytes.append(contentsOf: v)
            offsets.append(bytes.count)
        case .decimal(let v):
            switch type.physicalType {
            case .int32: int32s.append(Int32(truncatingIfNeeded: v.unscaledInt64 ?? 0))
            case .int64: int64s.append(v.unscaledInt64 ?? 0)
            default:
                bytes.append(contentsOf: type.fixedWidth.flatMap { v.bigEndianBytes(count: $0) } ?? v.unscaledBigEndian)
                offsets.append(bytes.count)
            }
        case .null, .list: break
        }
    }
}
