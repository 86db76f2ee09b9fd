/// Decodes Parquet's RLE / bit-packed hybrid encoding, never producing more values than requested.
///
/// Huge RLE run lengths in corrupt input cost nothing: only the requested number of values is materialised.
struct RLEBitPackedHybridDecoder {
    private var reader: ByteReader
    private let bitWidth: Int

    init(_ reader: ByteReader, bitWidth: Int) throws {
        guard (0...32).contains(bitWidth) else {
            throw ParquetError.malformed("hybrid bit width \(bitWidth) outside 0...32", at: reader.absoluteOffset)
        }
        self.reader = reader
        self.bitWidth = bitWidth
    }

    /// Decodes exactly `count` values or throws if the input ends first.
    mutating func decode(count: Int) throws -> [UInt32] {
        var output: [UInt32] = []
        output.reserveCapacity(min(count, 1 << 16))
        while output.count < count {
            let headerOffset = reader.absoluteOffset
            guard !reader.isAtEnd else {
                throw ParquetError.truncated("hybrid data ends after \(output.count) of \(count) values", at: headerOffset)
            }
            let header = try reader.readUnsignedVarint()
            if header & 1 == 0 {
                let runLength = header >> 1
                guard runLength > 0 else { throw ParquetError.malformed("empty RLE run", at: headerOffset) }
                var value: UInt32 = 0
                for byte in 0..<(bitWidth + 7) / 8 { value |= UInt32(try reader.readByte()) << (8 * byte) }
                if bitWidth < 32 && value >> bitWidth != 0 {
                    throw ParquetError.malformed("RLE value \(value) wider than \(bitWidth) bits", at: headerOffset)
                }
                let take = Int(min(runLength, UInt64(count - output.count)))
                output.append(contentsOf: repeatElement(value, count: take))
            } else {
                let groups = header >> 1
                guard groups > 0 else { throw ParquetError.malformed("empty bit-packed run", at: headerOffset) }
                let declaredBytes = groups.multipliedReportingOverflow(by: UInt64(bitWidth))
                // Writers may truncate the final run; decode what is present.
                let available = declaredBytes.overflow ? reader.remaining : Int(min(declaredBytes.partialValue, UInt64(reader.remaining)))
                let range = try reader.skipRange(available, "bit-packed run")
                let needed = count - output.count
                let present = bitWidth == 0 ? (groups >= UInt64(needed) ? needed : min(needed, Int(groups) * 8)) : available * 8 / bitWidth
                let take = min(present, count - output.count)
                guard take > 0 else { throw ParquetError.truncated("bit-packed run has no data", at: headerOffset) }
                BitPacking.unpack(reader.bytes, start: range.lowerBound, count: take, bitWidth: bitWidth, into: &output)
            }
        }
        return output
    }
}
