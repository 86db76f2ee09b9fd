/// Decompresses a raw Snappy block defensively.
///
/// The declared length is checked against a caller limit before allocating, every literal and copy
/// is bounds-checked, and the output must end at exactly the declared length.
enum SnappyDecompressor {
    static func decompress(_ input: [UInt8], baseOffset: Int = 0, maxLength: Int) throws -> [UInt8] {
        var reader = ByteReader(input, baseOffset: baseOffset)
        let declared = try reader.readUnsignedVarint()
        guard declared <= UInt64(maxLength) else {
            throw ParquetError(.limitExceeded, "snappy block declares \(declared) bytes, limit \(maxLength)", offset: baseOffset)
        }
        let length = Int(declared)
        var output = [UInt8](repeating: 0, count: length)
        var written = 0
        try output.withUnsafeMutableBufferPointer { out in
            while !reader.isAtEnd {
                let tagOffset = reader.absoluteOffset
                let tag = try reader.readByte()
                switch tag & 0b11 {
                case 0b00:
                    var literalLength = Int(tag >> 2)
                    if literalLength >= 60 {
                        let extraBytes = literalLength - 59
                        literalLength = 0
                        for byte in 0..<extraBytes { literalLength |= Int(try reader.readByte()) << (8 * byte) }
                    }
                    literalLength += 1
                    guard literalLength <= length - written else {
                        throw ParquetError.malformed("snappy literal overruns declared length", at: tagOffset)
                    }
                    let range = try reader.skipRange(literalLength, "snappy literal")
                    input.withUnsafeBufferPointer { source in
                        (out.baseAddress! + written).update(from: source.baseAddress! + range.lowerBound, count: literalLength)
                    }
                    written += literalLength
                default:
                    let copyLength: Int
                    let offset: Int
                    switch tag & 0b11 {
                    case 0b01:
                        copyLength = 4 + Int((tag >> 2) & 0b111)
                        offset = Int(tag >> 5) << 8 | Int(try reader.readByte())
                    case 0b10:
                        copyLength = 1 + Int(tag >> 2)
                        offset = Int(try reader.readLittleEndian(UInt16.self))
                    default:
                        copyLength = 1 + Int(tag >> 2)
                        offset = Int(try reader.readLittleEndian(UInt32.self))
                    }
                    guard offset > 0, offset <= written else {
                        throw ParquetError.malformed("snappy copy offset \(offset) outside output", at: tagOffset)
                    }
                    guard copyLength <= length - written else {
                        throw ParquetError.malformed("snappy copy overruns declared length", at: tagOffset)
                    }
                    let base = out.baseAddress!
                    if offset >= copyLength {
                        (base + written).update(from: base + written - offset, count: copyLength)
                    } else {
                        // An overlapping copy repeats the last `offset` bytes: byte by byte, in order.
                        for index in written..<written + copyLength { base[index] = base[index - offset] }
                    }
                    written += copyLength
                }
            }
        }
        guard written == length else {
            throw ParquetError.truncated("snappy block produced \(written) of \(length) bytes", at: reader.absoluteOffset)
        }
        return output
    }
}
