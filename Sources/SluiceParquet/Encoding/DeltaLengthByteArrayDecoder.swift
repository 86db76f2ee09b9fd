/// Decodes DELTA_LENGTH_BYTE_ARRAY: delta-encoded lengths followed by the concatenated bytes.
enum DeltaLengthByteArrayDecoder {
    static func decode(count: Int, from reader: inout ByteReader) throws -> [[UInt8]] {
        let start = reader.absoluteOffset
        let lengths = try DeltaBinaryPackedDecoder.decode(count: count, from: &reader)
        var total: Int64 = 0
        for length in lengths {
            guard length >= 0 else { throw ParquetError.malformed("negative byte array length \(length)", at: start) }
            guard length <= Int64(reader.remaining) - total else {
                throw ParquetError.truncated("byte array lengths exceed the \(reader.remaining) remaining bytes", at: start)
            }
            total += length
        }
        return try lengths.map { try reader.readBytes(Int($0), "byte array") }
    }
}
