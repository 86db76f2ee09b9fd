/// Decodes DELTA_BINARY_PACKED integers: a header, then blocks of a minimum delta and bit-packed miniblocks.
enum DeltaBinaryPackedDecoder {
    /// Decodes exactly `count` values; the header's total must match so corrupt counts cannot force large allocations.
    static func decode(count: Int, from reader: inout ByteReader) throws -> [Int64] {
        let start = reader.absoluteOffset
        let blockSize = try reader.readUnsignedVarint()
        let miniblockCount = try reader.readUnsignedVarint()
        let total = try reader.readUnsignedVarint()
        let first = try reader.readZigZagVarint()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblockCount > 0, blockSize % miniblockCount == 0,
              (blockSize / miniblockCount) % 32 == 0 else {
            throw ParquetError.malformed("invalid DELTA_BINARY_PACKED block layout \(blockSize)/\(miniblockCount)", at: start)
        }
        guard total == UInt64(count) else {
            throw ParquetError.malformed("DELTA_BINARY_PACKED holds \(total) values, page expects \(count)", at: start)
        }
        var values: [Int64] = []
        guard count > 0 else { return values }
        values.reserveCapacity(min(count, 1 << 16))
        values.append(first)
        let valuesPerMiniblock = Int(blockSize / miniblockCount)
        var last = first
        while values.count < count {
            let blockOffset = reader.absoluteOffset
            let minDelta = try reader.readZigZagVarint()
            let widths = try reader.readBytes(Int(miniblockCount), "miniblock bit widths")
            for width in widths {
                guard values.count < count else { break }
                guard width <= 64 else { throw ParquetError.malformed("miniblock bit width \(width) above 64", at: blockOffset) }
                let range = try reader.skipRange(valuesPerMiniblock * Int(width) / 8, "miniblock")
                for index in 0..<valuesPerMiniblock where values.count < count {
                    let packed = BitPacking.unpack(reader.bytes, start: range.lowerBound, index: index, bitWidth: Int(width))
                    last = last &+ minDelta &+ Int64(bitPattern: packed)
                    values.append(last)
                }
            }
        }
        return values
    }
}
