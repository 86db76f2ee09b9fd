/// Little-endian, least-significant-bit-first bit packing as used by Parquet's hybrid and delta encodings.
enum BitPacking {
    /// Packs `count` values (missing values are zero) into `count * bitWidth / 8` bytes.
    static func pack(_ values: [UInt32], count: Int, bitWidth: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: (count * bitWidth + 7) / 8)
        guard bitWidth > 0 else { return output }
        var bit = 0
        for index in 0..<count {
            let value = index < values.count ? UInt64(values[index]) : 0
            for offset in 0..<bitWidth where value >> offset & 1 == 1 {
                output[(bit + offset) >> 3] |= 1 << UInt8((bit + offset) & 7)
            }
            bit += bitWidth
        }
        return output
    }

    /// Reads the value with the given index from packed bytes starting at `start`; the caller guarantees the bytes exist.
    static func unpack(_ bytes: [UInt8], start: Int, index: Int, bitWidth: Int) -> UInt64 {
        var value: UInt64 = 0
        let firstBit = index * bitWidth
        for offset in 0..<bitWidth {
            let bit = firstBit + offset
            if bytes[start + bit >> 3] >> UInt8(bit & 7) & 1 == 1 { value |= 1 << UInt64(offset) }
        }
        return value
    }
}
