/// Decodes DELTA_BYTE_ARRAY (incremental encoding): shared prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY.
enum DeltaByteArrayDecoder {
    static func decode(count: Int, from reader: inout ByteReader) throws -> [[UInt8]] {
        let start = reader.absoluteOffset
        let prefixLengths = try DeltaBinaryPackedDecoder.decode(count: count, from: &reader)
        let suffixes = try DeltaLengthByteArrayDecoder.decode(count: count, from: &reader)
        var values: [[UInt8]] = []
        values.reserveCapacity(min(count, 1 << 16))
        var previous: [UInt8] = []
        for (prefixLength, suffix) in zip(prefixLengths, suffixes) {
            guard prefixLength >= 0, prefixLength <= Int64(previous.count) else {
                throw ParquetError.malformed("prefix length \(prefixLength) exceeds previous value", at: start)
            }
            let value = Array(previous.prefix(Int(prefixLength))) + suffix
            values.append(value)
            previous = value
        }
        return values
    }
}
