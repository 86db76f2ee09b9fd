/// Little-endian, least-significant-bit-first bit packing as used by Parquet's hybrid and delta encodings.
///
/// Bits move through a 64-bit accumulator a value (packing) or a byte (unpacking) at a time rather
/// than bit by bit.
enum BitPacking {
    /// Packs `count` values (missing values are zero) into `count * bitWidth / 8` bytes.
    static func pack(_ values: [UInt32], count: Int, bitWidth: Int) -> [UInt8] {
        var output: [UInt8] = []
        values.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[...]), count: count, bitWidth: bitWidth, to: &output) }
        return output
    }

    /// Appends `count` values of `values` (missing values are zero) packed into `(count * bitWidth + 7) / 8` bytes;
    /// bits of a value above `bitWidth` are dropped.
    static func append(_ values: UnsafeBufferPointer<UInt32>, count: Int, bitWidth: Int, to output: inout [UInt8]) {
        let byteCount = (count * bitWidth + 7) / 8
        guard bitWidth > 0 else {
            output.append(contentsOf: repeatElement(0, count: byteCount))
            return
        }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        let start = output.count
        output.reserveCapacity(start + byteCount)
        var accumulator: UInt64 = 0
        var bits = 0
        for index in 0..<count {
            let value = index < values.count ? UInt64(values[index]) & mask : 0
            accumulator |= value << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { output.append(UInt8(truncatingIfNeeded: accumulator)) }
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

    /// Appends the first `count` values packed at `bytes[start...]` with `bitWidth` ≤ 32 bits each;
    /// the caller guarantees the `(count * bitWidth + 7) / 8` bytes exist.
    static func unpack(_ bytes: [UInt8], start: Int, count: Int, bitWidth: Int, into output: inout [UInt32]) {
        guard bitWidth > 0 else {
            output.append(contentsOf: repeatElement(0, count: count))
            return
        }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        bytes.withUnsafeBufferPointer { buffer in
            var position = start
            var accumulator: UInt64 = 0
            var bits = 0
            for _ in 0..<count {
                while bits < bitWidth {
                    accumulator |= UInt64(buffer[position]) << UInt64(bits)
                    position += 1
                    bits += 8
                }
                output.append(UInt32(truncatingIfNeeded: accumulator & mask))
                accumulator >>= UInt64(bitWidth)
                bits -= bitWidth
            }
        }
    }
}
