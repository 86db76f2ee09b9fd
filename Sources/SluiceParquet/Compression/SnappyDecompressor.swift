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
        var output: [UInt8] = []
        output.reserveCapacity(length)
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
                guard literalLength <= length - output.count else {
                    throw ParquetError.malformed("snappy literal overruns declared length", at: tagOffset)
                }
                let range = try reader.skipRange(literalLength, "snappy literal")
                output.append(contentsOf: input[range])
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
                guard offset > 0, offset <= output.count else {
                    throw ParquetError.malformed("snappy copy offset \(offset) outside output", at: tagOffset)
                }
                guard copyLength <= length - output.count else {
                    throw ParquetError.malformed("snappy copy overruns declared length", at: tagOffset)
                }
                let start = output.count - offset
                for index in 0..<copyLength { output.append(output[start + index]) }
            }
        }
        guard output.count == length else {
            throw ParquetError.truncated("snappy block produced \(output.count) of \(length) bytes", at: reader.absoluteOffset)
        }
        return output
    }
}
